'use strict';
// fetchSockets across the cluster and what can be done with a fetched (possibly remote) socket: emit, join, leave,
// disconnect.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Cluster, eachOrigin } = require('../lib/world');
const { plain, token } = require('../lib/values');

describe('fetchSockets and remote sockets', () => {
  let cluster;
  before(async () => {
    cluster = await Cluster.open();
  });
  after(() => cluster && cluster.close());
  const scenario = (title, fn) => eachOrigin(it, () => cluster, title, fn);

  /** What fetchSockets must return for these labels: id, handshake.auth, sorted rooms (own id included), data. */
  function describeClients(world, labels) {
    return labels.map((label) => {
      const client = world.client(label);
      const rooms = [client.id, ...[...world.members].filter(([, m]) => m.has(label)).map(([room]) => room)].sort();
      return { id: client.id, auth: { user: label }, rooms, data: { user: label } };
    }).sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * Fetches, checks every socket's handshake has Node's shape for the client that opened it (whichever server holds
   * it and whichever answered), and returns {id, auth, rooms, data} sorted by id.
   */
  async function fetchFrom(world, control, selector) {
    const result = await control.op({ op: 'fetchSockets', nsp: '/', ...selector });
    const ids = result.sockets.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, `no socket listed twice: ${ids}`);
    const ours = result.sockets.filter((s) => world.clients.some((c) => c.id === s.id));
    for (const socket of ours) checkHandshake(world.client(world.labelOf(socket.id)), socket.handshake);
    return plain(ours.map(({ id, handshake, rooms, data }) => ({ id, auth: handshake.auth, rooms, data })))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  function checkHandshake(client, handshake) {
    const where = `handshake of ${client.label} (on ${client.server.name})`;
    const firstTransport = client.transport === 'websocket' ? 'websocket' : 'polling';
    assert.equal(handshake.query.EIO, '4', `${where}: query.EIO`);
    assert.equal(handshake.query.transport, firstTransport, `${where}: query.transport`);
    assert.ok(handshake.url.startsWith('/socket.io/?'), `${where}: url ${handshake.url}`);
    assert.equal(handshake.headers.host, client.server.url.replace('http://', ''), `${where}: headers.host`);
    assert.equal(handshake.address, '127.0.0.1', `${where}: address`);
    assert.equal(handshake.secure, false, `${where}: secure`);
    assert.equal(typeof handshake.issued, 'number', `${where}: issued`);
    assert.ok(Math.abs(Date.now() - handshake.issued) < 60000, `${where}: issued ${handshake.issued} is recent epoch millis`);
    assert.equal(typeof handshake.time, 'string', `${where}: time`);
  }

  scenario('all sockets of the cluster with id, handshake auth, rooms and data', async ({ world, control }) => {
    assert.deepEqual(await fetchFrom(world, control, {}), describeClients(world, world.labels));
  });

  scenario('in rooms, except a room', async ({ world, control, origin }) => {
    const selector = { rooms: [world.room('red'), world.room('blue')], except: [world.room('ws')] };
    assert.deepEqual(await fetchFrom(world, control, selector), describeClients(world, world.expected({ ...selector, origin })));
  });

  scenario('local flag: only the origin server\'s sockets', async ({ world, control, origin }) => {
    const selector = { rooms: [world.room('red'), world.room('green')], flags: { local: true } };
    assert.deepEqual(await fetchFrom(world, control, selector),
      describeClients(world, world.expected({ rooms: selector.rooms, local: true, origin })));
  });

  /** One local and one remote target of each server kind, seen from the origin. */
  function targetsFor(origin) {
    return origin.name === 'java0' ? ['java0-b', 'java1-a', 'node0-b', 'node1-a'] : ['node0-a', 'node1-b', 'java0-b', 'java1-b'];
  }

  scenario('remote emit reaches exactly the fetched socket, wherever it is', async ({ world, control, origin }) => {
    for (const label of targetsFor(origin)) {
      const t = token('remote-emit');
      const args = [t, { to: label }, Buffer.from([7, 7])];
      await control.op({ op: 'remoteEmit', nsp: '/', socketId: world.client(label).id, event: 'direct', args });
      await world.fenceFrom(origin);
      world.assertDelivered('direct', t, [label], args);
    }
  });

  scenario('remote join and leave change the fetched socket\'s rooms everywhere', async ({ world, control, origin }) => {
    const joined = world.room('joined');
    const targets = targetsFor(origin);
    for (const label of targets) {
      await control.op({ op: 'remoteJoin', nsp: '/', socketId: world.client(label).id, rooms: [joined, world.room('also')] });
      world.setMember(joined, label, true);
      world.setMember(world.room('also'), label, true);
    }
    await world.awaitRoom(joined, targets);
    await world.awaitRoom(world.room('also'), targets);
    let t = token('after-join');
    await control.op({ op: 'broadcast', rooms: [joined], event: 'news', args: [t] });
    await world.fenceFrom(origin);
    world.assertDelivered('news', t, targets);

    const leaving = [targets[0], targets[2]]; // one local, one remote
    for (const label of leaving) {
      await control.op({ op: 'remoteLeave', nsp: '/', socketId: world.client(label).id, room: joined });
      world.setMember(joined, label, false);
    }
    const staying = targets.filter((l) => !leaving.includes(l));
    await world.awaitRoom(joined, staying);
    await world.awaitRoom(world.room('also'), targets);
    t = token('after-leave');
    await control.op({ op: 'broadcast', rooms: [joined], event: 'news', args: [t] });
    await world.fenceFrom(origin);
    world.assertDelivered('news', t, staying);
  });

  scenario('remote disconnect closes exactly the fetched socket', async ({ world, control, origin }) => {
    const [local, , remote] = targetsFor(origin);
    for (const label of [local, remote]) {
      await control.op({ op: 'remoteDisconnect', nsp: '/', socketId: world.client(label).id, close: false });
      await world.client(label).waitFor((e) => e[0] === 'disconnect', `${label} disconnect`);
      assert.deepEqual(world.client(label).log.filter((e) => e[0] === 'disconnect'), [['disconnect', 'io server disconnect']]);
    }
    await world.fenceFrom(origin);
    assert.deepEqual(world.clients.filter((c) => !c.connected).map((c) => c.label).sort(), [local, remote].sort());
  });

  scenario('remote op on an unknown socket id fails', async ({ control }) => {
    const result = await control.op({ op: 'remoteEmit', nsp: '/', socketId: 'AAAAAAAAAAAAAAAAAAAA', event: 'direct', args: [] },
      { allowFailure: true });
    assert.equal(result.ok, false);
    assert.equal(typeof result.error, 'string');
  });
});
