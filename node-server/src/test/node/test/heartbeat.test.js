'use strict';
// Heartbeats against servers with pingInterval 300 ms and pingTimeout 200 ms
// (REFERENCE_SHORT_PING_URL / ROOMCAST_SHORT_PING_URL).
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { differential } = require('../lib/differential');
const { connect, TRANSPORTS } = require('../lib/client');
const { rawSocket, PollingSession, summary } = require('../lib/raw');

describe('heartbeats', () => {
  test('raw WebSocket: the server pings, a pong keeps the session, silence closes it', () => differential(async (run) => {
    const ws = run.defer(await rawSocket(run.url));
    const [open] = await ws.frameCount(1);
    run.record('open', JSON.parse(open.slice(1)));
    ws.send('40');
    await ws.frameCount(4);
    run.record('first ping', ws.frames.slice(1, 4));
    ws.send('3');
    await ws.frameCount(5);
    ws.send('3');
    ws.send('421["echo","after pongs"]');
    run.record('after pongs', (await ws.frameCount(6)).slice(4));
    run.record('close when silent', await ws.closedByServer(2000));
    run.record('frames before close', ws.frames.slice(6));
  }, (t) => {
    assert.equal(t.open.pingInterval, 300);
    assert.equal(t.open.pingTimeout, 200);
    assert.equal(t['first ping'][2], '2');
    assert.deepEqual(t['after pongs'], ['2', '431["after pongs"]']);
    assert.deepEqual(t['frames before close'], ['2']);
    assert.ok(t['close when silent'].code, 'closed by the server');
  }, 'shortPing'));

  test('raw polling: the ping arrives in a poll, a missing pong ends the session', () => differential(async (run) => {
    const s = new PollingSession(run.url);
    await s.open();
    await s.post('40');
    run.record('connect', (await s.packets(2)).map((p) => p.slice(0, 2)));
    run.record('ping poll', summary(await s.poll(2000)));
    run.record('pong', summary(await s.post('3')));
    run.record('second ping poll', summary(await s.poll(2000)));
    run.record('poll when silent', summary(await s.poll(2000)));
    run.record('poll after timeout', summary(await s.poll(2000)));
  }, (t) => {
    assert.deepEqual(t.connect, ['40', '42']);
    assert.equal(t['ping poll'].body, '2');
    assert.equal(t['second ping poll'].body, '2');
    assert.deepEqual(t['poll when silent'], { status: 200, contentType: 'text/plain; charset=UTF-8', body: '1' });
    assert.deepEqual(t['poll after timeout'], { status: 400, contentType: 'application/json', body: '{"code":1,"message":"Session ID unknown"}' });
  }, 'shortPing'));

  for (const transport of Object.keys(TRANSPORTS)) {
    test(`socket.io-client over ${transport} answers pings and stays connected`, () => differential(async (run) => {
      const c = run.defer(await connect(run.url, { transport }));
      const pings = await new Promise((resolve, reject) => {
        let count = 0;
        const timer = setTimeout(() => reject(new Error(`only ${count} pings within 3 s`)), 3000);
        c.socket.io.on('ping', () => {
          count += 1;
          if (count === 3) {
            clearTimeout(timer);
            resolve(count);
          }
        });
      });
      run.record('pings', pings);
      run.record('echo', await c.call('echo', 'alive'));
      run.record('log', c.log.map((e) => e[0]));
    }, (t) => {
      assert.equal(t.pings, 3);
      assert.deepEqual(t.echo, ['alive']);
      assert.deepEqual(t.log, ['connect', 'event']);
    }, 'shortPing'));
  }
});
