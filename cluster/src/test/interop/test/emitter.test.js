'use strict';
// Messages published by @socket.io/redis-emitter 5.1 (a process with no socket.io server) reach the clients of every
// server: to all, to a room, except a room, binary; and its serverSideEmit and socketsJoin reach every server.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('redis');
const { Emitter } = require('@socket.io/redis-emitter');
const { Cluster, World } = require('../lib/world');
const { plain, token } = require('../lib/values');
const { adapterKind } = require('../lib/env');

// @socket.io/redis-emitter publishes on the classic adapter's pub/sub channels (protocol §5.1); a streams cluster reads
// a Redis stream and never sees it (its emitter, @socket.io/redis-streams-emitter, is not on the npm registry), and a
// sharded cluster listens on shard channels, which a PUBLISH never reaches (§4). So this file runs with
// ADAPTER=classic only, and says so in the report.
const STREAMS_SKIP = adapterKind() !== 'classic'
  && `ADAPTER=${adapterKind()}: @socket.io/redis-emitter 5.1 works with the classic adapter only (protocol §5.1)`;

describe('@socket.io/redis-emitter', { skip: STREAMS_SKIP }, () => {
  let cluster;
  let redis;
  let emitter;
  let world;
  before(async () => {
    cluster = await Cluster.open();
    redis = createClient({ url: cluster.env.redisUrl });
    redis.on('error', () => {});
    await redis.connect();
    emitter = new Emitter(redis, { key: cluster.env.adapterKey });
  });
  after(async () => {
    if (cluster) cluster.close();
    if (redis && redis.isOpen) await redis.quit();
  });
  // Each scenario gets a fresh world.
  const scenario = (title, fn) => it(title, async () => {
    world = await World.create(cluster);
    try {
      await fn();
    } finally {
      world.close();
    }
  });
  /** The emitter's own fence: its messages leave on one Redis connection, in order. */
  const fence = () => world.fence((t) => emitter.emit('fence', t));

  async function check(send, { rooms = [], except = [] }, extraArgs = []) {
    const t = token('emitter');
    const args = [t, ...extraArgs];
    send(args);
    await fence();
    world.assertDelivered('news', t, world.expected({ rooms, except }), args);
  }

  scenario('emit to all', async () => {
    await check((args) => emitter.emit('news', ...args), {}, ['all', 1, { a: [true] }]);
  });

  scenario('emit to one room', async () => {
    const rooms = [world.room('red')];
    await check((args) => emitter.to(rooms[0]).emit('news', ...args), { rooms });
  });

  scenario('emit to several rooms: a socket in both gets it once', async () => {
    const rooms = [world.room('red'), world.room('blue')];
    await check((args) => emitter.to(rooms).emit('news', ...args), { rooms });
  });

  scenario('emit to all except a room', async () => {
    const except = [world.room('blue')];
    await check((args) => emitter.except(except).emit('news', ...args), { except });
  });

  scenario('emit to rooms except a socket id', async () => {
    const rooms = [world.room('green'), world.room('red')];
    const except = [world.client('java1-b').id];
    await check((args) => emitter.to(rooms).except(except).emit('news', ...args), { rooms, except });
  });

  scenario('volatile and compress(false) to the WebSocket clients', async () => {
    const rooms = [world.room('ws')];
    await check((args) => emitter.to(rooms).volatile.compress(false).emit('news', ...args), { rooms });
  });

  scenario('binary arguments', async () => {
    const rooms = [world.room('blue'), world.room('green')];
    await check((args) => emitter.to(rooms).emit('news', ...args), { rooms },
      [Buffer.from([1, 2, 3]), { nested: Buffer.from('hi') }]);
  });

  scenario('socketsJoin from the emitter applies on every server', async () => {
    const room = world.room('via-emitter');
    const joiners = world.expected({ rooms: [world.room('green'), world.room('blue')] });
    emitter.in([world.room('green'), world.room('blue')]).socketsJoin(room);
    for (const label of joiners) world.setMember(room, label, true);
    await world.awaitRoom(room, joiners);
  });

  scenario('socketsLeave and disconnectSockets from the emitter apply on every server', async () => {
    // red members leave blue: java1-a and node1-a; then green (java1-b, node1-b) is disconnected.
    emitter.in(world.room('red')).socketsLeave(world.room('blue'));
    world.setMember(world.room('blue'), 'java1-a', false);
    world.setMember(world.room('blue'), 'node1-a', false);
    await world.awaitRoom(world.room('blue'), ['java0-b', 'node0-b']);
    emitter.in(world.room('green')).disconnectSockets();
    for (const label of ['java1-b', 'node1-b']) {
      const [, reason] = await world.client(label).waitFor((e) => e[0] === 'disconnect', `${label} disconnect`);
      assert.equal(reason, 'io server disconnect');
    }
    await fence();
    assert.deepEqual(world.clients.filter((c) => !c.connected).map((c) => c.label).sort(), ['java1-b', 'node1-b']);
  });

  scenario('serverSideEmit from the emitter reaches all 4 servers once', async () => {
    const t = token('emitter-sse');
    emitter.serverSideEmit('sse', t, 'from-emitter');
    await fence();
    const deadline = Date.now() + 4000;
    let seen;
    for (;;) {
      const views = await Promise.all(cluster.servers.map((s) => cluster.control(s).op({ op: 'serverSideReceived' })));
      seen = views.map((v) => v.received.filter((r) => r.args[0] === t));
      if (seen.every((s) => s.length >= 1) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    for (const [i, server] of cluster.servers.entries()) {
      assert.deepEqual(plain(seen[i]), [{ event: 'sse', args: [t, 'from-emitter'], withAck: false }], `seen by ${server.name}`);
    }
  });
});
