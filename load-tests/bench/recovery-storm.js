// Recovery storm for run-streams-vs-classic.sh (issue 12): N socket.io-client 4.8 connections on node A in R rooms,
// one publisher per room on node B sending `message` at a fixed rate; once every client has joined and traffic has
// flowed for --flow seconds it prints "STORM-READY" and the caller kills (SIGKILL) or drains (SIGTERM) node A. Every
// client then reconnects to node B (its manager's uri is switched on disconnect; socket.io-client's own reconnection
// timing, 1 s ± 50 % unless --reconnect-delay says otherwise). Measures the time from the first disconnect to the
// last recovered `connect` (socket.recovered === true), per-client disconnect→recovered times, gaps and duplicates in
// each room's sequence numbers as seen by each client, and the CPU of node B and of redis-server over the storm
// (/proc/<pid>/stat utime+stime). Writes one JSON object to --out and exits; bounded by --deadline.
//
//   NODE_PATH=node-server/src/main/js/node_modules node recovery-storm.js --a http://127.0.0.1:3141 \
//     --b http://127.0.0.1:3142 --clients 1000 --rooms 10 --rate 20 --flow 10 --pid-b 123 --pid-redis 456 \
//     --out storm.json [--deadline 120] [--reconnect-delay 1000]
//
// Loopback only.
"use strict";
const fs = require("fs");
const { io } = require("socket.io-client");

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
const A = args.a, B = args.b;
const CLIENTS = +(args.clients || 1000), ROOMS = +(args.rooms || 10), RATE = +(args.rate || 20);
const FLOW = +(args.flow || 10), DEADLINE = +(args.deadline || 120), DELAY = +(args["reconnect-delay"] || 1000);
for (const url of [A, B]) {
  if (!/^https?:\/\/127\.\d+\.\d+\.\d+:\d+$/.test(url || "")) { console.error("loopback http://127.x.y.z:port only: " + url); process.exit(2); }
}
const TICK = 1e9 / 100; // USER_HZ
function cpu(pid) {
  if (!pid) return null;
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return { user: +f[11] / 100, system: +f[12] / 100 };
  } catch (e) { return null; }
}
const now = () => Number(process.hrtime.bigint()) / 1e6; // ms
const t0 = now();
const opts = { transports: ["websocket"], reconnectionDelay: DELAY, reconnectionDelayMax: 5000, timeout: 20000, forceNew: true };

const clients = [];
const state = { phase: "connecting", firstDisconnect: null, lastDisconnect: null, lastRecovered: null };
const counts = { recovered: 0, notRecovered: 0, disconnected: 0, received: 0, receivedAfter: 0, gaps: 0, dups: 0, connectErrors: 0 };
const perClient = [];
const perClientServer = []; // first reconnection attempt -> recovered: B's share, without the client's back-off

function room(i) { return "storm-" + (i % ROOMS); }

function finish(reason) {
  const end = now();
  const cpuB1 = cpu(args["pid-b"]), cpuR1 = cpu(args["pid-redis"]);
  const dist = (values) => {
    const v = values.filter((x) => x != null).sort((a, b) => a - b);
    const q = (p) => (v.length ? +v[Math.min(v.length - 1, Math.floor(p * v.length))].toFixed(1) : null);
    return { count: v.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: v.length ? +v[v.length - 1].toFixed(1) : null };
  };
  const d = (x, y) => (x && y ? +(x.user + x.system - y.user - y.system).toFixed(2) : null);
  const window = state.firstDisconnect && state.lastRecovered ? state.lastRecovered - state.firstDisconnect : null;
  const result = {
    reason, clients: CLIENTS, rooms: ROOMS, publishRatePerRoom: RATE, reconnectDelayMs: DELAY,
    recovered: counts.recovered, reconnectedNotRecovered: counts.notRecovered, disconnected: counts.disconnected,
    connectErrors: counts.connectErrors,
    firstToLastDisconnectMs: state.firstDisconnect && state.lastDisconnect ? +(state.lastDisconnect - state.firstDisconnect).toFixed(1) : null,
    disconnectToAllRecoveredMs: counts.recovered === CLIENTS && window != null ? +window.toFixed(1) : null,
    disconnectToLastRecoveredMs: window != null ? +window.toFixed(1) : null,
    perClientDisconnectToRecoveredMs: dist(perClient),
    perClientFirstAttemptToRecoveredMs: dist(perClientServer),
    deliveries: { total: counts.received, afterFirstDisconnect: counts.receivedAfter, gaps: counts.gaps, duplicates: counts.dups },
    nodeBCpuSecondsDuringStorm: d(cpuB1, state.cpuB0),
    redisCpuSecondsDuringStorm: d(cpuR1, state.cpuR0),
    stormSeconds: state.firstDisconnect ? +((end - state.firstDisconnect) / 1000).toFixed(3) : null,
  };
  fs.writeFileSync(args.out, JSON.stringify(result, null, 2));
  console.log("STORM-DONE " + JSON.stringify(result));
  process.exit(reason === "all recovered" ? 0 : 1);
}
setTimeout(() => finish("deadline"), DEADLINE * 1000).unref();

