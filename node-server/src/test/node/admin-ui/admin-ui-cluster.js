// The Socket.IO Admin UI, served by a Roomcast node, against a two-server cluster: that Java node (started by
// AdminUiBrowserTests with ADMIN_UI=true) and a Node.js socket.io 4.8 server started here, instrumented by the real
// instrument() of @socket.io/admin-ui 0.5.1 (RedisStore sessions) and joined through the real @socket.io/redis-adapter.
// One client socket connects to each server. Headless Chromium (the machine's, through playwright-core: nothing
// downloads a browser) opens the page from the Java node's management port, logs in, waits for both servers on the
// Servers page and both sockets on the Sockets page, then clicks "disconnect" on each socket and waits for each
// client to be disconnected by its server. Last, the session id the UI got from the Java node opens the Node.js
// server's admin namespace without a password, and one the Node.js server handed out opens the Java node's (sessions
// shared through Redis in Node's key format).
//
// Env: REDIS_URL, JAVA_URL (client port), ADMIN_PAGE (the UI's URL), JAVA_SERVER_ID, ADMIN_USERNAME, ADMIN_PASSWORD,
// ADMIN_PASSWORD_HASH, CHROMIUM, SCREENSHOT_DIR. Prints one JSON line with what it saw, exits non-zero on failure.
'use strict';

const http = require('node:http');
const path = require('node:path');
const { Server } = require('socket.io');
const { io: connect } = require('socket.io-client');
const { createAdapter } = require('@socket.io/redis-adapter');
const { instrument, RedisStore } = require('@socket.io/admin-ui');
const { createClient } = require('redis');
const Redis = require('ioredis');
const { chromium } = require('playwright-core');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const NODE_SERVER_ID = 'node-js';
const TIMEOUT_MS = 20000;

