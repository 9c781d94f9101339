'use strict';
// Session isolation: no takeover through the io cookie, no broadcasts to clients a namespace middleware rejected.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { Manager } = require('socket.io-client');
const { differential } = require('../lib/differential');
const { RecordingClient, TRANSPORTS, connect } = require('../lib/client');
const { rawSocket, PollingSession, RawSocket } = require('../lib/raw');

describe('session isolation', () => {
  test('a handshake carrying another session\'s io cookie gets its own session and none of the other\'s packets', () => differential(async (run) => {
    const room = run.unique('room');
    const victim = run.defer(await connect(run.url, { transport: 'websocket', auth: { user: 'victim' } }));
    await victim.waitForEvent('welcome');
    await victim.call('join', room);
    const victimSid = victim.socket.io.engine.id;
    run.record('victim sid', victimSid);

    const polling = new PollingSession(run.url, { headers: { cookie: `io=${victimSid}` } });
    const open = await polling.open();
    run.record('polling sid', polling.sid);
    run.record('polling set-cookie', open.headers['set-cookie'] ?? null);
    await polling.post('40');
    run.record('polling connect', await polling.packets(2));

    const ws = run.defer(new RawSocket(run.url, '', { headers: { cookie: `io=${victimSid}` } }));
    await ws.opened();
    ws.send('40');
    run.record('websocket connect', await ws.frameCount(3));

    run.record('victim message ack', (await victim.call('message', { room, text: 'secret' }))[0].ok);
    run.record('victim echo', await victim.call('echo', 'mine'));
    await polling.post('427["echo","polling barrier"]');
    run.record('polling after', await polling.packets(1));
    ws.send('428["echo","ws barrier"]');
    run.record('websocket after', (await ws.frameCount(4)).slice(3));
    run.record('victim messages', victim.events('message').length);
  }, (t) => {
    assert.notEqual(t['polling sid'], t['victim sid']);
    assert.equal(t['polling set-cookie'], null, 'Node sets no io cookie by default');
    assert.doesNotMatch(JSON.stringify(t['polling connect']), new RegExp(t['victim sid']));
    const wsSid = JSON.parse(t['websocket connect'][0].slice(1)).sid;
    assert.notEqual(wsSid, t['victim sid']);
    assert.equal(t['victim message ack'], true);
    assert.deepEqual(t['victim echo'], ['mine']);
    assert.deepEqual(t['polling after'], ['437["polling barrier"]']);
    assert.deepEqual(t['websocket after'], ['438["ws barrier"]']);
    assert.equal(t['victim messages'], 1);
  }));
});

describe('namespace middleware rejection', () => {
  test('a rejected client gets 44 with message and data over raw frames and never the namespace broadcasts', () => differential(async (run) => {
    const rejected = run.defer(await rawSocket(run.url));
    await rejected.frameCount(1);
    rejected.send('40/private,{"key":"nope"}');
    run.record('rejection', (await rejected.frameCount(2)).slice(1));
    rejected.send('40');
    await rejected.frameCount(4);

    const accepted = run.defer(await connect(run.url, { nsp: '/private', transport: 'websocket', auth: { key: 'letmein' } }));
    run.record('accepted log', accepted.log);
    run.record('shout ack', await accepted.call('shout', 'hello all'));
    await accepted.waitForEvent('shout');
    rejected.send('4299["echo","barrier"]');
    run.record('rejected frames after shout', (await rejected.frameCount(5)).slice(4));
    rejected.send('42/private,["shout","sneaky"]');
    run.record('event to the rejected namespace', await rejected.closedByServer());
    run.record('accepted shouts', accepted.events('shout'));
  }, (t) => {
    assert.deepEqual(t.rejection, ['44/private,{"message":"unauthorized","data":{"reason":"bad key"}}']);
    assert.deepEqual(t['accepted log'], [['connect']]);
    assert.deepEqual(t['shout ack'], [{ ok: true }]);
    assert.deepEqual(t['rejected frames after shout'], ['4399["barrier"]'], 'no shout for the rejected client');
    assert.deepEqual(t['event to the rejected namespace'], { code: 1005 });
    assert.deepEqual(t['accepted shouts'], [['event', 'shout', 'hello all']]);
  }));

  for (const transport of Object.keys(TRANSPORTS)) {
    test(`socket.io-client over ${transport}: connect_error with message and data, then nothing`, () => differential(async (run) => {
      const manager = new Manager(run.url, { transports: TRANSPORTS[transport], reconnection: false, autoConnect: false });
      run.defer(() => manager.engine && manager.engine.close());
      const root = new RecordingClient(run.url, { manager, transport });
      const rejected = new RecordingClient(run.url, { manager, nsp: '/private', transport, auth: { key: 'wrong' } });
      await root.ready();
      await rejected.ready();
      const noAuth = run.defer(await connect(run.url, { nsp: '/private', transport })); // own manager: one socket per nsp
      const accepted = run.defer(await connect(run.url, { nsp: '/private', transport, auth: { key: 'letmein' } }));
      run.record('shout ack', await accepted.call('shout', { loud: true }));
      await root.barrier();
      run.record('rejected log', rejected.log);
      run.record('no auth log', noAuth.log);
      run.record('root events', root.log.map((e) => e.slice(0, 2)));
      run.record('accepted log', accepted.log);
    }, (t) => {
      const connectError = ['connect_error', 'unauthorized', { reason: 'bad key' }];
      assert.deepEqual(t['rejected log'], [connectError]);
      assert.deepEqual(t['no auth log'], [connectError]);
      assert.deepEqual(t['root events'], [['connect'], ['event', 'welcome']]);
      assert.deepEqual(t['accepted log'], [['connect'], ['event', 'shout', { loud: true }]]);
      assert.deepEqual(t['shout ack'], [{ ok: true }]);
    }));
  }
});
