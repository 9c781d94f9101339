#!/usr/bin/env node
// Chat load for the rolling-restart proof (RollingRestartE2ETests): real socket.io-client 4.8.4 clients through the
// load balancer, counting every delivery so that a deploy that loses, repeats or reorders a message shows it.
//
//   node lb/recovery-load.js --url http://127.0.0.1:8080 --receivers 145 --publishers 5 --rooms 10 --rate 200 \
//        --report /tmp/report.json
//
// Clients: `--receivers` receivers, receiver i in room `room-(i % rooms)`, and `--publishers` publishers, publisher p
// in (and publishing to) every room r with r % publishers == p, in turn. Every client uses the default transports
// (polling, then upgrade to websocket), `withCredentials` (engine.io-client's cookie jar keeps HAProxy's SERVERID
// cookie, as a browser does) and socket.io-client's default reconnection. Like a real chat app, a client that gets a
// fresh session on reconnect (`socket.recovered` false) joins its room(s) again; a recovered one keeps its rooms.
//
// Messages: publisher p sends `--rate / --publishers` chat messages a second, each text carrying {p, s, a}: the
// publisher, its sequence number s (one counter per publisher, over all its rooms) and the attempt a. A message whose
// ack does not come (ack timeout, or the socket closed before the ack: socket.io-client fails such acks with "socket
// has been disconnected") or comes back as an error (e.g. "not joined" after a fresh reconnect, before the re-join)
// is sent again with the same s and the next a, once the publisher is connected and in its rooms again. A message
// counts as published once a `message` ack without error came back for one of its attempts.
//
// Output: one JSON line per event on stdout: `ready` (every client connected and in its room(s); publishing starts),
// `status` every 250 ms, `report` at the end (the figures are written to --report). Stop: a line `stop` on stdin (or
// stdin closed, or --max-ms passed): publishing stops, the run settles (every message acked, every client connected,
// every receiver has all it expects or nothing new arrived for --quiet-ms, at most --settle-ms), then reports.
//
// Counting, per receiver R in room r (the report's `figures`):
//   expected      every published (acked) message of room r: all clients are in their rooms before publishing
//                 starts, so R was a member for all of them (a gap while R reconnects is R's loss, not an excuse)
//   received      distinct expected (p, s) that reached R, by any attempt
//   lost          expected - received
//   duplicates    copies of one and the same attempt (p, s, a) beyond the first: the server delivered one publish
//                 twice (e.g. a recovery replaying what was already delivered); never acceptable
//   resendDuplicates  (p, s) that reached R through more than one attempt, counted per extra attempt: the price of the
//                 publisher's at-least-once resend when a lost ack hid a delivery; an app that dedupes on (p, s)
//                 never shows them
//   outOfOrder    first-attempt deliveries of publisher p whose s is below the highest first-attempt s already
//                 received from p (late resends are not counted here: they are late by construction)
// Reconnects (every client, publishers included): a `connect` after a `disconnect`; `recovered` if socket.recovered,
// else `fresh`; the time to recover is disconnect -> connect.
"use strict";

const fs = require("fs");
const readline = require("readline");
const { io } = require("socket.io-client");

function parseArgs(argv) {
  const args = {
    url: null, receivers: 145, publishers: 5, rooms: 10, rate: 200, ackTimeoutMs: 5000, maxMs: 150000,
    settleMs: 20000, quietMs: 1500, report: null, connectTimeoutMs: 30000,
  };
  const names = {
    "--url": "url", "--receivers": "receivers", "--publishers": "publishers", "--rooms": "rooms", "--rate": "rate",
    "--ack-timeout-ms": "ackTimeoutMs", "--max-ms": "maxMs", "--settle-ms": "settleMs", "--quiet-ms": "quietMs",
    "--report": "report", "--connect-timeout-ms": "connectTimeoutMs",
  };
  for (let i = 2; i < argv.length; i += 2) {
    const key = names[argv[i]];
    if (!key) throw new Error(`unknown argument ${argv[i]}`);
    args[key] = key === "url" || key === "report" ? argv[i + 1] : Number(argv[i + 1]);
  }
  if (!args.url || !args.report) throw new Error("--url and --report are required");
  if (args.rooms % args.publishers !== 0) throw new Error("--rooms must be a multiple of --publishers");
  return args;
}