async function startNodeServer() {
  const pub = createClient({ url: env('REDIS_URL') });
  const sub = pub.duplicate();
  // RedisStore of admin-ui 0.5.1 calls the callback API (exists(key, cb), multi().set(key, true)...): ioredis takes
  // it as it is; node-redis 4 in legacy mode refuses the boolean and the session is never saved
  const store = new Redis(env('REDIS_URL'));
  await Promise.all([pub.connect(), sub.connect()]);
  const httpServer = http.createServer();
  const io = new Server(httpServer, { adapter: createAdapter(pub, sub) });
  instrument(io, {
    auth: { type: 'basic', username: env('ADMIN_USERNAME'), password: env('ADMIN_PASSWORD_HASH') },
    serverId: NODE_SERVER_ID,
    mode: 'development',
    store: new RedisStore(store),
  });
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${httpServer.address().port}`;
  return { io, url, store, close: async () => { io.close(); await Promise.allSettled([pub.quit(), sub.quit(), store.quit()]); } };
}

function client(url, opts = {}) {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...opts });
  const disconnected = new Promise((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
  const connected = new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (err) => reject(new Error(`${url}: ${err.message}`)));
  });
  return { socket, connected, disconnected };
}

function within(promise, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), TIMEOUT_MS);
  })]).finally(() => clearTimeout(timer));
}

async function until(condition) {
  while (!(await condition())) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function main() {
  const node = await startNodeServer();
  const onJava = client(env('JAVA_URL'), { auth: { user: 'ada' } });
  const onNode = client(node.url);
  await within(Promise.all([onJava.connected, onNode.connected]), 'client sockets connect');
  const sockets = { java: onJava.socket.id, node: onNode.socket.id };

  const browser = await chromium.launch({
    executablePath: env('CHROMIUM'),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-quic', '--disable-sync'],
  });
  const consoleErrors = [];
  const result = { sockets, servers: [], disconnectReasons: {} };
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The page links web fonts on CDNs: offline they are simply missing, so do not wait for them.
    await context.route(/^https:\/\/(fonts\.googleapis\.com|cdn\.jsdelivr\.net)\//, (route) => route.abort());
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
    await page.goto(env('ADMIN_PAGE'));
    await page.getByLabel('Server URL').fill(env('JAVA_URL'));
    await page.getByLabel('Username').fill(env('ADMIN_USERNAME'));
    await page.getByLabel('Password').fill(env('ADMIN_PASSWORD'));
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByLabel('Server URL').waitFor({ state: 'hidden' });

    await page.goto(`${env('ADMIN_PAGE')}#/servers`);
    for (const serverId of [env('JAVA_SERVER_ID'), NODE_SERVER_ID]) {
      await page.locator('tr', { hasText: serverId }).first().waitFor();
      result.servers.push(serverId);
    }
    await page.screenshot({ path: path.join(env('SCREENSHOT_DIR'), 'admin-ui-servers.png'), fullPage: true });

    await page.goto(`${env('ADMIN_PAGE')}#/sockets`);
    for (const id of Object.values(sockets)) {
      await page.locator('tr', { hasText: id }).waitFor();
    }
    await page.screenshot({ path: path.join(env('SCREENSHOT_DIR'), 'admin-ui-sockets.png'), fullPage: true });

    // the other way round, without a browser: the Node.js server's instrument() lists the Java node and its socket
    const nodeAdmin = client(`${node.url}/admin`, { auth: { username: env('ADMIN_USERNAME'), password: env('ADMIN_PASSWORD') } });
    const allSockets = new Promise((resolve) => nodeAdmin.socket.once('all_sockets', resolve));
    const javaStats = new Promise((resolve) => nodeAdmin.socket.on('server_stats', (stats) => {
      if (stats.serverId === env('JAVA_SERVER_ID')) resolve(stats);
    }));
    const javaSocket = (await within(allSockets, 'all_sockets from the Node.js server')).find((s) => s.id === sockets.java);
    result.javaSocketSeenByNode = javaSocket ? { clientId: javaSocket.clientId, transport: javaSocket.transport, nsp: javaSocket.nsp } : null;
    result.javaStatsSeenByNode = Object.keys(await within(javaStats, 'server_stats of the Java node on the Node.js server')).sort();
    nodeAdmin.socket.close();

    for (const [kind, pending] of [['node', onNode], ['java', onJava]]) {
      await page.goto(`${env('ADMIN_PAGE')}#/sockets`);
      // the button's click also reaches the row, which opens the socket's details: fine, the command is out
      await page.locator('tbody tr', { hasText: sockets[kind] }).locator('button').click();
      result.disconnectReasons[kind] = await within(pending.disconnected, `${kind} socket disconnected by the UI`);
      await page.goto(`${env('ADMIN_PAGE')}#/sockets`);
      await page.waitForFunction((id) => !document.body.innerText.includes(id), sockets[kind]);
    }

    // the session the Java node handed out opens the Node.js server's admin namespace without a password
    const sessionId = await page.evaluate(() => localStorage.getItem('session_id'));
    result.sessionId = sessionId;
    const reconnect = client(`${node.url}/admin`, { auth: { sessionId } });
    await within(reconnect.connected, 'Node.js admin namespace accepts the Java session');
    result.sessionAcceptedByNode = true;
    reconnect.socket.close();
    // and the other way round: a login on the Node.js server gives a session the Java node accepts
    const nodeLogin = client(`${node.url}/admin`, { auth: { username: env('ADMIN_USERNAME'), password: env('ADMIN_PASSWORD') } });
    const nodeSession = await within(new Promise((resolve) => nodeLogin.socket.once('session', resolve)), 'Node.js session');
    nodeLogin.socket.close();
    // Node's instrument() hands the session out before its MULTI is through: wait for the key, as a user would
    await within(until(async () => (await node.store.exists(`socket.io-admin#${nodeSession}`)) === 1), 'Node.js session saved');
    const onJavaAdmin = client(`${env('JAVA_URL')}/admin`, { auth: { sessionId: nodeSession } });
    await within(onJavaAdmin.connected, 'the Java admin namespace accepts the Node.js session');
    result.sessionAcceptedByJava = true;
    onJavaAdmin.socket.close();
    const refused = client(`${node.url}/admin`, { auth: { sessionId: 'not-a-session' } });
    result.unknownSessionRefused = await within(refused.connected.then(() => false, () => true), 'unknown session');
    refused.socket.close();
    result.consoleErrors = consoleErrors;
    await context.close();
  } finally {
    await browser.close();
    onJava.socket.close();
    onNode.socket.close();
    await node.close();
  }
  console.log(JSON.stringify(result));
}

main().then(() => process.exit(0), (err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
