'use strict';
// The default transport (polling, then upgrade to WebSocket) with traffic in flight while the upgrade happens.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { differential } = require('../lib/differential');
const { RecordingClient, connect } = require('../lib/client');

const COUNT = 30;

describe('upgrade with traffic in flight', () => {
  test('acks of events sent before and during the upgrade all arrive, once each', () => differential(async (run) => {
    const c = run.defer(new RecordingClient(run.url, { transport: 'default' }));
    const calls = [];
    for (let i = 0; i < COUNT; i += 1) calls.push(c.call('echo', i, { i }));
    await c.ready();
    run.record('acks', await Promise.all(calls));
    await c.upgraded();
    run.record('after upgrade', await c.call('echo', 'upgraded'));
    run.record('transport', c.engineTransport);
    run.record('log', c.log.map((e) => e.slice(0, 2)));
  }, (t) => {
    assert.deepEqual(t.acks, Array.from({ length: COUNT }, (_, i) => [i, { i }]));
    assert.deepEqual(t['after upgrade'], ['upgraded']);
    assert.equal(t.transport, 'websocket');
    assert.deepEqual(t.log, [['connect'], ['event', 'welcome']]);
  }));

  test('room messages sent while a member upgrades arrive once each and in order', () => differential(async (run) => {
    const room = run.unique('room');
    const sender = run.defer(await connect(run.url, { transport: 'websocket', auth: { user: 'sender' } }));
    await sender.call('join', room);
    const member = run.defer(new RecordingClient(run.url, { transport: 'default', auth: { user: 'member' } }));
    await member.waitFor((e) => e[0] === 'connect', 'connect');
    run.record('join', await member.call('join', room));
    const acks = [];
    for (let i = 0; i < COUNT; i += 1) acks.push(sender.call('message', { room, text: `m${i}` }));
    await Promise.all(acks);
    await member.upgraded();
    await member.barrier();
    run.record('texts', member.events('message').map((e) => e[2].text));
    run.record('transport', member.engineTransport);
  }, (t) => {
    assert.deepEqual(t.join.map(({ members, ...rest }) => ({ ...rest, members: members.length })),
      [{ ok: true, room: t.join[0].room, size: 2, members: 2 }]);
    assert.deepEqual(t.texts, Array.from({ length: COUNT }, (_, i) => `m${i}`));
    assert.equal(t.transport, 'websocket');
  }));
});
