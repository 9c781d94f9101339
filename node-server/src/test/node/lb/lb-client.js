#!/usr/bin/env node
// Drives a Roomcast cluster through its load balancer with the real socket.io-client 4.8.4 and reports what each
// client saw as one JSON object on stdout. LocalClusterE2ETests runs it; by hand:
//
//   node lb/lb-client.js --url http://127.0.0.1:8080 --cycles 30 --per-transport 2
//
// Clients: `--per-transport` each of polling-only, websocket-only and default (polling, then upgrade), each kept by a
// cookie store (`withCredentials: true`), and as many polling-only and default clients as a user writes them first,
// with neither option (`bare-polling`, `bare-default`: no cookies, so only a load balancer that sticks on the session
// id keeps them on their node). All join one room and chat; then they stay connected for `--cycles` heartbeats (Engine.IO pings, one per pingInterval) and chat
// again. The report says, per client, which node served it (HAProxy's SERVERID cookie, kept by engine.io-client's
// Node cookie jar, which is what makes cookie stickiness work outside a browser), the transport in use, the pings
// received, every connect_error and disconnect, and how often each chat message arrived.
"use strict";

const { io } = require("socket.io-client");

function parseArgs(argv) {
  const args = { url: null, cycles: 30, perTransport: 2, timeoutMs: 60000 };
  for (let i = 2; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === "--url") args.url = value;
    else if (name === "--cycles") args.cycles = Number(value);
    else if (name === "--per-transport") args.perTransport = Number(value);
    else if (name === "--timeout-ms") args.timeoutMs = Number(value);
    else throw new Error(`unknown argument ${name}`);
  }
  if (!args.url) throw new Error("--url is required");
  return args;
}

const KINDS = {
  polling: { transports: ["polling"], withCredentials: true },
  websocket: { transports: ["websocket"], withCredentials: true },
  default: { transports: ["polling", "websocket"], withCredentials: true },
  "bare-polling": { transports: ["polling"] },
  "bare-default": {},
};
const ROOM = "lb-room";

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await delay(50);
  }
  return predicate();
}

function createClient(url, kind, n) {
  const name = `${kind}-${n}`;
  const socket = io(url, {
    ...KINDS[kind], // withCredentials: Node's cookie jar sends the SERVERID cookie back, as a browser does
    reconnection: false, // a session lost is a failure to report, not to hide
    forceNew: true,
    timeout: 5000,
    auth: { user: name },
  });
  const client = {
    name, kind, socket,
    connected: false, welcome: null, node: null,
    pings: 0, errors: [], disconnects: [], received: {},
  };
  socket.on("connect", () => {
    client.connected = true;
    const jar = socket.io.engine._cookieJar;
    const cookie = jar ? [...jar.cookies].find(([cookieName]) => cookieName === "SERVERID") : undefined;
    client.node = cookie ? cookie[1].value : null;
    socket.io.engine.on("ping", () => client.pings++);
  });
  socket.on("welcome", (welcome) => (client.welcome = welcome));
  socket.on("connect_error", (err) =>
    client.errors.push(`${err.message}${err.description ? ` (${describe(err.description)})` : ""}`));
  socket.on("disconnect", (reason, details) =>
    client.disconnects.push(`${reason}${details && details.description ? ` (${describe(details.description)})` : ""}`));
  socket.on("message", (message) => {
    client.received[message.text] = (client.received[message.text] || 0) + 1;
  });
  return client;
}

function describe(description) {
  if (description == null) return "";
  if (typeof description === "object") return description.message || JSON.stringify(description);
  return String(description);
}

async function chatRound(clients, round) {
  const senders = clients.filter((c) => c.socket.connected);
  const texts = [];
  await Promise.all(senders.map(async (c) => {
    const text = `${round}:${c.name}`;
    texts.push(text);
    try {
      await c.socket.timeout(5000).emitWithAck("message", { room: ROOM, text });
    } catch (e) {
      c.errors.push(`message ack: ${e.message}`);
    }
  }));
  const complete = () => senders.every((c) => texts.every((t) => c.received[t] >= 1));
  await waitUntil(complete, 5000);
  await delay(300); // a duplicate would arrive in this window
  return { round, senders: senders.map((c) => c.name), texts };
}

async function main() {
  const args = parseArgs(process.argv);
  const clients = [];
  for (const kind of Object.keys(KINDS)) {
    for (let n = 1; n <= args.perTransport; n++) clients.push(createClient(args.url, kind, n));
  }
  const settled = (c) => c.connected || c.errors.length > 0;
  await waitUntil(() => clients.every(settled), 10000);

  const joined = clients.filter((c) => c.socket.connected);
  await Promise.all(joined.map(async (c) => {
    try {
      await c.socket.timeout(5000).emitWithAck("join", ROOM);
    } catch (e) {
      c.errors.push(`join ack: ${e.message}`);
    }
  }));
  const rounds = [await chatRound(clients, "first")];

  // Heartbeat cycles: every client connected at the start should see `cycles` pings without losing its session.
  const pinged = () => joined.every((c) => !c.socket.connected || c.pings >= args.cycles);
  await waitUntil(pinged, args.timeoutMs);
  rounds.push(await chatRound(clients, "second"));

  const report = {
    url: args.url,
    cycles: args.cycles,
    rounds,
    clients: clients.map((c) => ({
      name: c.name,
      kind: c.kind,
      connectedOnce: c.connected,
      connectedAtEnd: c.socket.connected,
      node: c.node,
      transport: c.socket.io.engine ? c.socket.io.engine.transport && c.socket.io.engine.transport.name : null,
      welcomeFrom: c.welcome && c.welcome.from,
      pings: c.pings,
      errors: c.errors,
      disconnects: c.disconnects,
      received: c.received,
    })),
  };
  const json = JSON.stringify(report); // before close(): its "io client disconnect" is not part of the run
  clients.forEach((c) => c.socket.close());
  process.stdout.write(json + "\n");
  setTimeout(() => process.exit(0), 200).unref();
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
