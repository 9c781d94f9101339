'use strict';
// Connection state recovery across a streams cluster (protocol §6.8, §7): a client loses its connection on one server
// and socket.io-client's own reconnection (same Socket: its stored pid and last offset) lands on another server, which
// restores its id, rooms and data from the session the first server saved in Redis and replays what it missed from the
// stream. Every direction: Java→Node, Node→Java, Node→Node, Java→Java. And the cases that must NOT recover (forged
// pid, malformed offset, expired session, trimmed offset): a fresh session, nobody else disturbed.
//
// A Switchboard (lib/switchboard.js) stands in front of the servers as a load balancer would: it routes the client's
// TCP connections, holds the reconnect while the test sends what the client misses, and cuts a connection the way a
// network failure does. The servers run with --adapter streams --recovery-ms <ms> (README).
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { createClient } = require('redis');
const { Cluster } = require('../lib/world');
const { RecordingClient, WAIT_MS, OFFSET } = require('../lib/client');
const { Switchboard } = require('../lib/switchboard');
const { adapterKind } = require('../lib/env');
const { token } = require('../lib/values');

const SKIP = adapterKind() !== 'streams'
  && 'ADAPTER=classic: connection state recovery needs the streams adapter (the classic @socket.io/redis-adapter has no '
  + 'persistSession/restoreSession, protocol §7.1); run with ADAPTER=streams and peers started with --recovery-ms';

/** socket.io-client's reconnection, fast: the Switchboard holds the attempt anyway until the test routes it. */
const RECONNECT = { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 200, randomizationFactor: 0 };
const EVENT = 'rec';

