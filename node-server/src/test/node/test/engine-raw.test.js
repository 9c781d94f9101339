'use strict';
// Engine.IO v4 edges seen with raw HTTP requests and raw WebSocket frames.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { differential } = require('../lib/differential');
const { NODE_ID } = require('../lib/targets');
const { request, summary, PollingSession, RawSocket, rawSocket } = require('../lib/raw');
const { CountingAgent } = require('../lib/counting-agent');

const BASE = '/socket.io/';
const UNKNOWN_SID = { status: 400, contentType: 'application/json', body: '{"code":1,"message":"Session ID unknown"}' };
const BAD_REQUEST = { status: 400, contentType: 'application/json', body: '{"code":3,"message":"Bad request"}' };
const OK = { status: 200, contentType: 'text/html', body: 'ok' };

/** A raw WebSocket session connected to "/" (open packet, 40 reply and welcome received). */
async function wsSession(run) {
  const ws = run.defer(await rawSocket(run.url));
  await ws.frameCount(1);
  ws.send('40');
  await ws.frameCount(3);
  return ws;
}

/** Waits until the server closes the socket or answers the "alive" echo; reports which, with later frames. */
async function aliveOrClosed(ws, from, timeoutMs = 400) {
  try {
    await ws.until(() => ws.closed || ws.frames.slice(from).some((f) => f === '4399["alive"]'), 'close or echo', timeoutMs);
  } catch {
    // neither: the server kept the connection but did not answer
  }
  return { frames: ws.frames.slice(from), closed: ws.closed };
}

describe('Engine.IO handshake over HTTP', () => {
  test('bad handshakes answer 400 with the Engine.IO error JSON', () => differential(async (run) => {
    const cases = {
      'missing EIO': ['GET', `${BASE}?transport=polling`],
      'EIO=3': ['GET', `${BASE}?EIO=3&transport=polling`],
      'EIO=abc': ['GET', `${BASE}?EIO=abc&transport=polling`],
      'EIO=5': ['GET', `${BASE}?EIO=5&transport=polling`],
      'no query': ['GET', BASE],
      'missing transport': ['GET', `${BASE}?EIO=4`],
      'unknown transport': ['GET', `${BASE}?EIO=4&transport=flash`],
      'websocket without upgrade': ['GET', `${BASE}?EIO=4&transport=websocket`],
      'unknown sid': ['GET', `${BASE}?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA`],
      'unknown sid POST': ['POST', `${BASE}?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA`],
      'malformed sid': ['GET', `${BASE}?EIO=4&transport=polling&sid=%%%not-a-sid`],
      'malformed sid with slash': ['GET', `${BASE}?EIO=4&transport=polling&sid=a/b/../c`],
      'empty sid': ['GET', `${BASE}?EIO=4&transport=polling&sid=`],
      'POST handshake': ['POST', `${BASE}?EIO=4&transport=polling`],
      'PUT handshake': ['PUT', `${BASE}?EIO=4&transport=polling`],
      'DELETE handshake': ['DELETE', `${BASE}?EIO=4&transport=polling`],
    };
    for (const [name, [method, path]] of Object.entries(cases)) {
      run.record(name, summary(await request(run.url, { method, path, body: method === 'GET' ? undefined : '' })));
    }
    const ok = await request(run.url, { path: `${BASE}?EIO=4&transport=polling` });
    run.record('handshake', { ...summary(ok), cacheControl: ok.headers['cache-control'] ?? null });
    const session = new PollingSession(run.url);
    await session.open();
    run.record('session open', session.handshake);
    run.record('sid length', session.sid.length);
  }, (t) => {
    const error = (code, message) => ({ status: 400, contentType: 'application/json', body: JSON.stringify({ code, message }) });
    const transportUnknown = error(0, 'Transport unknown');
    const unsupported = error(5, 'Unsupported protocol version');
    assert.deepEqual(t['missing EIO'], unsupported);
    assert.deepEqual(t['EIO=3'], unsupported);
    assert.deepEqual(t['EIO=abc'], unsupported);
    assert.deepEqual(t['no query'], transportUnknown);
    assert.deepEqual(t['missing transport'], transportUnknown);
    assert.deepEqual(t['unknown transport'], transportUnknown);
    assert.deepEqual(t['websocket without upgrade'], BAD_REQUEST);
    assert.deepEqual(t['unknown sid'], UNKNOWN_SID);
    assert.deepEqual(t['malformed sid'], UNKNOWN_SID);
    assert.deepEqual(t['POST handshake'], error(2, 'Bad handshake method'));
    assert.equal(t.handshake.status, 200);
    assert.equal(t.handshake.contentType, 'text/plain; charset=UTF-8');
    assert.match(t.handshake.body, /^0\{"sid":"[A-Za-z0-9_-]{20}","upgrades":\["websocket"\],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000\}$/);
    assert.deepEqual(Object.keys(t['session open']), ['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload']);
    assert.equal(t['sid length'], 20);
  }));

  test('a WebSocket-only session opens with no upgrades and maxPayload', () => differential(async (run) => {
    const ws = run.defer(await rawSocket(run.url));
    run.record('frames', await ws.frameCount(1));
    ws.send('40');
    run.record('connect', (await ws.frameCount(3)).slice(1));
  }, (t) => {
    assert.match(t.frames[0], /^0\{"sid":"[A-Za-z0-9_-]{20}","upgrades":\[\],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000\}$/);
    const id = JSON.parse(t.connect[0].slice(2)).sid;
    assert.notEqual(id, JSON.parse(t.frames[0].slice(1)).sid, 'the namespace socket id is not the engine sid');
    assert.deepEqual(t.connect, [`40{"sid":"${id}"}`, `42["welcome",{"id":"${id}","from":"${id}","user":"${id}","node":"${NODE_ID}"}]`]);
  }));
});

