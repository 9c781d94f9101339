// A socket.io server on @socket.io/redis-streams-adapter 0.3.1 with connection state recovery, plus one client of
// its own. Reads one JSON command per line on stdin, writes one JSON event per line on stdout.
// Usage: node streams-peer.js <redisPort> <prefix>
const { createServer } = require("http");
const { Server } = require("socket.io");
const { createClient } = require("redis");
const { createAdapter } = require("@socket.io/redis-streams-adapter");
const { io: connect } = require("socket.io-client");
const readline = require("readline");

const [redisPort, prefix] = process.argv.slice(2);
const out = (event) => process.stdout.write(JSON.stringify(event) + "\n");

(async () => {
  const redis = createClient({ url: `redis://127.0.0.1:${redisPort}` });
  await redis.connect();
  const http = createServer();
  const io = new Server(http, {
    adapter: createAdapter(redis, {
      streamName: prefix, channelPrefix: prefix, sessionKeyPrefix: prefix + ":session:", blockTimeInMs: 1000,
    }),
    connectionStateRecovery: { maxDisconnectionDuration: 60000 },
  });
  io.on("connection", (socket) => socket.join("room1"));
  io.on("ping", (...args) => args[args.length - 1]("node-pong")); // the ack callback comes last
  await new Promise((resolve) => http.listen(0, resolve));

  const client = connect(`http://127.0.0.1:${http.address().port}`, { transports: ["websocket"] });
  client.onAny((...args) => out({ kind: "event", args }));
  client.on("connect", () => out({ kind: "connected", id: client.id }));

  const adapter = io.of("/").adapter;
  readline.createInterface({ input: process.stdin }).on("line", async (line) => {
    const command = JSON.parse(line);
    try {
      switch (command.op) {
        case "emit":
          io.to(command.rooms).emit(...command.args);
          break;
        case "fetch":
          out({ kind: "fetched", ids: (await io.fetchSockets()).map((s) => s.id) });
          break;
        case "persist":
          adapter.persistSession(command.session);
          out({ kind: "persisted" });
          break;
        case "restore":
          out({ kind: "restored", session: await adapter.restoreSession(command.pid, command.offset) });
          break;
        default:
          out({ kind: "error", message: "unknown op " + command.op });
      }
    } catch (e) {
      out({ kind: "error", message: String(e && e.message ? e.message : e) });
    }
  });
})();
