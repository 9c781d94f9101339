// Runs k6 scenario scripts in Node: registers the stand-ins, loads a script with an __ENV, runs one VU iteration
// until its sockets are closed, and evaluates the script's thresholds against what was recorded.
import { register } from 'node:module';
import { recorded } from './state.mjs';

register(new URL('./hooks.mjs', import.meta.url));

export { recorded };

/** Imports a scenario script (path relative to load-tests/k6/) after setting k6's __ENV. */
export async function loadScript(name, env) {
  globalThis.__ENV = env;
  return import(new URL(`../../${name}`, import.meta.url).href);
}

/** Runs fn as the iteration of VU `vu` and resolves when every socket it opened is closed. */
export async function runIteration(fn, { vu = 1, iterationInTest = 0, timeoutMs = 20000 } = {}) {
  globalThis.__VU = vu;
  globalThis.__ITERATION_IN_TEST = iterationInTest;
  fn();
  await waitForClosedSockets(timeoutMs);
}

export async function waitForClosedSockets(timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (recorded.openSockets.size > 0) {
    if (Date.now() > deadline) {
      throw new Error(`${recorded.openSockets.size} socket(s) still open after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function resetRecorded() {
  recorded.samples.clear();
  recorded.failedChecks.length = 0;
}

export function values(name) {
  return (recorded.samples.get(name)?.values ?? []).map((sample) => sample.value);
}

/** Evaluates k6 threshold expressions of the forms p(N)<X, avg<X, rate<X, rate>X, count>X. Returns the failures. */
export function failedThresholds(thresholds) {
  const failures = [];
  for (const [metric, expressions] of Object.entries(thresholds)) {
    const recordedValues = values(metric);
    for (const expression of expressions) {
      const match = /^(p\((\d+(?:\.\d+)?)\)|avg|rate|count)\s*(<|>)\s*(\d+(?:\.\d+)?)$/.exec(expression);
      if (!match) {
        failures.push(`${metric}: cannot evaluate ${expression}`);
        continue;
      }
      if (recordedValues.length === 0 && match[1] !== 'count') {
        failures.push(`${metric}: no samples for ${expression}`);
        continue;
      }
      const actual = aggregate(match[1], match[2], recordedValues);
      const limit = Number(match[4]);
      const passed = match[3] === '<' ? actual < limit : actual > limit;
      if (!passed) {
        failures.push(`${metric}: ${expression} failed (actual ${actual})`);
      }
    }
  }
  return failures;
}

function aggregate(kind, percentile, sampleValues) {
  if (kind === 'count') {
    return sampleValues.reduce((sum, v) => sum + v, 0);
  }
  if (kind === 'rate' || kind === 'avg') {
    return sampleValues.reduce((sum, v) => sum + v, 0) / sampleValues.length;
  }
  const sorted = [...sampleValues].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((Number(percentile) / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}
