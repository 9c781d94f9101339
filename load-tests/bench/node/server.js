// Node.js socket.io 4.8 peer of the Roomcast benchmark: the chat contract's join/message, several processes joined
// through one Redis with @socket.io/redis-adapter (or, with ADAPTER=redis-streams | redis-sharded, the streams or
// sharded adapter). Usage: PORT=3101 REDIS_URL=redis://127.0.0.1:6399 [ADAPTER=redis] node server.js
'use strict';
const { createServer } = require('http');
const { randomUUID } = require('crypto');
const { Server } = require('socket.io');

const port = Number(process.env.PORT || 3101);
const redisUrl = process.env.REDIS_URL;
const MAX_TEXT = Number(process.env.MAX_MESSAGE_LENGTH || 2000);

const fail = (ack, code, message) => typeof ack === 'function' && ack({ error: { code, message } });
const roomError = (room) => {
  if (typeof room !== 'string' || room.length === 0) return 'room must be a non-empty string';
  if (room.length > 128) return 'room must be at most 128 characters';
  return null;
};

// ADAPTER names as Roomcast's node-server: redis (classic pub/sub), redis-streams, redis-sharded (SPUBLISH).
async function redisAdapter(kind, url) {
  const { createClient } = require('redis');
  const pub = createClient({ url });
  if (kind === 'redis-streams') {
    await pub.connect();
    return require('@socket.io/redis-streams-adapter').createAdapter(pub);
  }
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  const { createAdapter, createShardedAdapter } = require('@socket.io/redis-adapter');
  if (kind === 'redis') return createAdapter(pub, sub);
  if (kind === 'redis-sharded') {
    return createShardedAdapter(pub, sub, { subscriptionMode: process.env.SUBSCRIPTION_MODE || 'dynamic' });
  }
  throw new Error(`unknown ADAPTER ${kind}`);
}

async function main() {
  const httpServer = createServer();
  const io = new Server(httpServer, { transports: ['websocket', 'polling'] });
  if (redisUrl) {
    io.adapter(await redisAdapter(process.env.ADAPTER || 'redis', redisUrl));
  }
  io.on('connection', (socket) => {
    const user = socket.handshake.auth && socket.handshake.auth.user;
    const from = typeof user === 'string' && user.trim() ? user.trim().slice(0, 64) : socket.id;
    socket.emit('welcome', { id: socket.id, from });
    socket.on('join', (room, ack) => {
      const bad = roomError(room);
      if (bad) return fail(ack, 'invalid_room', bad);
      socket.join(room);
      if (typeof ack === 'function') {
        const members = io.of('/').adapter.rooms.get(room);
        ack({ ok: true, room, size: members ? members.size : 0 });
      }
    });
    socket.on('message', (payload, ack) => {
      if (payload === null || typeof payload !== 'object') {
        return fail(ack, 'invalid_message', 'message must be an object with room and text');
      }
      const bad = roomError(payload.room);
      if (bad) return fail(ack, 'invalid_room', bad);
      if (typeof payload.text !== 'string') return fail(ack, 'invalid_text', 'text must be a string');
      if (payload.text.length > MAX_TEXT) return fail(ack, 'text_too_long', `text must be at most ${MAX_TEXT} characters`);
      if (!socket.rooms.has(payload.room)) return fail(ack, 'not_joined', 'join the room first');
      const id = randomUUID();
      io.to(payload.room).emit('message', { id, room: payload.room, text: payload.text, from, ts: Date.now() });
      if (typeof ack === 'function') ack({ ok: true, id });
    });
  });
  httpServer.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));
  const stop = () => { io.close(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => { console.error(e); process.exit(1); });
