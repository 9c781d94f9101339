#!/usr/bin/env node
'use strict';
// A Node.js socket.io 4.8 server in a Redis cluster: the "node" side of the interop suite. Adapter: the classic
// @socket.io/redis-adapter 8.3 createAdapter (default), its createShardedAdapter (--adapter sharded, Redis 7+, with
// --subscription-mode static|dynamic|dynamic-private, default dynamic) or @socket.io/redis-streams-adapter 0.3.1
// (--adapter streams), optionally with connection state recovery (--recovery-ms, streams only). --redis-cluster
// (sharded only) connects node-redis createCluster to a Redis Cluster instead of one Redis. It serves the chat contract
// (helper-notes/APP-CONTRACT.md, no JWT) on "/" and the test control namespace "/control" of CONTROL.md. The Java peer
// (io.roomcast.cluster.interop.JavaPeer) implements the same.
//
// Usage: node node-peer.js --port <p> (--redis-url <redis://host:port> | --redis-cluster <host:port,host:port...>)
//                          [--key socket.io] [--requests-timeout <ms>]
//                          [--name <name>] [--adapter classic|sharded|streams] [--recovery-ms <ms>]
//                          [--subscription-mode static|dynamic|dynamic-private]
// Prints "listening <port>" on stdout once the adapter is subscribed (and, with streams, reading the stream);
// --port 0 picks a free port.

const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { Server } = require('socket.io');
const { createAdapter, createShardedAdapter } = require('@socket.io/redis-adapter');
const { createAdapter: createStreamsAdapter } = require('@socket.io/redis-streams-adapter');
const { createClient, createCluster } = require('redis');

const args = parseArgs(process.argv.slice(2));
const port = Number(args['port'] ?? 3000);
const redisUrl = args['redis-url'];
const redisCluster = args['redis-cluster'];
const key = args['key'] ?? 'socket.io';
const requestsTimeout = Number(args['requests-timeout'] ?? 5000);
const adapterKind = args['adapter'] ?? 'classic';
const recoveryMs = args['recovery-ms'] === undefined ? null : Number(args['recovery-ms']);
const subscriptionMode = args['subscription-mode'] ?? 'dynamic';
if (!redisUrl && !redisCluster) usage('--redis-url or --redis-cluster is required');
if (redisCluster && adapterKind !== 'sharded') usage('--redis-cluster needs --adapter sharded');
if (!['classic', 'sharded', 'streams'].includes(adapterKind)) usage(`--adapter must be classic, sharded or streams, got ${adapterKind}`);
if (!['static', 'dynamic', 'dynamic-private'].includes(subscriptionMode)) usage(`--subscription-mode must be static, dynamic or dynamic-private, got ${subscriptionMode}`);
if (args['subscription-mode'] !== undefined && adapterKind !== 'sharded') usage('--subscription-mode needs --adapter sharded');
if (recoveryMs !== null && !(Number.isInteger(recoveryMs) && recoveryMs > 0)) usage('--recovery-ms must be a positive integer');
// The classic adapter has no persistSession/restoreSession: recovery would silently never happen with it.
if (recoveryMs !== null && adapterKind !== 'streams') usage('--recovery-ms needs --adapter streams');
/** Streams adapter 0.3.1 defaults we keep (CONTROL.md "info"): only streamName and channelPrefix follow --key. */
const SESSION_KEY_PREFIX = 'sio:session:';

const MAX_ROOM_LENGTH = 128;
const MAX_USER_LENGTH = 64;
const MAX_MESSAGE_LENGTH = 2000;
/** The serverSideEmit event every peer records (CONTROL.md "serverSideEmit"). */
const SSE_EVENT = 'sse';

main().catch((err) => {
  console.error(`node-peer failed to start: ${err.stack || err}`);
  process.exit(1);
});

