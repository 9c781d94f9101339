'use strict';
// Binary attachments both ways and the payload size limit (maxHttpBufferSize 1e6, advertised as maxPayload).
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { differential } = require('../lib/differential');
const { connect } = require('../lib/client');

const TRANSPORTS = ['websocket', 'polling', 'default'];
const bytes = (...b) => Buffer.from(b);

for (const transport of TRANSPORTS) {
  describe(`binary and payload size over ${transport}`, () => {
    test('echo returns binary at top level and nested in objects and arrays', () => differential(async (run) => {
      const c = run.defer(await connect(run.url, { transport }));
      run.record('top level', await c.call('echo', bytes(1, 2, 3)));
      run.record('mixed', await c.call('echo', 'text', bytes(0), { a: bytes(255), list: [bytes(4, 5), 'x', { deep: bytes(6) }] }, [bytes(7), 8]));
      run.record('empty buffer', await c.call('echo', Buffer.alloc(0)));
      run.record('only json', await c.call('echo', { n: 1.5, s: 'é✓', t: true, z: null, arr: [] }));
      const custom = run.defer(await connect(run.url, { nsp: '/custom', transport }));
      run.record('custom echo', await custom.call('echo', [bytes(9)], { k: bytes(10, 11) }));
      c.socket.emit('echo', bytes(1), 'without ack'); // ignored: nothing comes back
      await c.barrier();
      run.record('log', c.log.map((e) => e[0]));
    }, (t) => {
      const bin = (hex) => ({ $binary: 'Buffer', hex });
      assert.deepEqual(t['top level'], [bin('010203')]);
      assert.deepEqual(t.mixed, ['text', bin('00'), { a: bin('ff'), list: [bin('0405'), 'x', { deep: bin('06') }] }, [bin('07'), 8]]);
      assert.deepEqual(t['empty buffer'], [bin('')]);
      assert.deepEqual(t['only json'], [{ n: 1.5, s: 'é✓', t: true, z: null, arr: [] }]);
      assert.deepEqual(t['custom echo'], [[bin('09')], { k: bin('0a0b') }]);
      assert.deepEqual(t.log, ['connect', 'event']);
    }));

    test('server-initiated binary event on /custom arrives before the ack', () => differential(async (run) => {
      const c = run.defer(await connect(run.url, { nsp: '/custom', transport }));
      run.record('ack', await c.call('binary'));
      run.record('log', c.log.slice(2));
    }, (t) => {
      assert.deepEqual(t.ack, [{ ok: true }]);
      assert.deepEqual(t.log, [['event', 'binary', {
        buf: { $binary: 'Buffer', hex: '00010203040506070809' }, nested: [{ b: { $binary: 'Buffer', hex: 'fffe' } }], n: 1,
      }]]);
    }));

    test('a 900 KB payload is accepted', () => differential(async (run) => {
      const c = run.defer(await connect(run.url, { transport }));
      const text = 'x'.repeat(900_000);
      const [reply] = await c.call('echo', text);
      run.record('echo length', typeof reply === 'string' ? reply.length : reply);
      run.record('same text', reply === text);
      if (transport === 'websocket') {
        const [buf] = await c.call('echo', Buffer.alloc(900_000, 7));
        run.record('binary echo', buf);
      }
      run.record('log', c.log.map((e) => e[0]));
    }, (t) => {
      assert.equal(t['echo length'], 900_000);
      assert.equal(t['same text'], true);
      if (transport === 'websocket') assert.equal(t['binary echo'].$binary, 'Buffer');
      assert.deepEqual(t.log, ['connect', 'event']);
    }));

    test('a payload over 1 MB closes the connection, as Node does', () => differential(async (run) => {
      const c = run.defer(await connect(run.url, { transport }));
      run.record('reply', await c.call('echo', 'x'.repeat(1_100_000)));
      await c.waitFor((e) => e[0] === 'disconnect', 'disconnect');
      run.record('log', c.log);
    }, (t) => {
      assert.deepEqual(t.reply, ['<no ack>', 'socket has been disconnected']);
      // websocket: ws closes the connection (1009); polling: the POST is answered 413 and the client gives up
      assert.deepEqual(t.log.at(-1), ['disconnect', transport === 'polling' ? 'transport error' : 'transport close']);
    }));
  });
}