const args = parseArgs(process.argv);
const started = Date.now();
const now = () => Date.now() - started;
function out(event, fields) {
  process.stdout.write(JSON.stringify({ event, t: now(), ...fields }) + "\n");
}

const roomName = (r) => `room-${r}`;
const clients = [];
const publishers = [];
const receivers = [];

function createClient(name, rooms) {
  const socket = io(args.url, {
    withCredentials: true, // HAProxy's SERVERID cookie, kept by engine.io-client's cookie jar (as a browser does)
    forceNew: true,
    auth: { user: name },
  });
  const client = {
    name, rooms, socket,
    inRooms: false, connectedOnce: false, joinedOnce: false, offeredRecovery: false,
    disconnectedAt: null, disconnects: 0, reasons: {}, reconnects: [], connectErrors: 0, joinErrors: 0,
  };
  socket.on("connect", () => {
    client.connectedOnce = true;
    // socket.io-client keeps the private id of a server with recovery on (CONNECT carries a pid).
    if (socket._pid) client.offeredRecovery = true;
    if (client.disconnectedAt !== null) {
      client.reconnects.push({ ms: Date.now() - client.disconnectedAt, recovered: socket.recovered === true });
      client.disconnectedAt = null;
    }
    if (socket.recovered) {
      client.inRooms = true; // rooms restored by the server
      onReady(client);
    } else {
      client.inRooms = false;
      join(client);
    }
  });
  socket.on("disconnect", (reason) => {
    client.inRooms = false;
    client.disconnects++;
    client.reasons[reason] = (client.reasons[reason] || 0) + 1;
    client.disconnectedAt = Date.now();
  });
  socket.on("connect_error", () => client.connectErrors++);
  clients.push(client);
  return client;
}

async function join(client) {
  const socket = client.socket;
  for (const room of client.rooms) {
    let done = false;
    while (!done && socket.connected) {
      try {
        const ack = await socket.timeout(args.ackTimeoutMs).emitWithAck("join", room);
        if (ack && ack.error) throw new Error(JSON.stringify(ack.error));
        done = true;
      } catch (e) {
        client.joinErrors++;
      }
    }
    if (!done) return; // disconnected meanwhile: the next connect joins again
  }
  if (!socket.connected) return;
  client.inRooms = true;
  client.joinedOnce = true;
  onReady(client);
}

function onReady(client) {
  if (client.publisher) flushResends(client.publisher);
}

// --- publishers ------------------------------------------------------------------------------------------------
function createPublisher(p) {
  const rooms = [];
  for (let r = p; r < args.rooms; r += args.publishers) rooms.push(roomName(r));
  const client = createClient(`pub-${p}`, rooms);
  const pub = { id: `pub-${p}`, client, seqs: [], pending: 0, resendQueue: [], attempts: 0, resends: 0, errors: {} };
  client.publisher = pub;
  publishers.push(pub);
  return pub;
}

function publishNext(pub) {
  const s = pub.seqs.length;
  const record = { room: pub.client.rooms[s % pub.client.rooms.length], attempts: 0, acked: false, firstSentAt: now() };
  pub.seqs.push(record);
  pub.pending++;
  send(pub, s);
}

function send(pub, s) {
  const record = pub.seqs[s];
  const socket = pub.client.socket;
  record.attempts++;
  pub.attempts++;
  if (record.attempts > 1) pub.resends++;
  const text = JSON.stringify({ p: pub.id, s, a: record.attempts });
  socket.timeout(args.ackTimeoutMs).emit("message", { room: record.room, text }, (err, ack) => {
    if (record.acked) return;
    if (!err && ack && !ack.error) {
      record.acked = true;
      pub.pending--;
      return;
    }
    const why = err ? err.message : `error ack ${ack && ack.error ? ack.error.code || JSON.stringify(ack.error) : "?"}`;
    pub.errors[why] = (pub.errors[why] || 0) + 1;
    pub.resendQueue.push(s);
    flushResends(pub);
  });
}

function flushResends(pub) {
  const client = pub.client;
  while (pub.resendQueue.length > 0 && client.socket.connected && client.inRooms) {
    send(pub, pub.resendQueue.shift());
  }
}