describe('connection state recovery (streams adapter)', { skip: SKIP }, () => {
  let cluster;
  let redis;
  let streamName;
  let sessionKeyPrefix;
  before(async () => {
    cluster = await Cluster.open();
    if (!cluster.recovery) {
      throw new Error('the servers run without connection state recovery: start every peer with --adapter streams '
        + '--recovery-ms <ms> (README "Run it by hand")');
    }
    // The stream and the session keys are shared by every server (a session saved by one is restored by another).
    const reported = cluster.controls.map((c) => c.info).filter((info) => info.streamName !== undefined);
    assert.ok(reported.length > 0, 'no server reports streamName/sessionKeyPrefix in its info (CONTROL.md)');
    streamName = reported[0].streamName;
    sessionKeyPrefix = reported[0].sessionKeyPrefix;
    for (const info of reported) {
      assert.deepEqual([info.streamName, info.sessionKeyPrefix], [streamName, sessionKeyPrefix], `${info.name}: same stream and session prefix`);
    }
    redis = createClient({ url: cluster.env.redisUrl });
    redis.on('error', () => {});
    await redis.connect();
  });
  after(async () => {
    if (cluster) cluster.close();
    if (redis && redis.isOpen) await redis.quit();
  });

  const server = (name) => cluster.servers.find((s) => s.name === name);

  /** Bounded polling of an async condition; fails with `what` and the last value seen. */
  async function eventually(probe, accept, what, timeoutMs = WAIT_MS) {
    const deadline = Date.now() + timeoutMs;
    let value;
    for (;;) {
      value = await probe();
      if (accept(value)) return value;
      if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms (last seen ${JSON.stringify(value)})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Ids of the sockets, on any server, whose auth.user starts with the scenario prefix. */
  async function ours(prefix) {
    const views = await Promise.all(cluster.servers.map((s) => cluster.control(s).op({ op: 'fetchSockets', nsp: '/', flags: { local: true } })));
    return views.flatMap((v) => v.sockets).filter((s) => String(s.handshake.auth.user).startsWith(prefix)).map((s) => s.id);
  }

  const socketState = (srv, socketId) => cluster.control(srv).op({ op: 'socketState', nsp: '/', socketId });

  /** The token of a recorded event: first argument of EVENT, text of a chat message. */
  const tokenOf = (e) => (e[1] === 'message' ? e[2] && e[2].text : e[2]);
  const isEvent = (e) => e[0] === 'event' && (e[1] === EVENT || e[1] === 'message');

  /** Waits for a log entry recorded at index >= from. */
  function entryAfter(client, from, predicate, what, timeoutMs) {
    return client.waitFor((e) => client.log.indexOf(e) >= from && predicate(e), what, timeoutMs);
  }

  function waitToken(client, t) {
    return client.waitFor((e) => isEvent(e) && tokenOf(e) === t, `"${t}"`);
  }

  /**
   * A (through the switchboard, routed to `from`) in r1 and r2; O, the observer, in r1 and r3, on a third server;
   * B, a chat sender, in r1, on the fourth. Every event of a scenario reaches O, so O having it means it is in the
   * stream (with recovery on, a server delivers even its own broadcasts only after XADD returned).
   */
  async function setup(from, to, { transport = 'websocket' } = {}) {
    const prefix = token('rec');
    const rooms = { r1: `${prefix}:r1`, r2: `${prefix}:r2`, r3: `${prefix}:r3` };
    const [third, fourth] = cluster.servers.filter((s) => s !== from && s !== to);
    const board = await Switchboard.open();
    board.route(from);
    const ctx = {
      from, to, third, fourth, rooms, board, prefix,
      a: new RecordingClient(from, `${prefix}-A`, transport, { offsets: true, url: board.url, io: RECONNECT }),
      o: new RecordingClient(third, `${prefix}-O`, 'websocket', { offsets: true }),
      b: new RecordingClient(fourth, `${prefix}-B`, 'websocket', { offsets: true }),
      /** Closes the clients and waits until no server holds a socket of this scenario, then the switchboard. */
      async close(extra = []) {
        for (const c of [ctx.a, ctx.o, ctx.b, ...extra]) c.close();
        try {
          // A polling client's goodbye travels through the switchboard: closing it first would leave the server a
          // socket until its ping timeout, there for the next test files to find.
          await eventually(() => ours(prefix), (ids) => ids.length === 0, `no socket of ${prefix} left on the servers`);
        } finally {
          board.close();
        }
      },
    };
    try {
      await Promise.all([ctx.a, ctx.o, ctx.b].map((c) => c.ready()));
      await Promise.all([ctx.a.join(rooms.r1), ctx.a.join(rooms.r2), ctx.o.join(rooms.r1), ctx.o.join(rooms.r3), ctx.b.join(rooms.r1)]);
      assert.equal(typeof ctx.a.socket._pid, 'string', 'the CONNECT reply carries a pid when recovery is on (§7.2)');
      assert.equal(ctx.a.socket.recovered, false, 'a first connection is not recovered');
      const state = await socketState(from, ctx.a.id);
      assert.deepEqual([state.found, state.recovered, state.rooms], [true, false, [ctx.a.id, rooms.r1, rooms.r2].sort()],
        `A on ${from.name} before the drop`);
      // A gets an event (and so an offset) before it is dropped.
      const before = token('before');
      await send(ctx, from, { rooms: [rooms.r1] }, before);
      await waitToken(ctx.a, before);
      const last = ctx.a.log.filter((e) => e.offset !== undefined).pop();
      assert.ok(last && OFFSET.test(last.offset), `A's events end with a stream offset: ${JSON.stringify(last)}`);
      assert.equal(ctx.a.socket._lastOffset, last.offset, 'the client keeps the last offset it received');
    } catch (err) {
      await ctx.close();
      throw err;
    }
    return ctx;
  }

  /** A broadcast of EVENT [t] from a server; resolves once O has it (so it is in the stream), unless O is not targeted. */
  async function send(ctx, origin, { rooms = [], except = [], flags } = {}, t, { observed = true } = {}) {
    await cluster.control(origin).op({ op: 'broadcast', nsp: '/', rooms, except, flags, event: EVENT, args: [t] });
    if (observed) await waitToken(ctx.o, t);
  }

  /** A chat message from B to a room (APP-CONTRACT.md); resolves once O has it. */
  async function chat(ctx, room, t) {
    const [ack] = await ctx.b.call('message', { room, text: t });
    assert.equal(ack.ok, true, `B's chat message: ${JSON.stringify(ack)}`);
    await waitToken(ctx.o, t);
  }

  /**
   * Drops A's connection and holds its reconnect: 'cut' = the switchboard destroys the TCP connection (a network
   * failure); 'closeTransport' = A's server closes the Engine.IO session without a Socket.IO DISCONNECT (CONTROL.md).
   * Then waits until the server has saved the session in Redis (§6.8), with a TTL of at most maxDisconnectionDuration.
   */
  async function drop(ctx, how) {
    const { a, board, from } = ctx;
    const id = a.id;
    const pid = a.socket._pid;
    const offset = a.socket._lastOffset;
    const mark = a.log.length;
    // From A's disconnect on, new connections wait (its reconnect among them) and no connection still open to `from`
    // may carry the reconnect there. Polling opens a connection per request: holding any earlier would stall it.
    a.socket.once('disconnect', () => {
      board.hold();
      board.cut();
    });
    if (how === 'cut') {
      board.hold();
      board.cut();
    }
    else await cluster.control(from).op({ op: 'closeTransport', nsp: '/', socketId: id });
    const [, reason] = await entryAfter(a, mark, (e) => e[0] === 'disconnect', 'A disconnect');
    assert.equal(reason, 'transport close', 'A lost its transport (no Socket.IO DISCONNECT: a recoverable close)');
    await eventually(() => socketState(from, id), (s) => s.found === false, `${from.name} drops A's socket`);
    const key = sessionKeyPrefix + pid;
    await eventually(() => redis.exists(key), (n) => n === 1, `${from.name} saves A's session as ${key}`);
    const ttl = await redis.pTTL(key);
    assert.ok(ttl > 0 && ttl <= cluster.recoveryMs, `session TTL ${ttl} ms must be in (0, ${cluster.recoveryMs}] (PX maxDisconnectionDuration)`);
    return { id, pid, offset, key, disconnectedAt: a.log.findIndex((e, i) => i >= mark && e[0] === 'disconnect') };
  }

  /** Lets A's held reconnect through to `to`; resolves with the log index of A's 'connect'. */
  async function reconnect(ctx, dropped) {
    ctx.board.route(ctx.to);
    const connected = await entryAfter(ctx.a, dropped.disconnectedAt, (e) => e[0] === 'connect' || e[0] === 'connect_error',
      `A's reconnect through the switchboard to ${ctx.to.name}`, WAIT_MS * 2);
    assert.equal(connected[0], 'connect', `A reconnects to ${ctx.to.name}: ${JSON.stringify(connected)}`);
    return ctx.a.log.indexOf(connected);
  }

  /** Tokens of A's events between two log indexes. */
  const eventsBetween = (client, from, to) => client.log.slice(from, to).filter(isEvent);

  /** Every token exactly `times` in the client's whole log. */
  function assertCount(client, tokens, times, what) {
    for (const t of tokens) {
      const n = client.log.filter((e) => isEvent(e) && tokenOf(e) === t).length;
      assert.equal(n, times, `${client.label}: "${t}" ${what} (seen ${n} times)`);
    }
  }

  /** Sends the "while A is away" events; returns [tokens A must get, in stream order], [tokens A must never get]. */
  async function whileAway(ctx, dropped) {
    const { from, to, third, fourth, rooms } = ctx;
    const plan = [
      { origin: from, rooms: [rooms.r1], forA: true },
      { origin: to, rooms: [rooms.r3], forA: false },
      { origin: third, rooms: [rooms.r1, rooms.r2], forA: true }, // in both: once
      { origin: to, rooms: [rooms.r1], except: [dropped.id], forA: false }, // its own id room excluded
      { origin: from, rooms: [rooms.r2, ctx.o.id], forA: true },
      { origin: fourth, rooms: [dropped.id, ctx.o.id], forA: true }, // its own id room (a private emit)
      { origin: third, except: [rooms.r2], forA: false }, // everyone except r2
      { chat: rooms.r1, forA: true }, // B's chat message to r1
      { origin: to, forA: true }, // everyone
      { origin: fourth, rooms: [rooms.r3, rooms.r1], except: [rooms.r2], forA: false },
    ];
    const missed = [];
    const never = [];
    for (const step of plan) {
      const t = token('away');
      // One at a time, each in the stream (O has it) before the next: the stream order is the plan's order.
      if (step.chat) await chat(ctx, step.chat, t);
      else await send(ctx, step.origin, step, t);
      (step.forA ? missed : never).push(t);
    }
    return { missed, never };
  }

  /** After A is back: events to its rooms reach it once, others never; everyone's counts settle behind a fence. */
  async function liveAfter(ctx) {
    const { from, to, third, fourth, rooms, a, o } = ctx;
    const plan = [
      { origin: from, rooms: [rooms.r1], forA: true },
      { origin: to, rooms: [rooms.r2, o.id], forA: true },
      { origin: third, rooms: [rooms.r3], forA: false },
      { chat: rooms.r1, forA: true },
      { origin: fourth, rooms: [rooms.r1], except: [a.id], forA: false },
    ];
    const live = [];
    const never = [];
    for (const step of plan) {
      const t = token('live');
      if (step.chat) await chat(ctx, step.chat, t);
      else await send(ctx, step.origin, step, t);
      if (step.forA) await waitToken(a, t);
      (step.forA ? live : never).push(t);
    }
    // Fence from every origin to A and O: nothing of the above can still be on its way.
    for (const origin of [from, to, third, fourth]) {
      const t = token('fence');
      await cluster.control(origin).op({ op: 'broadcast', nsp: '/', rooms: [a.id, o.id], event: 'fence', args: [t] });
      await Promise.all([a, o].map((c) => c.waitForToken('fence', t)));
    }
    return { live, never };
  }

  async function recoveryScenario(fromName, toName, { transport = 'websocket', how = 'cut' } = {}) {
    const ctx = await setup(server(fromName), server(toName), { transport });
    try {
      const { a, o, b, rooms } = ctx;
      const dropped = await drop(ctx, how);
      const away = await whileAway(ctx, dropped);
      const connectedAt = await reconnect(ctx, dropped);

      // The client: recovered, same id; what it missed came before its 'connect', once each, in stream order.
      assert.equal(a.socket.recovered, true, `socket.recovered on the client (${fromName} → ${toName})`);
      assert.equal(a.id, dropped.id, 'same socket id after recovery');
      assert.equal(a.socket._pid, dropped.pid, 'same pid after recovery');
      assert.equal(ctx.board.routed[ctx.board.routed.length - 1], toName, 'the reconnect went to the other server');
      const replayed = eventsBetween(a, dropped.disconnectedAt, connectedAt);
      assert.deepEqual(replayed.map(tokenOf), away.missed,
        'missed events of its rooms (and its id room), replayed before CONNECT in stream order, nothing else');
      const offsets = replayed.map((e) => e.offset);
      for (const [i, offset] of offsets.entries()) {
        assert.ok(OFFSET.test(offset ?? ''), `replayed event ${i} ends with its stream offset: ${offset}`);
        const atObserver = o.log.find((e) => isEvent(e) && tokenOf(e) === tokenOf(replayed[i]));
        assert.equal(offset, atObserver.offset, `replayed event ${i} carries the offset every server gave it`);
      }
      assertCount(a, away.missed, 1, 'missed event exactly once');
      assertCount(a, away.never, 0, 'not for A (other rooms, or excluded)');

      // The servers: the new server holds the recovered socket with its rooms and data; the old one has none.
      const state = await socketState(ctx.to, a.id);
      assert.deepEqual({ found: state.found, recovered: state.recovered, rooms: state.rooms, data: state.data },
        { found: true, recovered: true, rooms: [a.id, rooms.r1, rooms.r2].sort(), data: { user: a.label } },
        `A on ${toName} after recovery`);
      assert.equal((await socketState(ctx.from, a.id)).found, false, `${fromName} has no socket ${a.id}`);
      await eventually(() => redis.exists(dropped.key), (n) => n === 0, 'the session is consumed by the recovery');

      // Live traffic after recovery: once each, nothing for other rooms; O and B were never disturbed.
      const live = await liveAfter(ctx);
      assertCount(a, live.live, 1, 'live event after recovery exactly once');
      assertCount(a, live.never, 0, 'live event not for A');
      assertCount(o, [...away.missed, ...away.never, ...live.live, ...live.never], 1, 'at the observer');
      assert.ok(o.connected && b.connected, 'O and B stay connected');
      assert.deepEqual(a.log.filter((e) => e[0] === 'disconnect').length, 1, 'A disconnected once');
    } finally {
      await ctx.close();
    }
  }

  for (const [from, to] of [['java0', 'node0'], ['node0', 'java0'], ['node0', 'node1'], ['java0', 'java1']]) {
    it(`${from} → ${to}: a network cut; the reconnect to the other server recovers id, rooms and missed events`, () =>
      recoveryScenario(from, to));
  }
  it('java1 → node1: after polling upgraded to WebSocket, a network cut recovers too', () =>
    recoveryScenario('java1', 'node1', { transport: 'default' }));
  it('node1 → java1: a polling client whose server closes its transport (closeTransport) recovers on a Java node', () =>
    recoveryScenario('node1', 'java1', { transport: 'polling', how: 'closeTransport' }));
  it('java1 → node1: a Java node closing a WebSocket transport (closeTransport) saves the session; Node recovers it', () =>
    recoveryScenario('java1', 'node1', { how: 'closeTransport' }));

  // ---- not recovered: a fresh session, the others undisturbed -------------------------------------------------------

  /** The client connected as a new session: new id, recovered false everywhere, only its own room, gets live events. */
  async function assertFresh(client, srv, { notId, neverTokens = [] } = {}) {
    assert.equal(client.socket.recovered, false, `${client.label}: socket.recovered on the client`);
    if (notId) assert.notEqual(client.id, notId, `${client.label}: a new socket id`);
    const state = await socketState(srv, client.id);
    assert.deepEqual({ found: state.found, recovered: state.recovered, rooms: state.rooms },
      { found: true, recovered: false, rooms: [client.id] }, `${client.label} on ${srv.name}: a fresh socket`);
    assertCount(client, neverTokens, 0, 'must not be replayed to a fresh session');
    const t = token('fresh-live');
    await cluster.control(srv).op({ op: 'broadcast', nsp: '/', event: EVENT, args: [t] });
    await waitToken(client, t);
  }

  /** A new socket.io-client socket to srv with a hand-made recovery auth. */
  async function freshWithAuth(srv, label, auth) {
    const client = new RecordingClient(srv, label, 'websocket', { offsets: true, auth });
    await client.ready();
    return client;
  }

  for (const [fromName, toName] of [['node0', 'java1'], ['java0', 'node1']]) {
    it(`on ${toName}: a forged pid with a real offset is not recovered; others unaffected`, async () => {
      const ctx = await setup(server(fromName), server(toName));
      let c;
      try {
        c = await freshWithAuth(ctx.to, `${ctx.prefix}-C`, { pid: 'forgedForgedForged00', offset: ctx.a.socket._lastOffset });
        await assertFresh(c, ctx.to, { notId: ctx.a.id });
        const t = token('others');
        await send(ctx, ctx.to, { rooms: [ctx.rooms.r1] }, t);
        await waitToken(ctx.a, t);
        assertCount(ctx.a, [t], 1, 'A still gets its room events');
      } finally {
        await ctx.close(c ? [c] : []);
      }
    });

    it(`on ${toName}: a real pid with a malformed offset is not recovered`, async () => {
      const ctx = await setup(server(fromName), server(toName));
      let c;
      try {
        const dropped = await drop(ctx, 'cut');
        const t = token('away');
        await send(ctx, ctx.from, { rooms: [ctx.rooms.r1] }, t);
        c = await freshWithAuth(ctx.to, `${ctx.prefix}-C`, { pid: dropped.pid, offset: 'not-an-offset' });
        await assertFresh(c, ctx.to, { notId: dropped.id, neverTokens: [t] });
        assert.ok(ctx.o.connected && ctx.b.connected, 'O and B stay connected');
      } finally {
        await ctx.close(c ? [c] : []);
      }
    });

    it(`${fromName} → ${toName}: an expired session (its Redis TTL ran out) is not recovered`, async () => {
      const ctx = await setup(server(fromName), server(toName));
      try {
        const dropped = await drop(ctx, 'cut');
        // The session's PX TTL is maxDisconnectionDuration (checked in drop()); let Redis expire it now.
        await redis.pExpire(dropped.key, 1);
        await eventually(() => redis.exists(dropped.key), (n) => n === 0, 'the session key expires');
        const t = token('away');
        await send(ctx, ctx.from, { rooms: [ctx.rooms.r1] }, t);
        await reconnect(ctx, dropped);
        await assertFresh(ctx.a, ctx.to, { notId: dropped.id, neverTokens: [t] });
      } finally {
        await ctx.close();
      }
    });

    it(`${fromName} → ${toName}: an offset trimmed from the stream is not recovered`, async () => {
      const ctx = await setup(server(fromName), server(toName));
      try {
        const dropped = await drop(ctx, 'cut');
        const t = token('away');
        await send(ctx, ctx.from, { rooms: [ctx.rooms.r1] }, t);
        // As MAXLEN ~ trimming does to old entries: keep only the newest one, so A's offset entry is gone.
        await redis.sendCommand(['XTRIM', streamName, 'MAXLEN', '=', '1']);
        assert.deepEqual(await redis.xRange(streamName, dropped.offset, dropped.offset), [], 'the offset entry is trimmed');
        await reconnect(ctx, dropped);
        await assertFresh(ctx.a, ctx.to, { notId: dropped.id, neverTokens: [t] });
        assert.ok(ctx.o.connected && ctx.b.connected, 'O and B stay connected');
      } finally {
        await ctx.close();
      }
    });
  }
});
