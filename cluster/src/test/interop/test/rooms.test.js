'use strict';
// socketsJoin, socketsLeave and disconnectSockets with rooms/except, applied on every server of the cluster.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Cluster, eachOrigin } = require('../lib/world');
const { token } = require('../lib/values');

describe('socketsJoin / socketsLeave / disconnectSockets', () => {
  let cluster;
  before(async () => {
    cluster = await Cluster.open();
  });
  after(() => cluster && cluster.close());
  const scenario = (title, fn) => eachOrigin(it, () => cluster, title, fn);

  async function broadcastTo(world, origin, control, room, expectedLabels) {
    const t = token('probe');
    await control.op({ op: 'broadcast', rooms: [room], event: 'news', args: [t] });
    await world.fenceFrom(origin);
    world.assertDelivered('news', t, expectedLabels);
  }

  scenario('socketsJoin: sockets in rooms, except a room, join new rooms on every server', async ({ world, control, origin }) => {
    const selector = { rooms: [world.room('red'), world.room('green')], except: [world.room('blue')] };
    const joiners = world.expected({ ...selector, origin });
    const added = [world.room('team'), world.room('team2')];
    await control.op({ op: 'socketsJoin', nsp: '/', ...selector, join: added });
    for (const room of added) for (const label of joiners) world.setMember(room, label, true);
    for (const room of added) await world.awaitRoom(room, joiners);
    await broadcastTo(world, origin, control, added[0], joiners);
  });

  scenario('socketsJoin to all sockets', async ({ world, control, origin }) => {
    const room = world.room('everyone');
    await control.op({ op: 'socketsJoin', nsp: '/', join: [room] });
    for (const label of world.labels) world.setMember(room, label, true);
    await world.awaitRoom(room, world.labels);
    await broadcastTo(world, origin, control, room, world.labels);
  });

  scenario('socketsLeave: sockets in a room leave another room on every server', async ({ world, control, origin }) => {
    // red members leave blue: java1-a and node1-a (red and blue) leave; java0-b and node0-b stay in blue.
    await control.op({ op: 'socketsLeave', nsp: '/', rooms: [world.room('red')], leave: [world.room('blue')] });
    world.setMember(world.room('blue'), 'java1-a', false);
    world.setMember(world.room('blue'), 'node1-a', false);
    await world.awaitRoom(world.room('blue'), ['java0-b', 'node0-b']);
    await broadcastTo(world, origin, control, world.room('blue'), ['java0-b', 'node0-b']);
  });

  scenario('socketsLeave with except', async ({ world, control, origin }) => {
    // everyone except green members leaves ws: java1-b and node1-b stay.
    await control.op({ op: 'socketsLeave', nsp: '/', except: [world.room('green')], leave: [world.room('ws')] });
    for (const label of world.labels) if (!['java1-b', 'node1-b'].includes(label)) world.setMember(world.room('ws'), label, false);
    await world.awaitRoom(world.room('ws'), ['java1-b', 'node1-b']);
    await broadcastTo(world, origin, control, world.room('ws'), ['java1-b', 'node1-b']);
  });

  scenario('a local join on one server is seen by fetchSockets and broadcasts from every server', async ({ world, control, origin }) => {
    const room = world.room('local-join');
    const joiners = ['java1-b', 'node1-b', 'java0-a', 'node0-a'];
    for (const label of joiners) {
      const client = world.client(label);
      await world.cluster.control(client.server).op({ op: 'join', socketId: client.id, rooms: [room] });
      world.setMember(room, label, true);
    }
    const seen = await control.op({ op: 'fetchSockets', rooms: [room] });
    assert.deepEqual(seen.sockets.map((s) => world.labelOf(s.id)).sort(), joiners.slice().sort());
    await broadcastTo(world, origin, control, room, joiners);
  });

  for (const close of [false, true]) {
    scenario(`disconnectSockets(close=${close}) in a room, except a room`, async ({ world, control, origin }) => {
      // (red ∪ green) − blue = java0-a, node0-a, java1-b, node1-b: both kinds of server, local and remote.
      const selector = { rooms: [world.room('red'), world.room('green')], except: [world.room('blue')] };
      const victims = world.expected({ ...selector, origin });
      await control.op({ op: 'disconnectSockets', nsp: '/', ...selector, close });
      const reason = close ? /^(io server disconnect|transport close)$/ : /^io server disconnect$/;
      for (const label of victims) {
        const [, why] = await world.client(label).waitFor((e) => e[0] === 'disconnect', `${label} disconnect`);
        assert.match(why, reason, `${label} disconnect reason`);
      }
      await world.fenceFrom(origin);
      assert.deepEqual(world.clients.filter((c) => !c.connected).map((c) => c.label).sort(), victims);
    });
  }
});
