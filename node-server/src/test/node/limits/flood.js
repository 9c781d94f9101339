#!/usr/bin/env node
// Hostile and well-behaved chat clients for the rate limit tests (RateLimitE2ETests, RateLimitFloodMeasurement), with
// the real socket.io-client 4.8.4 over WebSocket. Each run prints one JSON object on its last line.
//
//   node limits/flood.js flood   --url http://127.0.0.1:3000 --rate 10000 --duration-ms 5000 [--reconnect] [--user x]
//   node limits/flood.js control --url http://127.0.0.1:3000 --interval-ms 20 --count 250 [--room calm]
//
// flood:   joins room "flood" and sends `message` events with an ack at --rate per second for --duration-ms (bursts
//          every few ms, catching up with the schedule as far as this process's CPU lets it), counting acks by kind (ok, rate_limited, other), acks never answered, and the disconnect
//          reasons; with --reconnect it opens a new connection whenever the server closes one (a flooder that
//          comes back).
// control: a sender and a receiver in --room; the sender sends one `message` with an ack every --interval-ms; it
//          reports the ack round trip (emit -> ack) and the delivery latency (emit -> the receiver's `message`),
//          p50/p99/max in ms, and how many messages never arrived.
"use strict";

const { io } = require("socket.io-client");

function parseArgs(argv) {
  const args = { mode: argv[2], url: null, rate: 10000, durationMs: 5000, reconnect: false, user: null,
    intervalMs: 20, count: 250, room: "calm" };
  for (let i = 3; i < argv.length; i++) {
    const name = argv[i];
    const value = () => argv[++i];
    if (name === "--url") args.url = value();
    else if (name === "--rate") args.rate = Number(value());
    else if (name === "--duration-ms") args.durationMs = Number(value());
    else if (name === "--reconnect") args.reconnect = true;
    else if (name === "--user") args.user = value();
    else if (name === "--interval-ms") args.intervalMs = Number(value());
    else if (name === "--count") args.count = Number(value());
    else if (name === "--room") args.room = value();
    else throw new Error(`unknown argument ${name}`);
  }
  if (!args.url || !["flood", "control"].includes(args.mode)) {
    throw new Error("usage: flood.js flood|control --url URL [options]");
  }
  return args;
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(url, user) {
  const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 5000,
    auth: user ? { user } : {} });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => reject(new Error(`connect_error: ${err.message}`)));
  });
}

async function join(socket, room) {
  const ack = await socket.timeout(5000).emitWithAck("join", room);
  if (!ack || !ack.ok) throw new Error(`join ${room}: ${JSON.stringify(ack)}`);
}

async function flood(args) {
  const report = { mode: "flood", rate: args.rate, durationMs: args.durationMs, sent: 0, ok: 0, rateLimited: 0,
    other: 0, unanswered: 0, connections: 0, disconnects: [], connectErrors: [] };
  let socket = null;
  let pending = 0;
  const open = async () => {
    try {
      socket = await connect(args.url, args.user || "flooder");
      report.connections++;
      const current = socket;
      current.on("disconnect", (reason) => {
        report.disconnects.push(reason);
        if (socket === current) socket = null;
      });
      await join(current, "flood");
    } catch (e) {
      report.connectErrors.push(e.message);
      socket = null;
    }
  };
  await open();
  const started = Date.now();
  const perTick = Math.max(1, Math.round(args.rate / 20)); // catching up at most 50 ms behind at a time
  let reopening = null;
  while (Date.now() - started < args.durationMs) {
    const target = Math.floor(((Date.now() - started) / 1000) * args.rate);
    if (socket && socket.connected) {
      const current = socket;
      for (let i = 0; i < perTick && report.sent < target; i++) {
        report.sent++;
        pending++;
        current.emit("message", { room: "flood", text: "x" }, (ack) => {
          pending--;
          if (ack && ack.ok) report.ok++;
          else if (ack && ack.error && ack.error.code === "rate_limited") report.rateLimited++;
          else report.other++;
        });
      }
    } else if (args.reconnect && !reopening) {
      reopening = open().finally(() => (reopening = null));
    } else if (!args.reconnect && report.connections > 0 && !socket) {
      break; // closed by the server and not coming back
    }
    await delay(5);
  }
  const deadline = Date.now() + 2000;
  while (pending > 0 && socket && socket.connected && Date.now() < deadline) await delay(20);
  report.unanswered = pending;
  report.elapsedMs = Date.now() - started;
  if (socket) socket.close();
  return report;
}

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : null };
}

async function control(args) {
  const sender = await connect(args.url, "control-sender");
  const receiver = await connect(args.url, "control-receiver");
  await join(sender, args.room);
  await join(receiver, args.room);
  const sentAt = new Map();
  const delivery = [];
  const ackRtt = [];
  const ackErrors = [];
  const disconnects = [];
  for (const s of [sender, receiver]) s.on("disconnect", (reason) => disconnects.push(reason));
  receiver.on("message", (message) => {
    const at = sentAt.get(message.text);
    if (at !== undefined) {
      delivery.push(Number(process.hrtime.bigint() - at) / 1e6);
      sentAt.delete(message.text);
    }
  });
  const acks = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < args.count; i++) {
    const text = `${args.room}-${i}`;
    const at = process.hrtime.bigint();
    sentAt.set(text, at);
    acks.push(sender.timeout(5000).emitWithAck("message", { room: args.room, text }).then((ack) => {
      ackRtt.push(Number(process.hrtime.bigint() - at) / 1e6);
      if (!ack || !ack.ok) ackErrors.push(JSON.stringify(ack));
    }, (e) => ackErrors.push(e.message)));
    const next = started + BigInt(Math.round((i + 1) * args.intervalMs * 1e6)); // no drift: a fixed schedule
    const wait = Number(next - process.hrtime.bigint()) / 1e6;
    if (wait > 0) await delay(wait);
  }
  await Promise.all(acks);
  const deadline = Date.now() + 3000;
  while (sentAt.size > 0 && Date.now() < deadline) await delay(20);
  for (const s of [sender, receiver]) s.removeAllListeners("disconnect"); // our own close is not news
  sender.close();
  receiver.close();
  return { mode: "control", room: args.room, sent: args.count, received: delivery.length, missing: sentAt.size,
    ackErrors, disconnects, ack: percentiles(ackRtt), delivery: percentiles(delivery) };
}

const args = parseArgs(process.argv);
(args.mode === "flood" ? flood(args) : control(args)).then(
  (report) => {
    console.log(JSON.stringify(report));
    process.exit(0);
  },
  (e) => {
    console.error(e && e.stack ? e.stack : String(e));
    process.exit(1);
  },
);