describe('Engine.IO packets over polling', () => {
  test('connect, event with ack and binary attachments as raw payloads', () => differential(async (run) => {
    const s = new PollingSession(run.url);
    await s.open();
    run.record('post 40', summary(await s.post('40')));
    run.record('poll', summary(await s.poll()));
    run.record('post binary', summary(await s.post('451-1["echo",{"_placeholder":true,"num":0},"t"]\x1ebAQID')));
    run.record('poll binary ack', summary(await s.poll()));
    run.record('post batch', summary(await s.post('422["echo","a"]\x1e423["echo","b"]')));
    run.record('poll batch', summary(await s.poll()));
    await s.post('41');
  }, (t) => {
    assert.deepEqual(t['post 40'], OK);
    assert.equal(t.poll.contentType, 'text/plain; charset=UTF-8');
    const [connect, welcome] = t.poll.body.split('\x1e');
    const id = JSON.parse(connect.slice(2)).sid;
    assert.equal(welcome, `42["welcome",{"id":"${id}","from":"${id}","user":"${id}","node":"${NODE_ID}"}]`);
    assert.equal(t['poll binary ack'].body, '461-1[{"_placeholder":true,"num":0},"t"]\x1ebAQID');
    assert.equal(t['poll batch'].body, '432["a"]\x1e433["b"]');
  }));

  test('an invalid packet closes the session', () => differential(async (run) => {
    const cases = {
      garbage: 'x', 'ping from client': '2', 'unknown type': '9', 'bad socket.io packet': '4x',
      'disconnect unconnected namespace': '41/custom,',
    };
    for (const [name, body] of Object.entries(cases)) {
      const s = new PollingSession(run.url);
      await s.open();
      await s.post('40');
      await s.poll();
      run.record(`${name}: post`, summary(await s.post(body)));
      run.record(`${name}: poll`, summary(await s.poll()));
    }
    const s = new PollingSession(run.url);
    await s.open();
    const binaryPost = await request(run.url, { method: 'POST', path: s.path(), headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([1, 2]) });
    run.record('octet-stream post', summary(binaryPost));
    run.record('octet-stream: poll', summary(await s.poll()));
  }, (t) => {
    assert.deepEqual(t['garbage: post'], OK);
    assert.deepEqual(t['garbage: poll'], UNKNOWN_SID);
    // an Engine.IO-level error closes at once; a Socket.IO-level error closes gracefully: noop + close first
    assert.deepEqual(t['ping from client: poll'], UNKNOWN_SID);
    assert.deepEqual(t['bad socket.io packet: poll'], { status: 200, contentType: 'text/plain; charset=UTF-8', body: '6\x1e1' });
    assert.deepEqual(t['octet-stream post'], { status: 400, contentType: null, body: '' });
    assert.deepEqual(t['octet-stream: poll'], UNKNOWN_SID);
  }));

  test('a close packet answers the pending poll with a noop and ends the session', () => differential(async (run) => {
    const s = new PollingSession(run.url);
    await s.open();
    await s.post('40');
    await s.poll();
    const pending = s.poll();
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the poll reach the server first
    run.record('post close', summary(await s.post('1')));
    run.record('pending poll', summary(await pending));
    run.record('poll after', summary(await s.poll()));
    run.record('post after', summary(await s.post('42["echo"]')));
  }, (t) => {
    assert.deepEqual(t['post close'], OK);
    assert.deepEqual(t['pending poll'], { status: 200, contentType: 'text/plain; charset=UTF-8', body: '6' });
    assert.deepEqual(t['poll after'], UNKNOWN_SID);
    assert.deepEqual(t['post after'], UNKNOWN_SID);
  }));

  test('a second concurrent poll is refused and closes the session', () => differential(async (run) => {
    const s = new PollingSession(run.url);
    await s.open();
    const first = s.poll();
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the poll reach the server first
    run.record('second poll', summary(await s.poll()));
    run.record('first poll', summary(await first));
    run.record('poll after', summary(await s.poll()));
  }, (t) => {
    assert.deepEqual(t['second poll'], { status: 400, contentType: null, body: '' });
    assert.deepEqual(t['first poll'], { status: 200, contentType: 'text/plain; charset=UTF-8', body: '1' });
    assert.deepEqual(t['poll after'], UNKNOWN_SID);
  }));

  test('a POST over maxHttpBufferSize gets 413 and the session survives', () => differential(async (run) => {
    const s = new PollingSession(run.url);
    await s.open();
    await s.post('40');
    await s.poll();
    run.record('oversized post', summary(await s.post(`421["echo","${'x'.repeat(1_000_001)}"]`)));
    run.record('post after', summary(await s.post('422["echo","alive"]')));
    run.record('poll after', summary(await s.poll()));
  }, (t) => {
    assert.deepEqual(t['oversized post'], { status: 413, contentType: null, body: '' });
    assert.deepEqual(t['post after'], OK);
    assert.equal(t['poll after'].body, '432["alive"]');
  }));

  test('many poll cycles reuse one keep-alive TCP connection without "socket hang up"', () => differential(async (run) => {
    const agent = new CountingAgent();
    run.defer(() => agent.destroy());
    const s = new PollingSession(run.url, { agent });
    const open = await s.open();
    run.record('handshake connection header', open.headers.connection);
    await s.post('40');
    await s.poll();
    const results = [];
    for (let i = 1; i <= 30; i += 1) {
      const post = await s.post(`42${i}["echo",${i}]`);
      const poll = await s.poll();
      results.push(post.error ?? post.body, poll.error ?? poll.body);
      if (i === 30) run.record('poll connection header', poll.headers.connection);
    }
    run.record('results', results);
    run.record('tcp connections', agent.connections);
  }, (t) => {
    assert.equal(t['handshake connection header'], 'keep-alive');
    assert.equal(t['poll connection header'], 'keep-alive');
    const expected = [];
    for (let i = 1; i <= 30; i += 1) expected.push('ok', `43${i}[${i}]`);
    assert.deepEqual(t.results, expected);
    assert.equal(t['tcp connections'], 1);
  }));
});

