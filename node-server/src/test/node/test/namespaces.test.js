'use strict';
// Namespaces: unknown namespace, independent connect/disconnect, per-namespace socket ids and self rooms.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { Manager } = require('socket.io-client');
const { differential } = require('../lib/differential');
const { NODE_ID } = require('../lib/targets');
const { RecordingClient, TRANSPORTS } = require('../lib/client');
const { rawSocket, PollingSession, summary } = require('../lib/raw');

/** A raw WebSocket session that has only seen the open packet. */
async function engineOnly(run) {
  const ws = run.defer(await rawSocket(run.url));
  await ws.frameCount(1);
  return ws;
}

describe('namespaces over raw frames', () => {
  test('an unknown namespace gets 44 with {"message":"Invalid namespace"} and the session stays up', () => differential(async (run) => {
    const ws = await engineOnly(run);
    ws.send('40/nope,');
    run.record('reply', (await ws.frameCount(2)).slice(1));
    ws.send('40/nope,{"token":"x"}');
    ws.send('40');
    run.record('then /', (await ws.frameCount(5)).slice(2));
    const s = new PollingSession(run.url);
    await s.open();
    await s.post('40/nope,');
    run.record('over polling', summary(await s.poll()));
    await s.post('1');
  }, (t) => {
    assert.deepEqual(t.reply, ['44/nope,{"message":"Invalid namespace"}']);
    assert.equal(t['then /'][0], '44/nope,{"message":"Invalid namespace"}');
    assert.match(t['then /'][1], /^40\{"sid":"[A-Za-z0-9_-]{20}"\}$/);
    assert.equal(t['over polling'].body, '44/nope,{"message":"Invalid namespace"}');
  }));

  test('connecting only to /custom does not connect /', () => differential(async (run) => {
    const ws = await engineOnly(run);
    ws.send('40/custom,{"user":"zed"}');
    await ws.frameCount(3); // an event sent before the connect reply would be an invalid state (Node closes)
    ws.send('42/custom,1["echo","sync"]');
    run.record('frames', (await ws.frameCount(4)).slice(1));
  }, (t) => {
    const id = JSON.parse(t.frames[0].slice('40/custom,'.length)).sid;
    assert.deepEqual(t.frames, [
      `40/custom,{"sid":"${id}"}`,
      `42/custom,["hello",{"nsp":"/custom","id":"${id}","auth":{"user":"zed"}}]`,
      '43/custom,1["sync"]',
    ], 'no 40 and no welcome for /');
  }));

  test('41/custom leaves / connected', () => differential(async (run) => {
    const ws = await engineOnly(run);
    ws.send('40');
    ws.send('40/custom,');
    await ws.frameCount(5);
    ws.send('41/custom,');
    ws.send('421["echo","root alive"]');
    run.record('after 41/custom', (await ws.frameCount(6)).slice(5));
    ws.send('40/custom,');
    run.record('reconnect /custom', (await ws.frameCount(8)).slice(6).map((f) => f.slice(0, 10)));
  }, (t) => {
    assert.deepEqual(t['after 41/custom'], ['431["root alive"]']);
    assert.deepEqual(t['reconnect /custom'], ['40/custom,', '42/custom,']);
  }));
});

for (const transport of Object.keys(TRANSPORTS)) {
  describe(`namespaces with socket.io-client over ${transport}`, () => {
    test('each namespace socket has its own id, distinct from the engine sid, and sits in a room named after it', () => differential(async (run) => {
      const manager = new Manager(run.url, { transports: TRANSPORTS[transport], reconnection: false, autoConnect: false });
      run.defer(() => manager.engine && manager.engine.close());
      const root = new RecordingClient(run.url, { manager, transport, auth: { user: 'multi' } });
      const custom = new RecordingClient(run.url, { manager, nsp: '/custom', transport, auth: { k: 'v' } });
      await root.ready();
      await custom.ready();
      await custom.waitForEvent('hello');
      run.record('engine sid', manager.engine.id);
      run.record('root id', root.id);
      run.record('custom id', custom.id);
      run.record('root log', root.log);
      run.record('custom log', custom.log);
      run.record('custom rooms', await custom.call('rooms'));
      run.record('custom echo', await custom.call('echo', 1, 'two'));
      custom.socket.disconnect();
      run.record('root after /custom left', await root.call('echo', 'still'));
    }, (t) => {
      const ids = [t['engine sid'], t['root id'], t['custom id']];
      assert.equal(new Set(ids).size, 3, `engine sid and namespace ids must all differ: ${ids}`);
      assert.deepEqual(t['root log'], [['connect'], ['event', 'welcome', { id: t['root id'], from: 'multi', user: 'multi', node: NODE_ID }]]);
      assert.deepEqual(t['custom log'], [['connect'], ['event', 'hello', { nsp: '/custom', id: t['custom id'], auth: { k: 'v' } }]]);
      assert.deepEqual(t['custom rooms'], [[t['custom id']]]);
      assert.deepEqual(t['custom echo'], [1, 'two']);
      assert.deepEqual(t['root after /custom left'], ['still']);
    }));
  });
}
