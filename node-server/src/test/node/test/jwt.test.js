'use strict';
// JWT auth on "/" (servers started with the secret "conformance-secret": REFERENCE_JWT_URL / ROOMCAST_JWT_URL).
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { differential } = require('../lib/differential');
const { NODE_ID } = require('../lib/targets');
const { connect, TRANSPORTS } = require('../lib/client');
const { rawSocket } = require('../lib/raw');
const { tokens } = require('../lib/tokens');

const unauthorized = (reason) => ['connect_error', 'unauthorized', { reason }];

describe('JWT auth', () => {
  for (const transport of Object.keys(TRANSPORTS)) {
    test(`a valid token connects over ${transport}; welcome and messages carry from = sub`, () => differential(async (run) => {
      const room = run.unique('room');
      const c = run.defer(await connect(run.url, { transport, auth: { token: tokens.valid('user-1'), user: 'ignored' } }));
      await c.waitForEvent('welcome');
      run.record('id', c.id);
      await c.call('join', room);
      run.record('ack', await c.call('message', { room, text: 'signed' }));
      await c.barrier();
      run.record('log', c.log);
      const noExp = run.defer(await connect(run.url, { transport, auth: { token: tokens.withoutExp('user-2') } }));
      run.record('without exp', (await noExp.waitForEvent('welcome'))[2].from);
    }, (t) => {
      const [connected, welcome, message] = t.log;
      assert.deepEqual(connected, ['connect']);
      assert.deepEqual(welcome, ['event', 'welcome', { id: t.id, from: 'user-1', user: 'user-1', node: NODE_ID }]);
      assert.equal(message[1], 'message');
      assert.equal(message[2].from, 'user-1');
      assert.equal(message[2].id, t.ack[0].id);
      assert.equal(t['without exp'], 'user-2');
    }, 'jwt'));
  }

  test('missing, malformed, expired or wrongly signed tokens get connect_error unauthorized', () => differential(async (run) => {
    const cases = {
      'no auth': undefined,
      'no token': { user: 'alice' },
      'empty token': { token: '' },
      'token not a string': { token: 123 },
      garbage: { token: tokens.garbage() },
      'bad signature': { token: tokens.badSignature() },
      expired: { token: tokens.expired() },
      'HS384 with the same secret': { token: tokens.otherAlgorithm() },
      'alg none': { token: tokens.unsigned() },
      'numeric sub': { token: tokens.numericSub() },
      'no sub': { token: tokens.noSub() },
    };
    for (const [name, auth] of Object.entries(cases)) {
      const c = run.defer(await connect(run.url, { transport: 'websocket', auth }));
      run.record(name, c.log);
    }
    const custom = run.defer(await connect(run.url, { nsp: '/custom', transport: 'websocket' }));
    await custom.waitForEvent('hello');
    run.record('/custom needs no token', custom.log.map((e) => e[0]));
  }, (t) => {
    for (const name of ['no auth', 'no token', 'empty token']) assert.deepEqual(t[name], [unauthorized('missing token')], name);
    for (const name of ['garbage', 'bad signature', 'expired', 'HS384 with the same secret', 'alg none', 'numeric sub', 'no sub']) {
      assert.deepEqual(t[name], [unauthorized('invalid token')], name);
    }
    assert.deepEqual(t['/custom needs no token'], ['connect', 'event']);
  }, 'jwt'));

  test('room policy: user rooms only for their owner, other rooms only where the rooms claim matches', () => differential(async (run) => {
    // subs without ":" (a sub with one owns no user room); "." keeps the random part a normalised placeholder
    const alice = run.unique('alice').replace(':', '.');
    const bob = run.unique('bob').replace(':', '.');
    const lobby = run.unique('lobby');
    const secret = run.unique('secret-room');
    const team = run.unique('team');
    const alicePrivate = `user:${alice}:private`;
    const a = run.defer(await connect(run.url, { transport: 'websocket', auth: { token: tokens.withClaims({ sub: alice }) } }));
    const b = run.defer(await connect(run.url, {
      transport: 'websocket',
      auth: { token: tokens.withClaims({ sub: bob, rooms: [lobby, 'team-*', 'user:*'] }) },
    }));
    await a.waitForEvent('welcome');
    await b.waitForEvent('welcome');
    run.record('alice joins her own room', await a.call('join', alicePrivate));
    run.record('alice joins any room (no rooms claim)', await a.call('join', secret));
    run.record('bob joins alice\'s room', await b.call('join', alicePrivate));
    run.record('bob joins an unlisted room', await b.call('join', secret));
    run.record('bob joins a listed room', await b.call('join', lobby));
    run.record('bob joins a glob room', await b.call('join', `team-${team}`));
    run.record('bob joins his own room', await b.call('join', `user:${bob}:inbox`));
    run.record('bob writes to alice\'s room', await b.call('message', { room: alicePrivate, text: 'let me in' }));
    run.record('alice writes privately', await a.call('message', { room: alicePrivate, text: 'diary' }));
    run.record('alice writes to the secret room', await a.call('message', { room: secret, text: 'plans' }));
    await a.barrier();
    await b.barrier();
    run.record('bob received', b.log.filter((e) => e[1] === 'message'));
    run.record('alice received', a.log.filter((e) => e[1] === 'message').map((e) => e[2].text));
  }, (t) => {
    const forbidden = (room) => [{ error: { code: 'forbidden', message: `not allowed to join room ${room}` } }];
    assert.deepEqual(t['alice joins her own room'][0].ok, true);
    assert.deepEqual(t['alice joins any room (no rooms claim)'][0].ok, true);
    assert.deepEqual(t['bob joins alice\'s room'], forbidden(t['alice joins her own room'][0].room));
    assert.deepEqual(t['bob joins an unlisted room'], forbidden(t['alice joins any room (no rooms claim)'][0].room));
    assert.equal(t['bob joins a listed room'][0].ok, true);
    assert.equal(t['bob joins a glob room'][0].ok, true);
    assert.equal(t['bob joins his own room'][0].ok, true);
    assert.equal(t['bob writes to alice\'s room'][0].error.code, 'not_joined');
    assert.deepEqual(t['bob received'], []);
    assert.deepEqual(t['alice received'], ['diary', 'plans']);
  }, 'jwt'));

  test('a sub outside 1..256 characters or a rooms claim that is not an array of strings is refused at connect', () => differential(async (run) => {
    const cases = {
      'empty sub': { sub: '' },
      '257-character sub': { sub: 'x'.repeat(257) },
      'rooms a string': { sub: 'user-1', rooms: 'lobby' },
      'rooms null': { sub: 'user-1', rooms: null },
      'rooms with a number': { sub: 'user-1', rooms: ['lobby', 1] },
      'rooms with an object': { sub: 'user-1', rooms: [{}] },
    };
    for (const [name, claims] of Object.entries(cases)) {
      const c = run.defer(await connect(run.url, { transport: 'websocket', auth: { token: tokens.withClaims(claims) } }));
      run.record(name, c.log);
    }
    const longest = run.defer(await connect(run.url, {
      transport: 'websocket',
      auth: { token: tokens.withClaims({ sub: 'y'.repeat(256), rooms: [] }) },
    }));
    run.record('256-character sub, empty rooms', (await longest.waitForEvent('welcome'))[2].from.length);
  }, (t) => {
    for (const name of ['empty sub', '257-character sub']) {
      assert.deepEqual(t[name], [unauthorized('invalid token: sub must be 1 to 256 characters')], name);
    }
    for (const name of ['rooms a string', 'rooms null', 'rooms with a number', 'rooms with an object']) {
      assert.deepEqual(t[name], [unauthorized('invalid token: rooms must be an array of strings')], name);
    }
    assert.equal(t['256-character sub, empty rooms'], 256);
  }, 'jwt'));

  for (const transport of ['polling', 'default']) {
    test(`a missing token is refused over ${transport} too`, () => differential(async (run) => {
      const c = run.defer(await connect(run.url, { transport, auth: { user: 'alice' } }));
      const ok = run.defer(await connect(run.url, { transport, auth: { token: tokens.valid('user-3') } }));
      await ok.waitForEvent('welcome');
      run.record('refused', c.log);
      run.record('accepted', ok.log.map((e) => e.slice(0, 2)));
    }, (t) => {
      assert.deepEqual(t.refused, [unauthorized('missing token')]);
      assert.deepEqual(t.accepted, [['connect'], ['event', 'welcome']]);
    }, 'jwt'));
  }

  test('raw frames: the rejection is a 44 packet, and the same engine connection may retry with a valid token', () => differential(async (run) => {
    const ws = run.defer(await rawSocket(run.url));
    await ws.frameCount(1);
    ws.send('40');
    run.record('no auth', (await ws.frameCount(2)).slice(1));
    ws.send(`40${JSON.stringify({ token: tokens.expired() })}`);
    run.record('expired', (await ws.frameCount(3)).slice(2));
    ws.send(`40${JSON.stringify({ token: tokens.valid('raw-user') })}`);
    run.record('valid', (await ws.frameCount(5)).slice(3));
  }, (t) => {
    assert.deepEqual(t['no auth'], ['44{"message":"unauthorized","data":{"reason":"missing token"}}']);
    assert.deepEqual(t.expired, ['44{"message":"unauthorized","data":{"reason":"invalid token"}}']);
    const id = JSON.parse(t.valid[0].slice(2)).sid;
    assert.deepEqual(t.valid, [`40{"sid":"${id}"}`, `42["welcome",{"id":"${id}","from":"raw-user","user":"raw-user","node":"${NODE_ID}"}]`]);
  }, 'jwt'));
});
