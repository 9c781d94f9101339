'use strict';
// The fixture every scenario runs in: control connections to the 4 servers, and a "world" of 8 clients (2 per server,
// mixed transports) with known room memberships, plus the model that says who must receive what.
const assert = require('node:assert/strict');
const { interopEnv } = require('./env');
const { ControlClient } = require('./control');
const { RecordingClient, WAIT_MS } = require('./client');
const { plain, token } = require('./values');

/** Transports per server index: [client a, client b]; polling-only clients sit on java0 and node0. */
const TRANSPORTS = [['websocket', 'polling'], ['default', 'websocket'], ['websocket', 'polling'], ['default', 'websocket']];

/**
 * Room memberships by label. java1-a and node1-a are in red and blue (a broadcast to both must reach them once),
 * every server has a blue member (so "except blue" is checked everywhere); green has one
 * client on a Java and one on a Node server; "ws" holds every client whose transport is WebSocket (volatile packets
 * are only deterministic there: a polling client may be between two GET requests).
 */
const MEMBERSHIP = {
  red: ['java0-a', 'java1-a', 'node0-a', 'node1-a'],
  blue: ['java0-b', 'java1-a', 'node0-b', 'node1-a'],
  green: ['java1-b', 'node1-b'],
  ws: ['java0-a', 'java1-a', 'java1-b', 'node0-a', 'node1-a', 'node1-b'],
};

/** Control connections to every server, opened once per test file. */
class Cluster {
  static async open() {
    const env = await interopEnv();
    const controls = await Promise.all(env.servers.map((server) => new ControlClient(server).ready()));
    try {
      return new Cluster(env, controls);
    } catch (err) {
      for (const control of controls) control.close();
      throw err;
    }
  }

  constructor(env, controls) {
    this.env = env;
    this.servers = env.servers;
    this.controls = controls;
    // Every server must run the adapter of env ADAPTER, and all the same recovery setting (CONTROL.md "info"; a Java
    // or Node peer that predates the field reports none and counts as classic without recovery).
    const seen = controls.map((c) => ({ adapter: c.info.adapter ?? 'classic', recoveryMs: c.info.recoveryMs ?? null }));
    const report = env.servers.map((s, i) => `${s.name}=${JSON.stringify(seen[i])}`).join(' ');
    for (const [i, server] of env.servers.entries()) {
      if (seen[i].adapter !== env.adapter) {
        throw new Error(`env ADAPTER=${env.adapter} but ${server.name} (${server.url}) runs the ${seen[i].adapter} adapter: ${report}`);
      }
    }
    if (new Set(seen.map((s) => s.recoveryMs === null)).size !== 1) {
      throw new Error(`connection state recovery must be on for all servers or none: ${report}`);
    }
    /** Whether the servers run connection state recovery: events then end with an offset (§7.4), recorded apart. */
    this.recovery = seen[0].recoveryMs !== null;
    this.recoveryMs = seen[0].recoveryMs;
  }

  /** Scenario origins: every operation runs once from a Java node (server 0) and once from a Node server (server 2). */
  get origins() {
    return [this.servers[0], this.servers[2]];
  }

  control(server) {
    return this.controls[server.index];
  }

  close() {
    for (const control of this.controls) control.close();
  }
}

class World {
  /** Connects 8 clients and joins them to red/blue/green/ws (all names unique to this world). */
  static async create(cluster) {
    const world = new World(cluster, token('w'));
    for (const server of cluster.servers) {
      ['a', 'b'].forEach((suffix, i) => {
        const client = new RecordingClient(server, `${server.name}-${suffix}`, TRANSPORTS[server.index][i],
          { offsets: cluster.recovery });
        world.clients.push(client);
      });
    }
    try {
      await Promise.all(world.clients.map((c) => c.ready()));
      for (const [shortName, labels] of Object.entries(MEMBERSHIP)) {
        for (const label of labels) world.members.get(world.room(shortName)).add(label);
      }
      await Promise.all(Object.entries(MEMBERSHIP).flatMap(([shortName, labels]) =>
        labels.map((label) => world.client(label).join(world.room(shortName)))));
    } catch (err) {
      world.close();
      throw err;
    }
    return world;
  }

  constructor(cluster, prefix) {
    this.cluster = cluster;
    this.prefix = prefix;
    this.clients = [];
    this.members = new Map(Object.keys(MEMBERSHIP).map((shortName) => [this.room(shortName), new Set()]));
  }

  room(shortName) {
    return `${this.prefix}:${shortName}`;
  }

  client(label) {
    const client = this.clients.find((c) => c.label === label);
    if (!client) throw new Error(`no client ${label}`);
    return client;
  }

  get labels() {
    return this.clients.map((c) => c.label);
  }

  connectedClients() {
    return this.clients.filter((c) => c.connected);
  }

  /** Labels of the members of a room: a world room, a client's own id room, or an unknown room (nobody). */
  roomMembers(room) {
    if (this.members.has(room)) return [...this.members.get(room)];
    const owner = this.clients.find((c) => c.id === room);
    return owner ? [owner.label] : [];
  }