// --- receivers -------------------------------------------------------------------------------------------------
function createReceiver(i) {
  const room = roomName(i % args.rooms);
  const client = createClient(`recv-${i}`, [room]);
  const receiver = { client, room, got: new Map(), lastFirstAttempt: {}, outOfOrder: 0, duplicates: 0, lastAt: 0 };
  client.socket.on("message", (message) => {
    if (!message || typeof message.text !== "string" || !message.text.startsWith('{"p"')) return;
    let m;
    try {
      m = JSON.parse(message.text);
    } catch (e) {
      return;
    }
    receiver.lastAt = Date.now();
    const key = `${m.p}:${m.s}`;
    let entry = receiver.got.get(key);
    if (!entry) {
      entry = { attempts: new Map() };
      receiver.got.set(key, entry);
    }
    const copies = entry.attempts.get(m.a) || 0;
    if (copies > 0) receiver.duplicates++;
    entry.attempts.set(m.a, copies + 1);
    if (m.a === 1 && copies === 0) {
      const last = receiver.lastFirstAttempt[m.p];
      if (last !== undefined && m.s < last) receiver.outOfOrder++;
      else receiver.lastFirstAttempt[m.p] = m.s;
    }
  });
  receivers.push(receiver);
  return receiver;
}

// --- the run ---------------------------------------------------------------------------------------------------
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

const allConnected = () => clients.every((c) => c.socket.connected);
const allInRooms = () => clients.every((c) => c.socket.connected && c.inRooms);
const pendingPublishes = () => publishers.reduce((n, pub) => n + pub.pending, 0);
const publishedCount = () => publishers.reduce((n, pub) => n + pub.seqs.filter((r) => r.acked).length, 0);

function percentile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function expectedFor(receiver) {
  const keys = [];
  for (const pub of publishers) {
    if (!pub.client.rooms.includes(receiver.room)) continue;
    pub.seqs.forEach((record, s) => {
      if (record.acked && record.room === receiver.room) keys.push(`${pub.id}:${s}`);
    });
  }
  return keys;
}

function receiverComplete(receiver) {
  return expectedFor(receiver).every((key) => receiver.got.has(key));
}

function report(stopReason, settled) {
  const f = {
    clients: clients.length, receivers: receivers.length, publishers: publishers.length, rooms: args.rooms,
    published: publishedCount(), publishAttempts: 0, resends: 0,
    unconfirmed: 0, expected: 0, received: 0, lost: 0, duplicates: 0, resendDuplicates: 0, outOfOrder: 0,
    receiversWithLoss: 0, lostByUndisturbedReceivers: 0,
    disconnects: 0, reconnects: 0, recovered: 0, fresh: 0, connectErrors: 0, notConnectedAtEnd: 0,
    offeredRecovery: clients.filter((c) => c.offeredRecovery).length,
    recoverMs: { p50: null, p99: null, max: null }, recoveredMs: { p50: null, p99: null, max: null },
    freshMs: { p50: null, p99: null, max: null },
    disconnectReasons: {}, publishErrors: {},
  };
  for (const pub of publishers) {
    f.publishAttempts += pub.attempts;
    f.resends += pub.resends;
    f.unconfirmed += pub.pending;
    for (const [why, n] of Object.entries(pub.errors)) f.publishErrors[why] = (f.publishErrors[why] || 0) + n;
  }
  for (const receiver of receivers) {
    const expected = expectedFor(receiver);
    let received = 0;
    for (const key of expected) {
      const entry = receiver.got.get(key);
      if (!entry) continue;
      received++;
      f.resendDuplicates += entry.attempts.size - 1;
    }
    f.expected += expected.length;
    f.received += received;
    const lost = expected.length - received;
    f.lost += lost;
    if (lost > 0) f.receiversWithLoss++;
    if (lost > 0 && receiver.client.disconnects === 0) f.lostByUndisturbedReceivers += lost;
    f.duplicates += receiver.duplicates;
    f.outOfOrder += receiver.outOfOrder;
  }
  const all = [];
  const recovered = [];
  const fresh = [];
  for (const c of clients) {
    f.disconnects += c.disconnects;
    f.connectErrors += c.connectErrors;
    if (!c.socket.connected) f.notConnectedAtEnd++;
    for (const [reason, n] of Object.entries(c.reasons)) f.disconnectReasons[reason] = (f.disconnectReasons[reason] || 0) + n;
    for (const r of c.reconnects) {
      all.push(r.ms);
      (r.recovered ? recovered : fresh).push(r.ms);
    }
    // a client that never came back counts as a fresh (failed) reconnect
    if (c.disconnectedAt !== null) f.fresh++;
  }
  f.reconnects = all.length;
  f.recovered = recovered.length;
  f.fresh += fresh.length;
  const summary = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.length ? sorted[sorted.length - 1] : null };
  };
  f.recoverMs = summary(all);
  f.recoveredMs = summary(recovered);
  f.freshMs = summary(fresh);
  return {
    url: args.url, stopReason, settled, durationMs: now(), publishingMs: publishingStoppedAt - publishingStartedAt,
    rate: args.rate, figures: f,
  };
}

