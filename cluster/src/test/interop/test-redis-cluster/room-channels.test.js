'use strict';
// The sharded adapter on a Redis Cluster (ADAPTER=sharded, dynamic mode; env REDIS_CLUSTER: seeds host:port,...):
// each room's shard channel lives on its slot's master and is SSUBSCRIBEd there by exactly the servers that host a
// member, so a server without a member of a room gets none of its broadcasts, while every member, on every server,
// gets each one exactly once. Observed as a user can: PUBSUB SHARDNUMSUB on each master, and what clients receive.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { createClient, createCluster } = require('redis');
const { Cluster, World, MEMBERSHIP } = require('../lib/world');
const { token } = require('../lib/values');

const WAIT_MS = 5000;

describe('room channels on a Redis Cluster', () => {
  let cluster;
  let redis;
  let masters;
  before(async () => {
    cluster = await Cluster.open();
    const seeds = (process.env.REDIS_CLUSTER || '').split(',').filter((s) => s !== '');
    assert.ok(seeds.length > 0, 'env REDIS_CLUSTER (host:port,...) is required');
    redis = createCluster({ rootNodes: seeds.map((seed) => ({ url: `redis://${seed}` })) });
    redis.on('error', () => {});
    await redis.connect();
    masters = await Promise.all(redis.masters.map(async ({ host, port }) => {
      const client = createClient({ url: `redis://${host}:${port}` });
      client.on('error', () => {});
      await client.connect();
      return client;
    }));
    assert.ok(masters.length >= 3, `a Redis Cluster with 3 masters, got ${masters.length}`);
  });
  after(async () => {
    if (cluster) cluster.close();
    await Promise.allSettled([...(masters ?? []).map((m) => m.quit()), redis?.quit()]);
  });

  const channel = (room) => `${cluster.env.adapterKey}#/#${room}#`;

  /** SHARDNUMSUB of a channel on each master: [count per master]. */
  async function perMaster(name) {
    return Promise.all(masters.map(async (m) => Number((await m.sendCommand(['PUBSUB', 'SHARDNUMSUB', name]))[1])));
  }

  /** Waits (bounded) until the channel has `servers` subscribers, all on one master (its slot's). */
  async function awaitSubscribers(name, servers) {
    const deadline = Date.now() + WAIT_MS;
    let counts;
    for (;;) {
      counts = await perMaster(name);
      const sum = counts.reduce((a, b) => a + b, 0);
      if (sum === servers && counts.filter((c) => c > 0).length === (servers === 0 ? 0 : 1)) return;
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.fail(`SHARDNUMSUB ${name} per master = [${counts}], expected ${servers} subscribers on one master`);
  }

  const serversOf = (world, labels) => new Set(labels.map((l) => world.client(l).server.name));

  it('serverCount is 4 on every server (SHARDNUMSUB of the namespace channel summed over the masters)', async () => {
    for (const server of cluster.servers) {
      const result = await cluster.control(server).op({ op: 'serverCount', nsp: '/' });
      assert.equal(result.count, 4, `serverCount on ${server.name}`);
    }
  });

  it('each room channel is subscribed by exactly the servers hosting a member, on its slot master', async () => {
    const world = await World.create(cluster);
    try {
      for (const [shortName, labels] of Object.entries(MEMBERSHIP)) {
        await awaitSubscribers(channel(world.room(shortName)), serversOf(world, labels).size);
      }
      await awaitSubscribers(channel(world.room('nobody')), 0);
      // socket id rooms get no channel in dynamic mode
      for (const client of world.clients) await awaitSubscribers(channel(client.id), 0);
    } finally {
      world.close();
    }
  });

  it('a room broadcast from every server reaches each member once, and servers without member hold no subscription', async () => {
    const world = await World.create(cluster);
    try {
      const green = world.room('green'); // java1-b and node1-b only: java0 and node0 host no member
      await awaitSubscribers(channel(green), 2);
      const tokens = [];
      for (const origin of cluster.servers) {
        const t = token(`green-${origin.name}`);
        tokens.push(t);
        await cluster.control(origin).op({ op: 'broadcast', nsp: '/', rooms: [green], event: 'news', args: [t] });
      }
      for (const origin of cluster.servers) await world.fenceFrom(origin);
      for (const t of tokens) world.assertDelivered('news', t, MEMBERSHIP.green);
      for (const shortName of ['red', 'blue', 'ws']) {
        const room = world.room(shortName);
        const t = token(shortName);
        await cluster.control(cluster.servers[3]).op({ op: 'broadcast', nsp: '/', rooms: [room], event: 'news', args: [t] });
        await world.fenceFrom(cluster.servers[3]);
        world.assertDelivered('news', t, MEMBERSHIP[shortName]);
      }
    } finally {
      world.close();
    }
  });

  it('a server subscribes a room when its first local member joins and drops it when the last one leaves', async () => {
    const world = await World.create(cluster);
    try {
      const room = world.room('late');
      await awaitSubscribers(channel(room), 0);
      for (const label of ['java0-a', 'node0-a']) await world.client(label).join(room);
      await awaitSubscribers(channel(room), 2);
      const t = token('late');
      await cluster.control(cluster.servers[1]).op({ op: 'broadcast', nsp: '/', rooms: [room], event: 'news', args: [t] });
      await world.fenceFrom(cluster.servers[1]);
      world.assertDelivered('news', t, ['java0-a', 'node0-a']);
      await cluster.control(cluster.servers[2]).op({ op: 'socketsLeave', nsp: '/', rooms: [room], leave: [room] });
      await awaitSubscribers(channel(room), 0);
    } finally {
      world.close();
    }
  });
});
