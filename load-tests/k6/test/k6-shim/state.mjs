// What the stand-ins record, shared by the k6 modules and the test that runs a script (one test file per process).
export const recorded = globalThis.__k6Recorded ?? (globalThis.__k6Recorded = {
  samples: new Map(), // metric name → {type, values: [{value, tags}]}
  failedChecks: [],
  openSockets: new Set(),
});

export function addSample(name, type, value, tags = {}) {
  if (!recorded.samples.has(name)) {
    recorded.samples.set(name, { type, values: [] });
  }
  recorded.samples.get(name).values.push({ value: Number(value), tags });
}
