// Module resolution hook: maps the k6 built-in modules the scripts import to the Node stand-ins in this folder.
const STAND_INS = {
  k6: './k6.mjs',
  'k6/metrics': './metrics.mjs',
  'k6/websockets': './websockets.mjs',
  'k6/timers': './timers.mjs',
  'k6/execution': './execution.mjs',
};

export async function resolve(specifier, context, nextResolve) {
  const standIn = STAND_INS[specifier];
  if (standIn) {
    return { url: new URL(standIn, import.meta.url).href, shortCircuit: true };
  }
  if (specifier.startsWith('k6')) {
    throw new Error(`no Node stand-in for the k6 module ${specifier}: add one in test/k6-shim/`);
  }
  return nextResolve(specifier, context);
}
