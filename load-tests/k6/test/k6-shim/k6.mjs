// Stand-in for 'k6': check() records into the `checks` rate like k6 does.
import { addSample, recorded } from './state.mjs';

export function check(value, checks) {
  let all = true;
  for (const [name, predicate] of Object.entries(checks)) {
    let passed;
    try {
      passed = Boolean(predicate(value));
    } catch (e) {
      passed = false;
    }
    addSample('checks', 'rate', passed ? 1 : 0, { check: name });
    if (!passed) {
      recorded.failedChecks.push(name);
      all = false;
    }
  }
  return all;
}

export function sleep() {
  throw new Error('sleep() blocks a k6 VU; the scenarios use timers instead');
}

export function fail(message) {
  throw new Error(message);
}
