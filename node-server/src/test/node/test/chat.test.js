'use strict';
// The chat application on "/" (APP-CONTRACT.md): welcome, join/leave/members with presence, room messages, every
// error case.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { differential } = require('../lib/differential');
const { connect } = require('../lib/client');
const { NODE_ID } = require('../lib/targets');

const TRANSPORTS = ['websocket', 'polling', 'default'];
const LONG_ROOM = 'r'.repeat(129);
const MAX_ROOM = 'r'.repeat(128);

const err = (code, message) => [{ error: { code, message } }];
const INVALID_ROOM = err('invalid_room', 'room must be a non-empty string');
const ROOM_TOO_LONG = err('invalid_room', 'room must be at most 128 characters');
const INVALID_MESSAGE = err('invalid_message', 'message must be an object with room and text');
const INVALID_TEXT = err('invalid_text', 'text must be a string');
const TEXT_TOO_LONG = err('text_too_long', 'text must be at most 2000 characters');
const NOT_JOINED = err('not_joined', 'join the room first');
const INVALID_CURSOR = err('invalid_cursor', 'cursor must be an object with room, x and y');
const CURSOR_OUT_OF_RANGE = err('invalid_cursor', 'x and y must be numbers from 0 to 1');
const OK = [{ ok: true }];

async function client(run, transport, auth) {
  const c = run.defer(await connect(run.url, { transport, auth }));
  await c.waitForEvent('welcome');
  return c;
}