describe('Engine.IO upgrade from polling to WebSocket', () => {
  test('after the upgrade the polling sid is refused and a second WebSocket is closed', () => differential(async (run) => {
    const s = new PollingSession(run.url);
    await s.open();
    await s.post('40');
    run.record('connect', (await s.packets(2)));
    const pending = s.poll();
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the poll reach the server first
    const ws = run.defer(await rawSocket(run.url, `&sid=${encodeURIComponent(s.sid)}`));
    ws.send('2probe');
    run.record('probe reply', await ws.frameCount(1));
    run.record('pending poll during upgrade', summary(await pending));
    ws.send('5');
    ws.send('421["echo","over websocket"]');
    run.record('echo over websocket', (await ws.frameCount(2)).slice(1));
    run.record('poll after upgrade', summary(await s.poll()));
    run.record('post after upgrade', summary(await s.post('42["echo"]')));
    const second = run.defer(new RawSocket(run.url, `&sid=${encodeURIComponent(s.sid)}`));
    run.record('second websocket opened', await second.opened());
    run.record('second websocket closed', await second.closedByServer());
    run.record('second websocket frames', second.frames);
    ws.send('422["echo","still upgraded"]');
    run.record('first websocket still works', (await ws.frameCount(3)).slice(2));
  }, (t) => {
    assert.deepEqual(t['probe reply'], ['3probe']);
    assert.deepEqual(t['pending poll during upgrade'], { status: 200, contentType: 'text/plain; charset=UTF-8', body: '6' });
    assert.deepEqual(t['echo over websocket'], ['431["over websocket"]']);
    assert.deepEqual(t['poll after upgrade'], BAD_REQUEST);
    assert.deepEqual(t['post after upgrade'], BAD_REQUEST);
    assert.deepEqual(t['second websocket opened'], { open: true });
    assert.deepEqual(t['second websocket closed'], { code: 1005 });
    assert.deepEqual(t['second websocket frames'], []);
    assert.deepEqual(t['first websocket still works'], ['432["still upgraded"]']);
  }));
});

