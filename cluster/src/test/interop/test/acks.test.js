'use strict';
// Broadcasts with acknowledgements (emitWithAck with a timeout) started on a Java node and on a Node server: the
// requester collects exactly one ack from every targeted client of every server.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Cluster, eachOrigin } = require('../lib/world');
const { plain, token } = require('../lib/values');

describe('emitWithAck', () => {
  let cluster;
  before(async () => {
    cluster = await Cluster.open();
  });
  after(() => cluster && cluster.close());
  const scenario = (title, fn) => eachOrigin(it, () => cluster, title, fn);

  async function ask({ world, origin, control }, { rooms = [], except = [], extraArgs = [], timeout = 3000, silent = [] }) {
    const t = token('ask');
    const args = [t, ...extraArgs, { silent }];
    const result = await control.op({ op: 'emitWithAck', nsp: '/', rooms, except, timeout, event: 'ask', args },
      { allowFailure: true, timeoutMs: timeout + 3000 });
    const targets = world.expected({ rooms, except, origin });
    await world.fenceFrom(origin);
    world.assertDelivered('ask', t, targets, args);
    const answering = targets.filter((label) => !silent.includes(label));
    assert.ok(Array.isArray(result.responses), `responses must be an array: ${JSON.stringify(result)}`);
    const responses = plain(result.responses).slice().sort((a, b) => a.client.localeCompare(b.client));
    assert.deepEqual(responses.map((r) => r.client), answering, 'one ack per answering client, no duplicates');
    for (const response of responses) assert.deepEqual(response.got, plain(args), `ack payload of ${response.client}`);
    return result;
  }

  scenario('to all: one ack from each of the 8 clients on 4 servers', async (ctx) => {
    const result = await ask(ctx, {});
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  scenario('to several rooms except a room', async (ctx) => {
    const { world } = ctx;
    const result = await ask(ctx, { rooms: [world.room('red'), world.room('blue')], except: [world.room('green')] });
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  scenario('to one room on other servers only', async (ctx) => {
    const result = await ask(ctx, { rooms: [ctx.world.room('green')] });
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  scenario('to a room nobody is in: completes with no responses', async (ctx) => {
    const result = await ask(ctx, { rooms: [ctx.world.room('empty')] });
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  scenario('binary arguments and binary acks survive the round trip', async (ctx) => {
    const result = await ask(ctx, { rooms: [ctx.world.room('blue'), ctx.world.room('green')], extraArgs: [Buffer.from([9, 8, 7]), { b: Buffer.from('ok') }] });
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  scenario('a client that never acks: timeout error with every other ack', async (ctx) => {
    const result = await ask(ctx, { rooms: [ctx.world.room('red')], silent: ['node1-a', 'java1-a'], timeout: 1500 });
    assert.equal(result.ok, false, 'the operation must time out');
    assert.equal(typeof result.error, 'string');
    assert.ok(result.error.length > 0);
  });
});
