#!/usr/bin/env node
'use strict';
// Reference implementation of the Roomcast chat contract (helper-notes/APP-CONTRACT.md) on Node's socket.io 4.8.
// The conformance suite compares the Java node against this server, so it must stay a plain, default socket.io app.
//
// Usage: node reference-server.js --port <p> [--jwt-secret <s>] [--max-message-length <n>]
//                                  [--ping-interval <ms>] [--ping-timeout <ms>] [--recovery-ms <ms>]
//                                  [--node-id <name>]
// Prints "listening <port>" on stdout when ready (--port 0 picks a free port).

const http = require('node:http');
const os = require('node:os');
const { randomUUID } = require('node:crypto');
const { Server } = require('socket.io');
const jwt = require('jsonwebtoken');

const args = parseArgs(process.argv.slice(2));
const port = Number(args['port'] ?? 3000);
const jwtSecret = args['jwt-secret'];
const maxMessageLength = Number(args['max-message-length'] ?? 2000);
const nodeId = args['node-id'] ?? os.hostname(); // the Java node's NODE_ID
const MAX_ROOM_LENGTH = 128;
const MAX_USER_LENGTH = 64;
const MAX_SUBJECT_LENGTH = 256;
const USER_ROOM_PREFIX = 'user:';

const options = {};
if (args['ping-interval']) options.pingInterval = Number(args['ping-interval']);
if (args['ping-timeout']) options.pingTimeout = Number(args['ping-timeout']);
if (args['recovery-ms']) {
  options.connectionStateRecovery = { maxDisconnectionDuration: Number(args['recovery-ms']), skipMiddlewares: true };
}

const httpServer = http.createServer();
const io = new Server(httpServer, options);

// ---- "/" : the chat application ----------------------------------------------------------------

if (jwtSecret) {
  io.use((socket, next) => {
    const token = socket.handshake.auth && socket.handshake.auth.token;
    if (typeof token !== 'string' || token === '') return next(rejection('unauthorized', { reason: 'missing token' }));
    let claims;
    try {
      claims = jwt.verify(token, jwtSecret, { algorithms: ['HS256'] });
      if (typeof claims.sub !== 'string') throw new Error('sub must be a string');
    } catch {
      return next(rejection('unauthorized', { reason: 'invalid token' }));
    }
    if (claims.sub.length < 1 || claims.sub.length > MAX_SUBJECT_LENGTH) {
      return next(rejection('unauthorized', { reason: 'invalid token: sub must be 1 to 256 characters' }));
    }
    const rooms = claims.rooms;
    if (rooms !== undefined && !(Array.isArray(rooms) && rooms.every((p) => typeof p === 'string'))) {
      return next(rejection('unauthorized', { reason: 'invalid token: rooms must be an array of strings' }));
    }
    socket.data.from = claims.sub;
    socket.data.rooms = rooms;
    next();
  });
}

io.on('connection', (socket) => {
  const from = socket.data.from ?? userFromAuth(socket.handshake.auth) ?? socket.id;
  // what other nodes' fetchSockets see of this socket: presence lists members of every node from it
  socket.data.from = from;
  socket.data.node = nodeId;
  socket.emit('welcome', { id: socket.id, from, user: from, node: nodeId });
  if (socket.recovered) {
    // back in its rooms by connection state recovery, after its old connection told them it left
    (async () => {
      for (const room of [...socket.rooms].filter((r) => r !== socket.id)) {
        const members = including(await membersOf(room), memberOf(socket));
        socket.to(room).emit('presence', { room, type: 'joined', member: memberOf(socket), size: members.length });
      }
    })();
  }

  socket.on('join', async (...argv) => {
    const [ack, room] = splitAck(argv);
    const error = roomError(room);
    if (error) return reply(ack, error);
    if (jwtSecret && !mayJoin(socket.data, room)) return reply(ack, failure('forbidden', `not allowed to join room ${room}`));
    const already = socket.rooms.has(room);
    socket.join(room);
    const members = including(await membersOf(room), memberOf(socket));
    if (!already) socket.to(room).emit('presence', { room, type: 'joined', member: memberOf(socket), size: members.length });
    reply(ack, { ok: true, room, size: members.length, members });
  });

  socket.on('leave', async (...argv) => {
    const [ack, room] = splitAck(argv);
    const error = roomError(room) ?? (socket.rooms.has(room) ? null : NOT_JOINED);
    if (error) return reply(ack, error);
    socket.leave(room);
    const size = (await membersOf(room)).filter((m) => m.id !== socket.id).length;
    socket.to(room).emit('presence', { room, type: 'left', member: memberOf(socket), size });
    reply(ack, { ok: true, room, size });
  });

  socket.on('members', async (...argv) => {
    const [ack, room] = splitAck(argv);
    const error = roomError(room) ?? (socket.rooms.has(room) ? null : NOT_JOINED);
    if (error) return reply(ack, error);
    const members = await membersOf(room);
    reply(ack, { ok: true, room, size: members.length, members });
  });

  socket.on('disconnecting', () => {
    const member = memberOf(socket);
    const rooms = [...socket.rooms].filter((room) => room !== socket.id);
    socket.on('disconnect', async () => {
      for (const room of rooms) {
        const size = (await membersOf(room)).filter((m) => m.id !== member.id).length;
        io.to(room).emit('presence', { room, type: 'left', member, size });
      }
    });
  });

  socket.on('message', (...argv) => {
    const [ack, payload] = splitAck(argv);
    const error = messageError(payload) ?? (socket.rooms.has(payload.room) ? null : NOT_JOINED);
    if (error) return reply(ack, error);
    const message = { id: randomUUID(), room: payload.room, text: payload.text, from, ts: Date.now() };
    io.to(payload.room).emit('message', message);
    reply(ack, { ok: true, id: message.id });
  });

  socket.on('echo', echo);

  socket.on('cursor', (...argv) => {
    const [ack, payload] = splitAck(argv);
    const error = cursorError(payload) ?? (socket.rooms.has(payload.room) ? null : NOT_JOINED);
    if (error) return reply(ack, error);
    const { room, x, y } = payload;
    socket.to(room).volatile.emit('cursor', { room, id: socket.id, user: from, x, y });
    reply(ack, { ok: true });
  });
});