describe('Engine.IO and Socket.IO packets over a raw WebSocket', () => {
  test('binary attachments are plain binary frames (no 0x04 prefix)', () => differential(async (run) => {
    const ws = await wsSession(run);
    ws.send('451-1["echo",{"_placeholder":true,"num":0}]');
    ws.send(Buffer.from([1, 2, 3]));
    run.record('ack frames', (await ws.frameCount(5)).slice(3));
    const custom = run.defer(await rawSocket(run.url));
    await custom.frameCount(1);
    custom.send('40/custom,');
    await custom.frameCount(3);
    custom.send('42/custom,7["binary"]');
    run.record('server binary event', (await custom.frameCount(7)).slice(3));
  }, (t) => {
    assert.deepEqual(t['ack frames'], ['461-1[{"_placeholder":true,"num":0}]', { binary: '010203' }]);
    assert.deepEqual(t['server binary event'], [
      '452-/custom,["binary",{"buf":{"_placeholder":true,"num":0},"nested":[{"b":{"_placeholder":true,"num":1}}],"n":1}]',
      { binary: '00010203040506070809' }, { binary: 'fffe' }, '43/custom,7[{"ok":true}]',
    ]);
  }));

  test('each odd or invalid packet is ignored or closes the connection exactly as Node does', () => differential(async (run) => {
    const cases = {
      'pong without ping': ['3'], noop: ['6'], 'upgrade packet': ['5'], 'close packet': ['1'],
      'empty message': ['4'], 'ping from client': ['2'], 'probe after open': ['2probe'], 'unknown engine type': ['7'],
      garbage: ['x'], 'second connect to /': ['40'], 'event without data': ['42'], 'bad socket.io type': ['49'],
      'truncated json': ['42["join"'], 'trailing garbage': ['421["echo"]1'], 'socket.io type not a digit': ['4x'],
      'event to unconnected namespace': ['42/custom,["echo"]'], 'disconnect unconnected namespace': ['41/custom,'],
      'disconnect unknown namespace': ['41/nope,'], 'event name not a string': ['42[1,2]'],
      'ack for unknown id': ['4317[1]'],
    };
    for (const [name, packets] of Object.entries(cases)) {
      const ws = await wsSession(run);
      for (const packet of packets) ws.send(packet);
      ws.send('4299["echo","alive"]');
      run.record(name, await aliveOrClosed(ws, 3));
      ws.close();
    }
  }, (t) => {
    const alive = { frames: ['4399["alive"]'], closed: null };
    const closed = { frames: [], closed: { code: 1005 } };
    for (const name of ['pong without ping', 'noop', 'upgrade packet', 'close packet', 'event without data']) assert.deepEqual(t[name], alive, name);
    for (const name of ['empty message', 'ping from client', 'garbage', 'second connect to /', 'truncated json',
      'event to unconnected namespace', 'disconnect unconnected namespace']) assert.deepEqual(t[name], closed, name);
  }));

  test('41 for / leaves the engine connection open; a later event for / closes it', () => differential(async (run) => {
    const ws = await wsSession(run);
    ws.send('41');
    ws.send('40/custom,');
    run.record('connect /custom after 41', (await ws.frameCount(5)).slice(3).map((f) => f.slice(0, 10)));
    ws.send('42/custom,1["echo","custom alive"]');
    run.record('custom echo', (await ws.frameCount(6)).slice(5));
    ws.send('4299["echo","root"]');
    run.record('event for /', await aliveOrClosed(ws, 6));
  }, (t) => {
    assert.deepEqual(t['connect /custom after 41'], ['40/custom,', '42/custom,']);
    assert.deepEqual(t['custom echo'], ['43/custom,1["custom alive"]']);
    assert.deepEqual(t['event for /'], { frames: [], closed: { code: 1005 } });
  }));

  test('a frame over maxPayload closes the WebSocket with 1009', () => differential(async (run) => {
    const ws = await wsSession(run);
    ws.send(`421["echo","${'x'.repeat(999_900)}"]`);
    const frames = await ws.frameCount(4);
    run.record('just under the limit', frames[3].length);
    ws.send(`422["echo","${'x'.repeat(1_000_001)}"]`);
    run.record('over the limit', await ws.closedByServer());
  }, (t) => {
    assert.equal(t['just under the limit'], 999_900 + 7);
    assert.deepEqual(t['over the limit'], { code: 1009 });
  }));
});