async function main() {
  const name = args['name'] ?? `node-${process.pid}`;
  // A Redis client name lets readiness find this peer's stream reader (the streams adapter duplicates the client).
  const clientName = `interop-${name.replace(/[^A-Za-z0-9_-]/g, '_')}-${process.pid}`;
  const pub = redisCluster
    ? createCluster({ rootNodes: redisCluster.split(',').map((seed) => ({ url: `redis://${seed.trim()}` })) })
    : createClient({ url: redisUrl, name: clientName });
  const clients = [pub];
  if (adapterKind !== 'streams') clients.push(pub.duplicate());
  for (const client of clients) client.on('error', (err) => console.error(`redis: ${err.message}`));
  await Promise.all(clients.map((client) => client.connect()));

  const httpServer = http.createServer();
  const options = {};
  if (recoveryMs !== null) options.connectionStateRecovery = { maxDisconnectionDuration: recoveryMs, skipMiddlewares: true };
  const io = new Server(httpServer, options);
  if (adapterKind === 'classic') {
    io.adapter(createAdapter(pub, clients[1], { key, requestsTimeout }));
  } else if (adapterKind === 'sharded') {
    // 8.3.0's sharded adapter has no requestsTimeout: ClusterAdapter waits 5000 ms (fetchSockets: flags.timeout).
    io.adapter(createShardedAdapter(pub, clients[1], { channelPrefix: key, subscriptionMode }));
  } else {
    // 0.3.1 has no requestsTimeout: ClusterAdapter waits 5000 ms (fetchSockets: flags.timeout) for responses.
    io.adapter(createStreamsAdapter(pub, { streamName: key, channelPrefix: key, sessionKeyPrefix: SESSION_KEY_PREFIX }));
  }

  const serverSideReceived = [];
  chat(io);
  io.of('/').on(SSE_EVENT, (...argv) => {
    const [ack, ...rest] = splitAck(argv);
    serverSideReceived.push({ event: SSE_EVENT, args: rest, withAck: ack !== null });
    if (ack) ack({ server: name, args: rest });
  });
  control(io, { name, serverSideReceived });

  await new Promise((resolve) => httpServer.listen(port, '127.0.0.1', resolve));
  // The adapter of "/" subscribes asynchronously; wait until it is counted before announcing readiness.
  if (adapterKind === 'classic') {
    await waitForSubscription(pub, `${key}-request#/#`);
  } else if (adapterKind === 'sharded') {
    await waitForSubscription(pub, `${key}#/#`, 'SHARDNUMSUB');
    // (on a Redis Cluster the count is summed over the masters, as the adapter's serverCount does)
  } else {
    await waitForSubscription(pub, `${key}#/#`);
    await waitForStreamReader(pub, clientName); // XREAD from "$": a message XADDed before it would be missed
  }
  process.stdout.write(`listening ${httpServer.address().port}\n`);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      io.close();
      Promise.allSettled(clients.map((client) => client.quit())).finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 1000).unref();
    });
  }
}

// ---- "/" : the chat application (APP-CONTRACT.md without JWT) ------------------------------------

function chat(io) {
  io.on('connection', (socket) => {
    const user = userFromAuth(socket.handshake.auth);
    if (user !== null) socket.data.user = user; // so fetchSockets() data is checkable across the cluster
    const from = user ?? socket.id;
    socket.emit('welcome', { id: socket.id, from });

    socket.on('join', (...argv) => {
      const [ack, room] = splitAck(argv);
      const error = roomError(room);
      if (error) return reply(ack, error);
      socket.join(room);
      reply(ack, { ok: true, room, size: localRoomSize(io, room) });
    });

    socket.on('leave', (...argv) => {
      const [ack, room] = splitAck(argv);
      const error = roomError(room) ?? (socket.rooms.has(room) ? null : NOT_JOINED);
      if (error) return reply(ack, error);
      socket.leave(room);
      reply(ack, { ok: true, room, size: localRoomSize(io, room) });
    });

    socket.on('message', (...argv) => {
      const [ack, payload] = splitAck(argv);
      const error = messageError(payload) ?? (socket.rooms.has(payload.room) ? null : NOT_JOINED);
      if (error) return reply(ack, error);
      const message = { id: randomUUID(), room: payload.room, text: payload.text, from, ts: Date.now() };
      io.to(payload.room).emit('message', message);
      reply(ack, { ok: true, id: message.id });
    });

    socket.on('echo', (...argv) => {
      const [ack, ...rest] = splitAck(argv);
      if (ack) ack(...rest);
    });
  });
}

// ---- "/control" : the test-control RPC of CONTROL.md ---------------------------------------------