  /** Adds (or removes) a label to the model of a room, creating the room when needed. */
  setMember(room, label, member) {
    if (!this.members.has(room)) this.members.set(room, new Set());
    if (member) this.members.get(room).add(label);
    else this.members.get(room).delete(label);
  }

  /** socket.io-adapter's delivery rule: (rooms, or everyone when empty) minus except, optionally origin-local. */
  expected({ rooms = [], except = [], local = false, origin } = {}) {
    const excluded = new Set(except.flatMap((r) => this.roomMembers(r)));
    const targets = rooms.length === 0 ? this.labels : [...new Set(rooms.flatMap((r) => this.roomMembers(r)))];
    return targets
      .filter((label) => !excluded.has(label))
      .filter((label) => !local || this.client(label).server.index === origin.index)
      .sort();
  }

  /**
   * Sends a "fence" broadcast to everybody after an operation and waits until every connected client has it. Redis
   * pub/sub and every server keep the order of one publisher's messages, so after the fence nothing of the operation
   * is still in flight: counting now proves "nothing twice, nothing where excluded".
   */
  async fence(send) {
    const fenceToken = token('fence');
    await send(fenceToken);
    await Promise.all(this.connectedClients().map((c) => c.waitForToken('fence', fenceToken)));
  }

  /**
   * Fence through a server's control op (a plain broadcast to all from that server). On a Redis Cluster (env
   * REDIS_CLUSTER) the sharded adapter's room channels live on other masters than the namespace channel, and Redis
   * keeps one publisher's order per channel only: a room broadcast may then arrive after a later broadcast to all.
   * So there every room of the world gets its own fence too, on its room channel, and its members must receive it.
   */
  async fenceFrom(server) {
    const control = this.cluster.control(server);
    if (process.env.REDIS_CLUSTER) {
      const rooms = [...this.members.entries()].filter(([, labels]) => labels.size > 0);
      const fences = await Promise.all(rooms.map(async ([room, labels]) => {
        const t = token('room-fence');
        await control.op({ op: 'broadcast', rooms: [room], event: 'fence', args: [t] });
        return { t, labels: [...labels] };
      }));
      await Promise.all(fences.flatMap(({ t, labels }) => labels.map((l) => this.client(l))
        .filter((c) => c.connected).map((c) => c.waitForToken('fence', t))));
    }
    return this.fence((t) => control.op({ op: 'broadcast', event: 'fence', args: [t] }));
  }

  /**
   * Every connected client received event+token exactly once when its label is in expectedLabels, else never; and
   * with exactly expectedArgs (plain form, token first) when given.
   */
  assertDelivered(event, eventToken, expectedLabels, expectedArgs) {
    const expected = new Set(expectedLabels);
    const report = this.connectedClients().map((c) => `${c.label}:${c.received(event, eventToken).length}`).join(' ');
    for (const client of this.connectedClients()) {
      const got = client.received(event, eventToken);
      assert.equal(got.length, expected.has(client.label) ? 1 : 0,
        `"${event}" count at ${client.label} (on ${client.server.name}); expected receivers [${[...expected].sort()}]; counts ${report}`);
      if (got.length === 1 && expectedArgs !== undefined) {
        assert.deepEqual(plain(got[0].slice(2)), plain(expectedArgs), `"${event}" arguments at ${client.label}`);
      }
    }
    for (const label of expected) {
      assert.ok(this.client(label).connected, `${label} should have received "${event}" but is disconnected`);
    }
  }

  /**
   * Waits (bounded) until the servers' local views of a room together hold exactly these labels. Needed after
   * socketsJoin/remoteJoin & co: a Node requester applies them only when its own request comes back from Redis.
   */
  async awaitRoom(room, labels) {
    const want = labels.map((l) => this.client(l).id).sort();
    const deadline = Date.now() + WAIT_MS;
    let have;
    for (;;) {
      const views = await Promise.all(this.cluster.servers.map((s) => this.cluster.control(s).op(
        { op: 'fetchSockets', rooms: [room], flags: { local: true } })));
      have = views.flatMap((v) => v.sockets.map((s) => s.id)).sort();
      if (JSON.stringify(have) === JSON.stringify(want)) return;
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.deepEqual(have.map((id) => this.labelOf(id)), labels.slice().sort(), `members of ${room} across the cluster`);
  }

  labelOf(socketId) {
    const client = this.clients.find((c) => c.id === socketId);
    return client ? client.label : `<unknown ${socketId}>`;
  }

  close() {
    for (const client of this.clients) client.close();
  }
}

/**
 * Declares one test per origin (a Java node and a Node server) for a scenario: fn(t, {cluster, world, origin}).
 * Each run gets a fresh world, closed afterwards.
 */
function eachOrigin(it, getCluster, title, fn) {
  for (const role of ['java0', 'node0']) {
    it(`${title} [from ${role}]`, async () => {
      const cluster = getCluster();
      const origin = cluster.servers.find((s) => s.name === role);
      const world = await World.create(cluster);
      try {
        await fn({ cluster, world, origin, control: cluster.control(origin) });
      } finally {
        world.close();
      }
    });
  }
}

module.exports = { Cluster, World, eachOrigin, MEMBERSHIP };
