// Stand-in for 'k6/execution': the test sets globalThis.__ITERATION_IN_TEST before starting an iteration.
export default {
  get scenario() {
    return { iterationInTest: globalThis.__ITERATION_IN_TEST ?? 0 };
  },
  get vu() {
    return { idInTest: globalThis.__VU ?? 1 };
  },
};