function checkSeq(c, msg) {
  const m = /^(\d+)-(\d+)$/.exec(msg.text || "");
  if (!m) return;
  const seq = +m[2];
  if (c.last != null) {
    if (seq <= c.last) counts.dups++;
    else if (seq > c.last + 1) counts.gaps += seq - c.last - 1;
  }
  if (c.last == null || seq > c.last) c.last = seq;
}

let joined = 0;
function joinedOne() {
  if (++joined === CLIENTS + ROOMS) startTraffic();
}

// publishers on B: one per room, member of its room (the chat contract wants it)
const publishers = [];
for (let r = 0; r < ROOMS; r++) {
  const p = io(B, opts);
  p.once("connect", () => p.emit("join", "storm-" + r, () => joinedOne()));
  publishers.push(p);
}
for (let i = 0; i < CLIENTS; i++) {
  const s = io(A, opts);
  const c = { s, last: null, disconnectedAt: null, done: false };
  clients.push(c);
  s.on("connect", () => {
    if (!c.joined) {
      c.joined = true;
      s.emit("join", room(i), () => joinedOne());
      return;
    }
    if (c.done) return;
    c.done = true;
    if (s.recovered) counts.recovered++; else counts.notRecovered++;
    perClient[i] = now() - c.disconnectedAt;
    if (c.attemptAt != null) perClientServer[i] = now() - c.attemptAt;
    state.lastRecovered = now();
    if (counts.recovered + counts.notRecovered === CLIENTS) finish(counts.recovered === CLIENTS ? "all recovered" : "all reconnected, some not recovered");
  });
  s.on("connect_error", () => counts.connectErrors++);
  s.io.on("reconnect_attempt", () => { if (c.attemptAt == null) c.attemptAt = now(); });
  s.on("disconnect", () => {
    if (c.disconnectedAt != null) return;
    c.disconnectedAt = now();
    counts.disconnected++;
    if (state.firstDisconnect == null) {
      state.firstDisconnect = c.disconnectedAt;
      state.cpuB0 = cpu(args["pid-b"]);
      state.cpuR0 = cpu(args["pid-redis"]);
    }
    state.lastDisconnect = c.disconnectedAt;
    s.io.uri = B; // the next reconnection attempt goes to node B
  });
  s.on("message", (msg) => {
    counts.received++;
    if (state.firstDisconnect != null) counts.receivedAfter++;
    checkSeq(c, msg);
  });
}

function startTraffic() {
  console.log(`JOINED ${CLIENTS} clients on A, ${ROOMS} publishers on B in ${((now() - t0) / 1000).toFixed(1)} s`);
  const seq = new Array(ROOMS).fill(0);
  const interval = 1000 / RATE;
  publishers.forEach((p, r) => setInterval(() => p.emit("message", { room: "storm-" + r, text: r + "-" + ++seq[r] }), interval));
  setTimeout(() => console.log("STORM-READY"), FLOW * 1000);
}
