'use strict';
// The cluster under test, from the environment. Missing variables or unreachable servers FAIL the suite with what to
// do: an interop suite that silently skips proves nothing.
const http = require('node:http');
const { createClient } = require('redis');

const HINT = 'see cluster/src/test/interop/README.md (start redis-server, 2 Java peers and 2 node-peer.js, then set the variables)';
/** Positional roles: the first two servers are Roomcast (Java) nodes, the last two Node.js socket.io peers. */
const ROLES = ['java0', 'java1', 'node0', 'node1'];

let cached;

/** The cluster adapter every server runs: env ADAPTER, "classic" (default), "sharded" or "streams". */
function adapterKind() {
  const value = process.env.ADAPTER || 'classic';
  if (!['classic', 'sharded', 'streams'].includes(value)) throw new Error(`env ADAPTER must be classic, sharded or streams, got ${value}; ${HINT}`);
  return value;
}

/** {servers: [{name, url, index}], redisUrl, adapterKey, adapter}, checked once per process. */
function interopEnv() {
  if (!cached) cached = load();
  return cached;
}

async function load() {
  const list = required('INTEROP_SERVERS', 'comma-separated server URLs: 2 Java nodes then 2 Node.js peers');
  const urls = list.split(',').map((u) => u.trim()).filter((u) => u !== '');
  if (urls.length !== ROLES.length) {
    throw new Error(`INTEROP_SERVERS must list exactly ${ROLES.length} URLs (java, java, node, node), got ${urls.length}: ${list}`);
  }
  for (const url of urls) {
    if (!/^http:\/\/[^/]+$/.test(url)) throw new Error(`INTEROP_SERVERS entry ${url} must look like http://127.0.0.1:<port> (no path)`);
  }
  const redisUrl = required('REDIS_URL', 'the Redis the cluster uses, e.g. redis://127.0.0.1:6391');
  const adapterKey = required('ADAPTER_KEY', 'the adapter key (channel prefix) every server uses, e.g. socket.io');
  const adapter = adapterKind();
  await Promise.all(urls.map((url, i) => probe(url, ROLES[i])));
  await probeRedis(redisUrl);
  return { servers: urls.map((url, index) => ({ name: ROLES[index], url, index })), redisUrl, adapterKey, adapter };
}

function required(name, what) {
  const value = process.env[name];
  if (!value) throw new Error(`env ${name} is not set: ${what}; ${HINT}`);
  return value;
}

function probe(url, role) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/socket.io/?EIO=4&transport=polling`, { timeout: 3000, agent: false }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(
        `server ${role} at ${url} answered an Engine.IO handshake with HTTP ${res.statusCode}, expected 200`))));
    });
    req.on('timeout', () => req.destroy(new Error('timeout after 3 s')));
    req.on('error', (err) => reject(new Error(`server ${role} at ${url} is unreachable (${err.message}); ${HINT}`)));
  });
}

async function probeRedis(url) {
  const client = createClient({ url, socket: { connectTimeout: 3000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new Error(`REDIS_URL=${url} is unreachable (${err.message}); ${HINT}`);
  } finally {
    if (client.isOpen) await client.quit();
  }
}

module.exports = { interopEnv, adapterKind, ROLES };
