'use strict';
// Broadcasts started on a Java node and on a Node server: who receives what, exactly once, nowhere excluded.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Cluster, eachOrigin } = require('../lib/world');
const { token } = require('../lib/values');

describe('broadcast', () => {
  let cluster;
  before(async () => {
    cluster = await Cluster.open();
  });
  after(() => cluster && cluster.close());
  const scenario = (title, fn) => eachOrigin(it, () => cluster, title, fn);

  /** Broadcasts from origin with these options, fences, and checks every client against the model. */
  async function check({ world, origin, control }, { rooms = [], except = [], flags = {}, extraArgs = [] }) {
    const t = token('bc');
    const args = [t, ...extraArgs];
    const result = await control.op({ op: 'broadcast', nsp: '/', rooms, except, flags, event: 'news', args });
    assert.equal(result.ok, true);
    await world.fenceFrom(origin);
    world.assertDelivered('news', t, world.expected({ rooms, except, local: flags.local === true, origin }), args);
  }

  scenario('to all: every client on every server, once', async (ctx) => {
    await check(ctx, { extraArgs: ['hello', 1, { a: true, nested: [null, 2.5, 'x'] }] });
  });

  scenario('to one room', async (ctx) => {
    await check(ctx, { rooms: [ctx.world.room('red')], extraArgs: ['red only'] });
  });

  scenario('to several rooms: a socket in two target rooms gets it once', async (ctx) => {
    const { world } = ctx;
    await check(ctx, { rooms: [world.room('red'), world.room('blue')] });
  });

  scenario('to all except a room', async (ctx) => {
    await check(ctx, { except: [ctx.world.room('blue')] });
  });

  scenario('to several rooms except a room', async (ctx) => {
    const { world } = ctx;
    await check(ctx, { rooms: [world.room('red'), world.room('green')], except: [world.room('blue')] });
  });

  scenario('except one socket id (socket.broadcast style), the excluded socket on another server', async (ctx) => {
    const { world } = ctx;
    await check(ctx, { except: [world.client('java1-a').id, world.client('node1-b').id] });
  });

  scenario('to a socket id room of a socket on another server', async (ctx) => {
    const { world } = ctx;
    await check(ctx, { rooms: [world.client('node1-a').id, world.client('java1-b').id] });
  });

  scenario('to a room nobody is in: nobody', async (ctx) => {
    await check(ctx, { rooms: [ctx.world.room('empty')] });
  });

  scenario('volatile to the WebSocket clients', async (ctx) => {
    await check(ctx, { rooms: [ctx.world.room('ws')], flags: { volatile: true } });
  });

  scenario('local to all: only the origin server\'s clients', async (ctx) => {
    await check(ctx, { flags: { local: true } });
  });

  scenario('local to a room: only the origin server\'s members', async (ctx) => {
    await check(ctx, { rooms: [ctx.world.room('red'), ctx.world.room('blue')], flags: { local: true } });
  });

  scenario('compress(false) and compress(true) to a room', async (ctx) => {
    await check(ctx, { rooms: [ctx.world.room('blue')], flags: { compress: false } });
    await check(ctx, { rooms: [ctx.world.room('green')], flags: { compress: true } });
  });

  scenario('binary arguments arrive byte for byte on every server', async (ctx) => {
    const { world } = ctx;
    await check(ctx, {
      rooms: [world.room('blue'), world.room('green')],
      extraArgs: [Buffer.from([1, 2, 3]), { nested: Buffer.from('hi'), list: [Buffer.from([255, 0, 254]), 'text'] }, Buffer.alloc(0)],
    });
  });
});