function control(io, { name, serverSideReceived }) {
  const ops = {
    info: async () => ({
      name,
      impl: 'node',
      version: require('socket.io/package.json').version,
      adapter: adapterKind,
      recoveryMs,
      ...(adapterKind === 'streams' ? { streamName: key, sessionKeyPrefix: SESSION_KEY_PREFIX } : {}),
      ...(adapterKind === 'sharded' ? { subscriptionMode } : {}),
    }),

    broadcast: async (req) => {
      operator(io, req).emit(req.event, ...(req.args ?? []));
      return {};
    },

    emitWithAck: async (req) => {
      const timeout = positive(req.timeout, 'timeout');
      const [err, responses] = await new Promise((resolve) => {
        operator(io, req).timeout(timeout).emit(req.event, ...(req.args ?? []), (e, r) => resolve([e, r]));
      });
      return err ? { ok: false, error: err.message, responses: responses ?? [] } : { responses };
    },

    fetchSockets: async (req) => {
      const sockets = await operator(io, req).fetchSockets();
      return { sockets: sockets.map(describeSocket) };
    },

    remoteEmit: async (req) => {
      const socket = await oneSocket(io, req);
      socket.emit(req.event, ...(req.args ?? []));
      return {};
    },
    remoteJoin: async (req) => {
      (await oneSocket(io, req)).join(roomList(req.rooms, 'rooms'));
      return {};
    },
    remoteLeave: async (req) => {
      (await oneSocket(io, req)).leave(roomName(req.room, 'room'));
      return {};
    },
    remoteDisconnect: async (req) => {
      (await oneSocket(io, req)).disconnect(req.close === true);
      return {};
    },

    socketsJoin: async (req) => {
      operator(io, req).socketsJoin(roomList(req.join, 'join'));
      return {};
    },
    socketsLeave: async (req) => {
      operator(io, req).socketsLeave(roomList(req.leave, 'leave'));
      return {};
    },
    disconnectSockets: async (req) => {
      operator(io, req).disconnectSockets(req.close === true);
      return {};
    },

    serverSideEmit: async (req) => {
      const nsp = io.of(req.nsp ?? '/');
      if (req.ack !== true) {
        nsp.serverSideEmit(req.event ?? SSE_EVENT, ...(req.args ?? []));
        return {};
      }
      // No per-call timeout in socket.io: the adapter's requestsTimeout bounds the wait.
      const [err, responses] = await new Promise((resolve) => {
        nsp.serverSideEmit(req.event ?? SSE_EVENT, ...(req.args ?? []), (e, r) => resolve([e, r]));
      });
      return err ? { ok: false, error: err.message, responses: responses ?? [] } : { responses };
    },
    serverSideReceived: async (req) => {
      const received = serverSideReceived.slice();
      if (req.clear === true) serverSideReceived.length = 0;
      return { received };
    },

    allRooms: async (req) => {
      const rooms = await io.of(req.nsp ?? '/').adapter.allRooms();
      return { rooms: [...rooms].map(String).sort() };
    },
    serverCount: async (req) => ({ count: await io.of(req.nsp ?? '/').adapter.serverCount() }),

    join: async (req) => {
      const socket = io.of(req.nsp ?? '/').sockets.get(req.socketId);
      if (!socket) throw new Error(`no local socket ${req.socketId}`);
      socket.join(roomList(req.rooms, 'rooms'));
      return {};
    },

    socketState: async (req) => {
      const socket = io.of(req.nsp ?? '/').sockets.get(roomName(req.socketId, 'socketId'));
      if (!socket) return { found: false };
      return {
        found: true,
        id: socket.id,
        recovered: socket.recovered === true,
        connected: socket.connected,
        rooms: [...socket.rooms].map(String).sort(),
        data: socket.data,
        transport: socket.conn.transport.name,
      };
    },
    closeTransport: async (req) => {
      const socket = io.of(req.nsp ?? '/').sockets.get(roomName(req.socketId, 'socketId'));
      if (!socket) throw new Error(`no local socket ${req.socketId}`);
      // Engine.IO close, no Socket.IO DISCONNECT packet: the server's reason is "forced close" (recoverable, the
      // session is saved), the client sees "transport close" and reconnects.
      socket.conn.close();
      return {};
    },
  };

  io.of('/control').on('connection', (socket) => {
    socket.on('op', async (...argv) => {
      const [ack, req] = splitAck(argv);
      let result;
      try {
        if (typeof req !== 'object' || req === null || typeof ops[req.op] !== 'function') {
          throw new Error(`unknown op ${JSON.stringify(req && req.op)}`);
        }
        result = { ok: true, ...jsonSafe(await ops[req.op](req)) };
      } catch (err) {
        result = { ok: false, error: err.message };
      }
      reply(ack, result);
    });
  });
}

/**
 * Results carry binary as {"$binary": "<hex>"}: socket.io-parser 4.2.7 (both ends) refuses a packet with more than 10
 * binary attachments ("too many attachments" closes the connection), and 8 acks with binary exceed that.
 */
function jsonSafe(value) {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $binary: Buffer.from(value).toString('hex') };
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString('hex') };
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

