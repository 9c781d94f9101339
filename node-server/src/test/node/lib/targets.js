'use strict';
// Which two servers a scenario runs against. Missing or unreachable servers FAIL the test: a conformance
// suite that silently skips proves nothing.
const http = require('node:http');

const VARIANTS = {
  default: ['REFERENCE_URL', 'ROOMCAST_URL'],
  jwt: ['REFERENCE_JWT_URL', 'ROOMCAST_JWT_URL'], // started with the secret of lib/tokens.js
  shortPing: ['REFERENCE_SHORT_PING_URL', 'ROOMCAST_SHORT_PING_URL'],
  recovery: ['REFERENCE_RECOVERY_URL', 'ROOMCAST_RECOVERY_URL'], // connection state recovery on, 60 s
};

const HINT = 'see node-server/src/test/node/README.md (start `node reference-server.js --port <p>` and the Java node)';

/** Returns [{name:'reference', url}, {name:'roomcast', url}] for a variant, after checking both answer. */
async function targets(variant = 'default') {
  const [referenceVar, roomcastVar] = VARIANTS[variant];
  const result = [];
  for (const [name, envVar] of [['reference', referenceVar], ['roomcast', roomcastVar]]) {
    const url = process.env[envVar];
    if (!url) throw new Error(`env ${envVar} is not set: the ${name} server URL (http://127.0.0.1:<port>) is required; ${HINT}`);
    if (!/^http:\/\/[^/]+$/.test(url)) throw new Error(`env ${envVar}=${url} must look like http://127.0.0.1:<port> (no path)`);
    await probe(url, envVar);
    result.push({ name, url });
  }
  return result;
}

function probe(url, envVar) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/socket.io/?EIO=4&transport=polling`, { timeout: 3000, agent: false }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(
        `${envVar}=${url} answered a handshake with HTTP ${res.statusCode}, expected 200`))));
    });
    req.on('timeout', () => req.destroy(new Error('timeout after 3 s')));
    req.on('error', (err) => reject(new Error(`${envVar}=${url} is unreachable (${err.message}); ${HINT}`)));
  });
}

/** The node name both servers are started with (`--node-id` / `NODE_ID`): welcome and presence carry it. */
const NODE_ID = process.env.CONFORMANCE_NODE_ID || 'conformance';

module.exports = { targets, NODE_ID };
