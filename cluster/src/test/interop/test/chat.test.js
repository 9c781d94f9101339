'use strict';
// The chat application across the cluster (APP-CONTRACT.md): clients on different servers in one room each get every
// `message` exactly once, with the same id, whichever kind of server the sender is on.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Cluster, World } = require('../lib/world');
const { token } = require('../lib/values');

describe('chat across nodes', () => {
  let cluster;
  before(async () => {
    cluster = await Cluster.open();
  });
  after(() => cluster && cluster.close());

  for (const sender of ['java0-a', 'node0-b', 'java1-a', 'node1-a']) {
    it(`a message from ${sender} reaches every room member on every server exactly once`, async () => {
      const world = await World.create(cluster);
      try {
        const room = world.room('red');
        const members = world.expected({ rooms: [room] });
        const sending = world.client(sender);
        if (!members.includes(sender)) await sending.join(room);
        const receivers = [...new Set([...members, sender])].sort();

        const texts = [token('m1'), token('m2'), token('m3')];
        const acks = [];
        for (const text of texts) {
          const [ack] = await sending.call('message', { room, text });
          assert.equal(ack.ok, true, JSON.stringify(ack));
          acks.push(ack.id);
        }
        await world.fenceFrom(sending.server);
        for (const client of world.connectedClients()) {
          const got = client.log.filter((e) => e[0] === 'event' && e[1] === 'message' && e[2].room === room).map((e) => e[2]);
          if (!receivers.includes(client.label)) {
            assert.deepEqual(got, [], `${client.label} is not in ${room}`);
            continue;
          }
          assert.deepEqual(got.map((m) => m.text), texts, `${client.label}: every message once, in order`);
          assert.deepEqual(got.map((m) => m.id), acks, `${client.label}: ids match the sender's acks`);
          for (const m of got) {
            assert.equal(m.from, sender);
            assert.equal(typeof m.ts, 'number');
          }
        }
      } finally {
        world.close();
      }
    });
  }

  it('a room member that left gets nothing more; the others still get it once', async () => {
    const world = await World.create(cluster);
    try {
      const room = world.room('blue'); // java0-b, java1-a, node0-b, node1-a
      const [left] = await world.client('node0-b').call('leave', room);
      assert.equal(left.ok, true);
      world.setMember(room, 'node0-b', false);
      const text = token('after-leave');
      const [ack] = await world.client('java0-b').call('message', { room, text });
      assert.equal(ack.ok, true);
      await world.fenceFrom(world.client('java0-b').server);
      for (const client of world.connectedClients()) {
        const got = client.log.filter((e) => e[0] === 'event' && e[1] === 'message' && e[2].text === text);
        assert.equal(got.length, ['java0-b', 'java1-a', 'node1-a'].includes(client.label) ? 1 : 0, `${client.label}`);
      }
    } finally {
      world.close();
    }
  });
});