/** io.of(nsp) narrowed by rooms / except / flags, as a BroadcastOperator. */
function operator(io, req) {
  let op = io.of(req.nsp ?? '/').to(roomList(req.rooms ?? [], 'rooms')).except(roomList(req.except ?? [], 'except'));
  const flags = req.flags ?? {};
  if (flags.volatile === true) op = op.volatile;
  if (flags.local === true) op = op.local;
  if (typeof flags.compress === 'boolean') op = op.compress(flags.compress);
  return op;
}

async function oneSocket(io, req) {
  const socketId = roomName(req.socketId, 'socketId');
  const sockets = await io.of(req.nsp ?? '/').in(socketId).fetchSockets();
  const socket = sockets.find((s) => s.id === socketId);
  if (!socket) throw new Error(`socket ${socketId} not found in the cluster`);
  return socket;
}

function describeSocket(socket) {
  const { auth, query, headers, address, url, secure, issued, time } = socket.handshake;
  return {
    id: socket.id,
    handshake: { auth, query, headers, address, url, secure, issued, time },
    rooms: [...socket.rooms].map(String).sort(),
    data: socket.data,
  };
}

function roomList(value, field) {
  if (!Array.isArray(value)) throw new Error(`${field} must be an array of room names`);
  return value.map((room) => roomName(room, field));
}

function roomName(value, field) {
  if (typeof value !== 'string' || value === '') throw new Error(`${field} must be a non-empty string`);
  return value;
}

function positive(value, field) {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${field} must be a positive integer (ms)`);
  return value;
}

async function waitForSubscription(client, channel, command = 'NUMSUB') {
  const deadline = Date.now() + 10000;
  const nodes = Array.isArray(client.masters) ? client.masters.map((master) => master.client) : [client];
  while (Date.now() < deadline) {
    const counts = await Promise.all(nodes.map((node) => node.sendCommand(['PUBSUB', command, channel])));
    if (counts.reduce((sum, [, count]) => sum + Number(count), 0) >= 1) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the adapter did not subscribe ${channel} within 10 s`);
}

/** Waits until a client of this peer (by CLIENT SETNAME) is blocked in XREAD: the streams adapter reads from "$". */
async function waitForStreamReader(client, clientName) {
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    const list = await client.sendCommand(['CLIENT', 'LIST']);
    const reading = String(list).split('\n').some((line) => line.includes(` name=${clientName} `) && /\bcmd=xread\b/.test(line));
    if (reading) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the streams adapter did not start reading its stream within 10 s (no XREAD from ${clientName})`);
}

// ---- chat helpers (APP-CONTRACT.md) ---------------------------------------------------------------

const NOT_JOINED = failure('not_joined', 'join the room first');

/** socket.io passes the ack function as the last argument; returns [ack or null, ...other args]. */
function splitAck(argv) {
  const last = argv[argv.length - 1];
  return typeof last === 'function' ? [last, ...argv.slice(0, -1)] : [null, ...argv];
}

function reply(ack, value) {
  if (ack) ack(value);
}

function failure(code, message) {
  return { error: { code, message } };
}

function roomError(room) {
  if (typeof room !== 'string' || room === '') return failure('invalid_room', 'room must be a non-empty string');
  if (room.length > MAX_ROOM_LENGTH) return failure('invalid_room', `room must be at most ${MAX_ROOM_LENGTH} characters`);
  return null;
}

function messageError(payload) {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return failure('invalid_message', 'message must be an object with room and text');
  }
  const error = roomError(payload.room);
  if (error) return error;
  if (typeof payload.text !== 'string') return failure('invalid_text', 'text must be a string');
  if (payload.text.length > MAX_MESSAGE_LENGTH) {
    return failure('text_too_long', `text must be at most ${MAX_MESSAGE_LENGTH} characters`);
  }
  return null;
}

/** Sockets of this server in the room (the chat contract's "size" is per server, as io.of('/').adapter.rooms is). */
function localRoomSize(io, room) {
  const members = io.of('/').adapter.rooms.get(room);
  return members ? members.size : 0;
}

function userFromAuth(auth) {
  const user = auth && auth.user;
  if (typeof user !== 'string' || user.trim() === '') return null;
  return user.trim().slice(0, MAX_USER_LENGTH);
}

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) usage(`bad argument ${argv[i]}`);
    parsed[argv[i].slice(2)] = argv[i + 1];
  }
  return parsed;
}

function usage(problem) {
  console.error(`${problem}; usage: node node-peer.js --port <p> --redis-url <url> [--key <k>] [--requests-timeout <ms>] [--name <n>] [--adapter classic|streams] [--recovery-ms <ms>]`);
  process.exit(2);
}