let publishingStartedAt = 0;
let publishingStoppedAt = 0;

async function main() {
  for (let p = 0; p < args.publishers; p++) createPublisher(p);
  for (let i = 0; i < args.receivers; i++) createReceiver(i);

  let stopReason = null;
  const stopped = new Promise((resolve) => {
    const stop = (why) => {
      if (!stopReason) {
        stopReason = why;
        resolve();
      }
    };
    const lines = readline.createInterface({ input: process.stdin });
    lines.on("line", (line) => line.trim() === "stop" && stop("stop"));
    lines.on("close", () => stop("stdin closed"));
    setTimeout(() => stop("max-ms"), args.maxMs).unref();
  });

  if (!(await waitUntil(() => allInRooms() || stopReason, args.connectTimeoutMs)) || stopReason) {
    out("failed", {
      why: stopReason ? `stopped (${stopReason}) before every client was ready` : `not every client connected and joined within ${args.connectTimeoutMs} ms`,
      connected: clients.filter((c) => c.socket.connected).length,
      inRooms: clients.filter((c) => c.inRooms).length,
      total: clients.length,
      connectErrors: clients.reduce((n, c) => n + c.connectErrors, 0),
    });
    clients.forEach((c) => c.socket.close());
    setTimeout(() => process.exit(3), 100);
    return;
  }
  out("ready", { clients: clients.length, offeredRecovery: clients.filter((c) => c.offeredRecovery).length });

  publishingStartedAt = now();
  const perPublisher = args.rate / args.publishers;
  const ticks = publishers.map((pub) => {
    let sent = 0;
    const t0 = Date.now();
    // Catch-up ticks: the rate holds on average even when a timer fires late.
    return setInterval(() => {
      const due = Math.floor(((Date.now() - t0) / 1000) * perPublisher);
      while (sent < due) {
        publishNext(pub);
        sent++;
      }
    }, 10);
  });
  const status = setInterval(() => out("status", {
    connected: clients.filter((c) => c.socket.connected).length,
    inRooms: clients.filter((c) => c.inRooms).length,
    total: clients.length,
    published: publishedCount(),
    pending: pendingPublishes(),
    disconnects: clients.reduce((n, c) => n + c.disconnects, 0),
  }), 250);

  await stopped;
  ticks.forEach(clearInterval);
  publishingStoppedAt = now();

  // Settle: every message acked (resends included), every client back, every receiver complete or quiet.
  const settleStart = Date.now();
  const settled = await waitUntil(() => {
    if (pendingPublishes() > 0 || !allInRooms()) return false;
    const quiet = receivers.every((r) => Date.now() - r.lastAt >= args.quietMs);
    return quiet || receivers.every(receiverComplete);
  }, args.settleMs);
  await delay(300); // a late duplicate would arrive in this window
  clearInterval(status);
  const result = report(stopReason, settled);
  result.settleMs = Date.now() - settleStart;
  result.clientDetails = clients
    .filter((c) => c.disconnects > 0 || !c.socket.connected)
    .slice(0, 20)
    .map((c) => ({ name: c.name, connected: c.socket.connected, reasons: c.reasons, reconnects: c.reconnects,
      connectErrors: c.connectErrors }));
  fs.writeFileSync(args.report, JSON.stringify(result, null, 2));
  out("report", { file: args.report, figures: result.figures, settled });
  clients.forEach((c) => c.socket.close());
  setTimeout(() => process.exit(0), 200).unref();
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