// ---- "/custom" and "/private": test-only namespaces ----------------------------------------------

io.of('/custom').on('connection', (socket) => {
  socket.emit('hello', { nsp: '/custom', id: socket.id, auth: socket.handshake.auth });
  socket.on('echo', echo);
  socket.on('rooms', (...argv) => {
    const [ack] = splitAck(argv);
    reply(ack, [...socket.rooms].sort());
  });
  socket.on('binary', (...argv) => {
    const [ack] = splitAck(argv);
    socket.emit('binary', { buf: Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), nested: [{ b: Buffer.from([255, 254]) }], n: 1 });
    reply(ack, { ok: true });
  });
});

const privateNsp = io.of('/private');
privateNsp.use((socket, next) => {
  const auth = socket.handshake.auth;
  if (auth && auth.key === 'letmein') return next();
  next(rejection('unauthorized', { reason: 'bad key' }));
});
privateNsp.on('connection', (socket) => {
  socket.on('shout', (...argv) => {
    const [ack, text] = splitAck(argv);
    privateNsp.emit('shout', text);
    reply(ack, { ok: true });
  });
});

httpServer.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${httpServer.address().port}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));

// ---- helpers --------------------------------------------------------------------------------------

const NOT_JOINED = failure('not_joined', 'join the room first');

function echo(...argv) {
  const [ack, ...rest] = splitAck(argv);
  if (ack) ack(...rest);
}

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
  if (payload.text.length > maxMessageLength) {
    return failure('text_too_long', `text must be at most ${maxMessageLength} characters`);
  }
  return null;
}

function cursorError(payload) {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return failure('invalid_cursor', 'cursor must be an object with room, x and y');
  }
  const error = roomError(payload.room);
  if (error) return error;
  const unit = (v) => typeof v === 'number' && v >= 0 && v <= 1; // NaN fails the comparisons
  if (!unit(payload.x) || !unit(payload.y)) return failure('invalid_cursor', 'x and y must be numbers from 0 to 1');
  return null;
}

/**
 * The room policy of a JWT user ({from: sub, rooms: the rooms claim or undefined}): "user:<owner>:..." rooms only for
 * their owner (what stands between "user:" and the next ":"), other rooms when a rooms glob matches, or any without
 * the claim. Same as the Java node's RoomPolicy.
 */
function mayJoin({ from, rooms }, room) {
  if (room.startsWith(USER_ROOM_PREFIX)) {
    const end = room.indexOf(':', USER_ROOM_PREFIX.length);
    if (end >= 0) return room.slice(USER_ROOM_PREFIX.length, end) === from;
  }
  return rooms === undefined || rooms.some((pattern) => globMatches(pattern, room));
}

/** "*" matches any run of characters (none included); greedy with one backtrack point, as RoomPolicy.Glob. */
function globMatches(pattern, text) {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The room's members on every node (fetchSockets: a cross-node request with an adapter), by user then id. */
async function membersOf(room) {
  let sockets;
  try {
    sockets = await io.of('/').in(room).fetchSockets();
  } catch {
    sockets = [...(io.of('/').adapter.rooms.get(room) ?? [])].map((id) => io.of('/').sockets.get(id)).filter(Boolean);
  }
  return sockets.map(memberOf).sort(byUserThenId);
}

function memberOf(socket) {
  return { id: socket.id, user: socket.data.from ?? socket.id, node: socket.data.node ?? 'unknown' };
}

function including(members, member) {
  return [...members.filter((m) => m.id !== member.id), member].sort(byUserThenId);
}

// UTF-16 code unit order, as Java's String.compareTo
function byUserThenId(a, b) {
  if (a.user !== b.user) return a.user < b.user ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function userFromAuth(auth) {
  const user = auth && auth.user;
  if (typeof user !== 'string' || user.trim() === '') return null;
  return user.trim().slice(0, MAX_USER_LENGTH);
}

function rejection(message, data) {
  const error = new Error(message);
  error.data = data;
  return error;
}

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      console.error(`bad argument ${argv[i]}; usage: --port <p> [--jwt-secret <s>] [--max-message-length <n>] ...`);
      process.exit(2);
    }
    parsed[argv[i].slice(2)] = argv[i + 1];
  }
  return parsed;
}