for (const transport of TRANSPORTS) {
  describe(`chat over ${transport}`, () => {
    test('welcome carries the socket id, "from" (and "user") computed from auth.user, and the node', () => differential(async (run) => {
      const auths = {
        trimmed: { user: '  alice  ' },
        none: undefined,
        long: { user: 'u'.repeat(100) },
        blank: { user: '   ' },
        notString: { user: 42 },
      };
      for (const [name, auth] of Object.entries(auths)) {
        const c = await client(run, transport, auth);
        run.record(`${name}.id`, c.id);
        run.record(`${name}.log`, c.log);
        run.record(`${name}.transport`, c.engineTransport);
      }
    }, (t) => {
      const welcome = (name) => t[`${name}.log`][1];
      const expected = (id, from) => ['event', 'welcome', { id, from, user: from, node: NODE_ID }];
      assert.deepEqual(t['trimmed.log'][0], ['connect']);
      assert.deepEqual(welcome('trimmed'), expected(t['trimmed.id'], 'alice'));
      assert.deepEqual(welcome('none'), expected(t['none.id'], t['none.id']));
      assert.deepEqual(welcome('long'), expected(t['long.id'], 'u'.repeat(64)));
      assert.deepEqual(welcome('blank'), expected(t['blank.id'], t['blank.id']));
      assert.deepEqual(welcome('notString'), expected(t['notString.id'], t['notString.id']));
      assert.equal(t['trimmed.transport'], transport === 'polling' ? 'polling' : 'websocket');
    }));

    test('join, members and leave ack with the room size and members; the others get presence notices', () => differential(async (run) => {
      const room = run.unique('room');
      const a = await client(run, transport, { user: 'alice' });
      const b = await client(run, transport, { user: 'bob' });
      run.record('room', room);
      run.record('ids', [a.id, b.id]);
      run.record('a joins', await a.call('join', room));
      run.record('b joins', await b.call('join', room));
      run.record('a joins again', await a.call('join', room));
      run.record('b members', await b.call('members', room));
      run.record('members not joined', await b.call('members', run.unique('elsewhere')));
      run.record('members invalid', await b.call('members', 5));
      run.record('a leaves', await a.call('leave', room));
      run.record('a leaves again', await a.call('leave', room));
      await b.barrier();
      run.record('a presence', a.events('presence'));
      run.record('b presence', b.events('presence'));
      run.record('b leaves', await b.call('leave', room));
      run.record('max length room', await a.call('join', MAX_ROOM));
    }, (t) => {
      const room = t.room;
      const [aId, bId] = t.ids;
      const alice = { id: aId, user: 'alice', node: NODE_ID };
      const bob = { id: bId, user: 'bob', node: NODE_ID };
      assert.deepEqual(t['a joins'], [{ ok: true, room, size: 1, members: [alice] }]);
      assert.deepEqual(t['b joins'], [{ ok: true, room, size: 2, members: [alice, bob] }]);
      assert.deepEqual(t['a joins again'], [{ ok: true, room, size: 2, members: [alice, bob] }]);
      assert.deepEqual(t['b members'], [{ ok: true, room, size: 2, members: [alice, bob] }]);
      assert.deepEqual(t['members not joined'], NOT_JOINED);
      assert.deepEqual(t['members invalid'], INVALID_ROOM);
      assert.deepEqual(t['a leaves'], [{ ok: true, room, size: 1 }]);
      assert.deepEqual(t['a leaves again'], NOT_JOINED);
      assert.deepEqual(t['a presence'], [['event', 'presence', { room, type: 'joined', member: bob, size: 2 }]],
        'a is told that bob joined, and nothing of its own join and leave');
      assert.deepEqual(t['b presence'], [['event', 'presence', { room, type: 'left', member: alice, size: 1 }]]);
      assert.deepEqual(t['b leaves'], [{ ok: true, room, size: 0 }]);
      assert.equal(t['max length room'][0].ok, true);
    }));

    test('a disconnect tells every room the socket was in', () => differential(async (run) => {
      const lobby = run.unique('lobby');
      const kitchen = run.unique('kitchen');
      const a = await client(run, transport, { user: 'alice' });
      const b = await client(run, transport, { user: 'bob' });
      const c = await connect(run.url, { transport, auth: { user: 'carol' } });
      await c.waitForEvent('welcome');
      await a.call('join', lobby);
      await b.call('join', kitchen);
      run.record('rooms', [lobby, kitchen]);
      run.record('carol', c.id);
      await c.call('join', lobby);
      await c.call('join', kitchen);
      c.close();
      const left = (x) => x.events('presence').filter((e) => e[2].type === 'left');
      for (const x of [a, b]) {
        const deadline = Date.now() + 5000;
        while (left(x).length === 0 && Date.now() < deadline) await x.barrier();
      }
      run.record('a presence', a.events('presence'));
      run.record('b presence', b.events('presence'));
    }, (t) => {
      const [lobby, kitchen] = t.rooms;
      const carol = { id: t.carol, user: 'carol', node: NODE_ID };
      assert.deepEqual(t['a presence'], [
        ['event', 'presence', { room: lobby, type: 'joined', member: carol, size: 2 }],
        ['event', 'presence', { room: lobby, type: 'left', member: carol, size: 1 }],
      ]);
      assert.deepEqual(t['b presence'], [
        ['event', 'presence', { room: kitchen, type: 'joined', member: carol, size: 2 }],
        ['event', 'presence', { room: kitchen, type: 'left', member: carol, size: 1 }],
      ]);
    }));

    test('a room message reaches every member once, sender included, and no one else', () => differential(async (run) => {
      const room = run.unique('room');
      const alice = await client(run, transport, { user: 'alice' });
      const bob = await client(run, transport, { user: 'bob' });
      const carol = await client(run, transport, { user: 'carol' });
      await alice.call('join', room);
      await bob.call('join', room);
      await carol.call('join', run.unique('other'));
      run.record('room', room);
      run.record('ack', await alice.call('message', { room, text: 'hello' }));
      alice.socket.emit('message', { room, text: 'without ack' });
      alice.socket.emit('message', { room, text: 42 }); // invalid and without ack: silently dropped
      for (const c of [alice, bob, carol]) await c.barrier();
      run.record('alice', alice.events('message'));
      run.record('bob', bob.events('message'));
      run.record('carol', carol.events('message'));
    }, (t) => {
      const [ack] = t.ack;
      assert.equal(ack.ok, true);
      assert.match(ack.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(t.alice.length, 2, 'sender gets the message exactly once (plus the one without ack)');
      assert.equal(t.bob.length, 2, 'member gets each message exactly once');
      assert.deepEqual(t.carol, [], 'non-member gets nothing');
      const [, , first] = t.bob[0];
      assert.deepEqual(Object.keys(first), ['id', 'room', 'text', 'from', 'ts']);
      assert.deepEqual({ ...first, ts: 0 }, { id: ack.id, room: t.room, text: 'hello', from: 'alice', ts: 0 });
      assert.equal(typeof first.ts, 'number');
      assert.ok(Math.abs(first.ts - Date.now()) < 60000, 'ts is epoch millis');
      assert.deepEqual(t.alice[0], t.bob[0]);
      assert.equal(t.bob[1][2].text, 'without ack');
      assert.notEqual(t.bob[1][2].id, first.id);
    }));

    test('every error case acks the contract error, broadcasts nothing and keeps the connection', () => differential(async (run) => {
      const room = run.unique('room');
      const notJoined = run.unique('elsewhere');
      const a = await client(run, transport);
      const listener = await client(run, transport);
      await a.call('join', room);
      await listener.call('join', room);
      const cases = {
        'join no room': ['join'],
        'join null': ['join', null],
        'join number': ['join', 5],
        'join empty': ['join', ''],
        'join object': ['join', { room }],
        'join too long': ['join', LONG_ROOM],
        'leave no room': ['leave'],
        'leave number': ['leave', 7],
        'leave empty': ['leave', ''],
        'leave too long': ['leave', LONG_ROOM],
        'leave not joined': ['leave', notJoined],
        'message string': ['message', 'hello'],
        'message null': ['message', null],
        'message array': ['message', [room, 'hello']],
        'message number': ['message', 3],
        'message missing': ['message'],
        'message no room': ['message', { text: 'hello' }],
        'message room number': ['message', { room: 1, text: 'hello' }],
        'message room empty': ['message', { room: '', text: 'hello' }],
        'message room too long': ['message', { room: LONG_ROOM, text: 'hello' }],
        'message no text': ['message', { room }],
        'message text number': ['message', { room, text: 5 }],
        'message text null': ['message', { room, text: null }],
        'message text too long': ['message', { room, text: 't'.repeat(2001) }],
        'message not joined': ['message', { room: notJoined, text: 'hello' }],
      };
      for (const [name, [event, ...args]] of Object.entries(cases)) run.record(name, await a.call(event, ...args));
      run.record('text at the limit', (await a.call('message', { room, text: 't'.repeat(2000) }))[0].ok);
      run.record('still up', await a.call('echo', 'still', 'up'));
      await listener.barrier();
      run.record('listener texts', listener.events('message').map((e) => e[2].text.length));
      run.record('a log', a.log.filter((e) => e[0] !== 'event' || (e[1] !== 'message' && e[1] !== 'presence')));
    }, (t) => {
      const expected = {
        'join no room': INVALID_ROOM, 'join null': INVALID_ROOM, 'join number': INVALID_ROOM, 'join empty': INVALID_ROOM,
        'join object': INVALID_ROOM, 'join too long': ROOM_TOO_LONG,
        'leave no room': INVALID_ROOM, 'leave number': INVALID_ROOM, 'leave empty': INVALID_ROOM,
        'leave too long': ROOM_TOO_LONG, 'leave not joined': NOT_JOINED,
        'message string': INVALID_MESSAGE, 'message null': INVALID_MESSAGE, 'message array': INVALID_MESSAGE,
        'message number': INVALID_MESSAGE, 'message missing': INVALID_MESSAGE,
        'message no room': INVALID_ROOM, 'message room number': INVALID_ROOM, 'message room empty': INVALID_ROOM,
        'message room too long': ROOM_TOO_LONG, 'message no text': INVALID_TEXT, 'message text number': INVALID_TEXT,
        'message text null': INVALID_TEXT, 'message text too long': TEXT_TOO_LONG, 'message not joined': NOT_JOINED,
      };
      for (const [name, value] of Object.entries(expected)) assert.deepEqual(t[name], value, name);
      assert.equal(t['text at the limit'], true);
      assert.deepEqual(t['still up'], ['still', 'up']);
      assert.deepEqual(t['listener texts'], [2000], 'only the valid message was broadcast');
      assert.deepEqual(t['a log'].map((e) => e[0]), ['connect', 'event'], 'no disconnect');
    }));
  });
}

// Cursors are volatile broadcasts: a member whose transport is busy skips one. Over websocket an idle member's
// transport is always writable, and each step below waits for the previous cursor to arrive, so none is skipped.
describe('cursor over websocket', () => {
  const transport = 'websocket';
  const cursorsOf = (c) => c.events('cursor').map((e) => e[2]);

  test('a cursor reaches the other members of the room, not the sender, not other rooms', () => differential(async (run) => {
    const room = run.unique('board');
    const alice = await client(run, transport, { user: 'alice' });
    const bob = await client(run, transport, { user: 'bob' });
    const carol = await client(run, transport, { user: 'carol' });
    await alice.call('join', room);
    await bob.call('join', room);
    await carol.call('join', run.unique('other'));
    run.record('room', room);
    run.record('alice id', alice.id);
    run.record('ack', await alice.call('cursor', { room, x: 0.25, y: 1 }));
    await bob.waitFor((e) => e[1] === 'cursor', 'first cursor');
    alice.socket.emit('cursor', { room, x: 0, y: 0.5 }); // no ack needed
    await bob.waitFor(() => bob.events('cursor').length === 2, 'second cursor');
    alice.socket.emit('cursor', { room, x: 2, y: 0 }); // invalid and without ack: silently dropped
    for (const c of [alice, bob, carol]) await c.barrier();
    run.record('alice', cursorsOf(alice));
    run.record('bob', cursorsOf(bob));
    run.record('carol', cursorsOf(carol));
  }, (t) => {
    assert.deepEqual(t.ack, OK);
    const from = { room: t.room, id: t['alice id'], user: 'alice' };
    assert.deepEqual(t.bob, [{ ...from, x: 0.25, y: 1 }, { ...from, x: 0, y: 0.5 }]);
    assert.deepEqual(Object.keys(t.bob[0]), ['room', 'id', 'user', 'x', 'y']);
    assert.deepEqual(t.alice, [], 'the sender does not get its own cursor');
    assert.deepEqual(t.carol, [], 'a socket in another room gets nothing');
  }));

  test('every invalid cursor acks the contract error, broadcasts nothing and keeps the connection', () => differential(async (run) => {
    const room = run.unique('board');
    const notJoined = run.unique('elsewhere');
    const a = await client(run, transport);
    const listener = await client(run, transport);
    await a.call('join', room);
    await listener.call('join', room);
    run.record('corner 0,1', await a.call('cursor', { room, x: 0, y: 1 }));
    await listener.waitFor(() => listener.events('cursor').length === 1, 'first valid cursor');
    run.record('corner 1,0', await a.call('cursor', { room, x: 1, y: 0 }));
    await listener.waitFor(() => listener.events('cursor').length === 2, 'second valid cursor');
    const cases = {
      'missing': [],
      'null': [null],
      'string': ['0.5,0.5'],
      'number': [0.5],
      'array': [[room, 0.5, 0.5]],
      'no room': [{ x: 0.5, y: 0.5 }],
      'room number': [{ room: 1, x: 0.5, y: 0.5 }],
      'room empty': [{ room: '', x: 0.5, y: 0.5 }],
      'room too long': [{ room: LONG_ROOM, x: 0.5, y: 0.5 }],
      'no x': [{ room, y: 0.5 }],
      'no y': [{ room, x: 0.5 }],
      'x negative': [{ room, x: -0.01, y: 0.5 }],
      'x over 1': [{ room, x: 1.01, y: 0.5 }],
      'y over 1': [{ room, x: 0.5, y: 7 }],
      'x string': [{ room, x: '0.5', y: 0.5 }],
      'x null': [{ room, x: null, y: 0.5 }],
      'y boolean': [{ room, x: 0.5, y: true }],
      'not joined': [{ room: notJoined, x: 0.5, y: 0.5 }],
    };
    for (const [name, args] of Object.entries(cases)) run.record(name, await a.call('cursor', ...args));
    run.record('still up', await a.call('echo', 'still', 'up'));
    await listener.barrier();
    run.record('listener cursors', cursorsOf(listener).map(({ x, y }) => [x, y]));
    run.record('a cursors', cursorsOf(a));
    run.record('a disconnects', a.log.filter((e) => e[0] === 'disconnect'));
  }, (t) => {
    const expected = {
      'corner 0,1': OK, 'corner 1,0': OK,
      'missing': INVALID_CURSOR, 'null': INVALID_CURSOR, 'string': INVALID_CURSOR, 'number': INVALID_CURSOR,
      'array': INVALID_CURSOR,
      'no room': INVALID_ROOM, 'room number': INVALID_ROOM, 'room empty': INVALID_ROOM, 'room too long': ROOM_TOO_LONG,
      'no x': CURSOR_OUT_OF_RANGE, 'no y': CURSOR_OUT_OF_RANGE, 'x negative': CURSOR_OUT_OF_RANGE,
      'x over 1': CURSOR_OUT_OF_RANGE, 'y over 1': CURSOR_OUT_OF_RANGE, 'x string': CURSOR_OUT_OF_RANGE,
      'x null': CURSOR_OUT_OF_RANGE, 'y boolean': CURSOR_OUT_OF_RANGE,
      'not joined': NOT_JOINED,
    };
    for (const [name, value] of Object.entries(expected)) assert.deepEqual(t[name], value, name);
    assert.deepEqual(t['still up'], ['still', 'up']);
    assert.deepEqual(t['listener cursors'], [[0, 1], [1, 0]], 'only the valid cursors were broadcast');
    assert.deepEqual(t['a cursors'], [], 'no cursor of its own');
    assert.deepEqual(t['a disconnects'], [], 'still connected');
  }));
});
