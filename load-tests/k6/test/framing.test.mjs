// Pure tests of the framing module, the chat payload helpers and the settings: no server needed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ProtocolError, SessionState, SocketIoSession, ackFrame, connectFrame, decodeEnginePacket, decodeSocketPacket,
  encodeEnginePacket, encodeSocketPacket, eventFrame, websocketUrl,
} from '../lib/socketio.js';
import { deliveryLatency, errorCode, isOk, roomFor, stampedText } from '../lib/chat.js';
import { authFor, formatDuration, loadConfig, parseDuration } from '../lib/config.js';

describe('Engine.IO packets', () => {
  test('decodes the open packet with its handshake JSON', () => {
    const packet = decodeEnginePacket('0{"sid":"abc","upgrades":[],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000}');
    assert.deepEqual(packet, {
      type: 'open', data: { sid: 'abc', upgrades: [], pingInterval: 300, pingTimeout: 200, maxPayload: 1000000 },
    });
  });

  test('decodes ping, pong with probe, close, noop and message', () => {
    assert.deepEqual(decodeEnginePacket('2'), { type: 'ping', data: '' });
    assert.deepEqual(decodeEnginePacket('3probe'), { type: 'pong', data: 'probe' });
    assert.deepEqual(decodeEnginePacket('1'), { type: 'close', data: '' });
    assert.deepEqual(decodeEnginePacket('6'), { type: 'noop', data: '' });
    assert.deepEqual(decodeEnginePacket('42["a"]'), { type: 'message', data: '2["a"]' });
  });

  test('rejects empty frames, unknown types and an open packet without JSON', () => {
    assert.throws(() => decodeEnginePacket(''), ProtocolError);
    assert.throws(() => decodeEnginePacket('9'), /unknown Engine.IO packet type/);
    assert.throws(() => decodeEnginePacket('0{nope'), /open packet without JSON/);
  });

  test('encodes pong and message packets', () => {
    assert.equal(encodeEnginePacket('pong'), '3');
    assert.equal(encodeEnginePacket('pong', 'probe'), '3probe');
    assert.equal(encodeEnginePacket('message', '2["x"]'), '42["x"]');
    assert.throws(() => encodeEnginePacket('shout'), /unknown Engine.IO packet type/);
  });
});

describe('Socket.IO packets', () => {
  test('encodes connect with and without auth, and for another namespace', () => {
    assert.equal(connectFrame(), '40');
    assert.equal(connectFrame({ user: 'alice' }), '40{"user":"alice"}');
    assert.equal(connectFrame({ key: 'k' }, '/private'), '40/private,{"key":"k"}');
    assert.equal(connectFrame(undefined, '/custom'), '40/custom,');
  });

  test('encodes events with and without ack ids, and acks', () => {
    assert.equal(eventFrame('join', ['lobby']), '42["join","lobby"]');
    assert.equal(eventFrame('join', ['lobby'], { id: 7 }), '427["join","lobby"]');
    assert.equal(eventFrame('shout', ['hi'], { nsp: '/private', id: 12 }), '42/private,12["shout","hi"]');
    assert.equal(ackFrame(3, [{ ok: true }]), '433[{"ok":true}]');
    assert.throws(() => encodeSocketPacket({ type: 2, id: -1, data: ['x'] }), /non-negative integer/);
    assert.throws(() => encodeSocketPacket({ type: 5, data: [] }), /cannot encode/);
  });

  test('decodes events, acks, namespaces, ids and connect errors like socket.io-parser', () => {
    assert.deepEqual(decodeSocketPacket('0{"sid":"s1"}'), { type: 0, nsp: '/', data: { sid: 's1' } });
    assert.deepEqual(decodeSocketPacket('2["message",{"text":"hi"}]'),
      { type: 2, nsp: '/', data: ['message', { text: 'hi' }] });
    assert.deepEqual(decodeSocketPacket('312[{"ok":true,"id":"u"}]'), { type: 3, nsp: '/', id: 12, data: [{ ok: true, id: 'u' }] });
    assert.deepEqual(decodeSocketPacket('4/nope,{"message":"Invalid namespace"}'),
      { type: 4, nsp: '/nope', data: { message: 'Invalid namespace' } });
    assert.deepEqual(decodeSocketPacket('1/custom,'), { type: 1, nsp: '/custom' });
    assert.deepEqual(decodeSocketPacket('51-/custom,["binary",{"_placeholder":true,"num":0}]'), {
      type: 5, nsp: '/custom', attachments: 1, data: ['binary', { _placeholder: true, num: 0 }],
    });
  });

  test('round-trips every packet it encodes', () => {
    for (const packet of [
      { type: 0, nsp: '/', data: { token: 't' } },
      { type: 2, nsp: '/', id: 0, data: ['message', { room: 'r', text: '{"sent":1}' }] },
      { type: 3, nsp: '/x', id: 99, data: [null, 1, 'two'] },
    ]) {
      assert.deepEqual(decodeSocketPacket(encodeSocketPacket(packet).slice(1)), packet);
    }
  });

  test('rejects events without a name, acks without an array and broken JSON', () => {
    assert.throws(() => decodeSocketPacket('2[1]'), /without an event name/);
    assert.throws(() => decodeSocketPacket('31{"ok":true}'), /without an array payload/);
    assert.throws(() => decodeSocketPacket('2["a"'), /invalid JSON/);
    assert.throws(() => decodeSocketPacket('9'), /unknown Socket.IO packet type/);
    assert.throws(() => decodeSocketPacket('5x-["a"]'), /attachment count/);
  });
});

describe('websocketUrl', () => {
  test('turns http(s) targets into ws(s) Engine.IO URLs and keeps a path prefix', () => {
    assert.equal(websocketUrl('http://127.0.0.1:8080'), 'ws://127.0.0.1:8080/socket.io/?EIO=4&transport=websocket');
    assert.equal(websocketUrl('https://chat.example.com/'), 'wss://chat.example.com/socket.io/?EIO=4&transport=websocket');
    assert.equal(websocketUrl('https://example.com/roomcast', 'socket.io/', { a: 'b c' }),
      'wss://example.com/roomcast/socket.io/?EIO=4&transport=websocket&a=b%20c');
    assert.equal(websocketUrl('ws://h:1'), 'ws://h:1/socket.io/?EIO=4&transport=websocket');
    assert.throws(() => websocketUrl('127.0.0.1:8080'), /http\(s\):\/\/ or ws\(s\):\/\//);
  });
});

describe('SocketIoSession', () => {
  const clock = () => {
    let time = 1000;
    const now = () => time;
    now.advance = (ms) => { time += ms; };
    return now;
  };

  test('answers open with a connect carrying auth, then reports the connect with its latency', () => {
    const now = clock();
    const session = new SocketIoSession({ auth: { user: 'alice' }, now });
    const opened = session.onFrame('0{"sid":"e1","upgrades":[],"pingInterval":300,"pingTimeout":300,"maxPayload":100}');
    assert.deepEqual(opened.replies, ['40{"user":"alice"}']);
    assert.equal(opened.opened.pingInterval, 300);
    assert.equal(session.state, SessionState.CONNECTING);
    now.advance(42);
    const connected = session.onFrame('40{"sid":"s1"}');
    assert.deepEqual(connected.connected, { sid: 's1', latency: 42 });
    assert.equal(session.state, SessionState.CONNECTED);
  });

  test('answers every ping with a pong carrying the same data', () => {
    const session = new SocketIoSession();
    assert.deepEqual(session.onFrame('2').replies, ['3']);
    assert.deepEqual(session.onFrame('2probe').replies, ['3probe']);
    assert.equal(session.pings, 2);
  });

  test('reports events, and acks matched to their request with latency; unknown ack ids are ignored', () => {
    const now = clock();
    const session = new SocketIoSession({ now });
    session.onFrame('0{"sid":"e"}');
    session.onFrame('40{"sid":"s"}');
    const join = session.emitWithAck('join', 'lobby');
    const message = session.emitWithAck('message', { room: 'lobby', text: 'x' });
    assert.equal(join.frame, '420["join","lobby"]');
    assert.equal(message.frame, '421["message",{"room":"lobby","text":"x"}]');
    assert.equal(session.pendingAcks, 2);
    now.advance(7);
    const acked = session.onFrame('431[{"ok":true,"id":"m1"}]');
    assert.deepEqual(acked.acks, [{ id: 1, event: 'message', args: [{ ok: true, id: 'm1' }], latency: 7 }]);
    assert.deepEqual(session.onFrame('4399[{}]').acks, []);
    const events = session.onFrame('42["message",{"id":"m1","text":"x"}]');
    assert.deepEqual(events.events, [{ name: 'message', args: [{ id: 'm1', text: 'x' }] }]);
    assert.deepEqual(session.onFrame('425["ask"]').events, [{ name: 'ask', args: [], id: 5 }]);
    assert.equal(session.ack(5, 'yes'), '435["yes"]');
    assert.equal(session.emit('leave', 'lobby'), '42["leave","lobby"]');
  });

  test('expires acks older than the timeout', () => {
    const now = clock();
    const session = new SocketIoSession({ now });
    session.emitWithAck('join', 'a');
    now.advance(100);
    session.emitWithAck('join', 'b');
    now.advance(50);
    assert.deepEqual(session.expireAcks(120), [{ id: 0, event: 'join', age: 150 }]);
    assert.equal(session.pendingAcks, 1);
  });

  test('reports connect_error for its namespace and ignores packets of other namespaces', () => {
    const session = new SocketIoSession({ nsp: '/private' });
    assert.deepEqual(session.onFrame('0{"sid":"e"}').replies, ['40/private,']);
    assert.deepEqual(session.onFrame('42["message",{}]').events, []);
    const failed = session.onFrame('44/private,{"message":"unauthorized","data":{"reason":"bad key"}}');
    assert.deepEqual(failed.connectError, { message: 'unauthorized', data: { reason: 'bad key' } });
    assert.equal(session.state, SessionState.FAILED);
  });

  test('reports server disconnects, Engine.IO close and malformed frames', () => {
    const session = new SocketIoSession();
    assert.equal(session.onFrame('41').closed, 'server disconnect');
    assert.equal(new SocketIoSession().onFrame('1').closed, 'server close');
    assert.ok(new SocketIoSession().onFrame('42["x"').error instanceof ProtocolError);
    assert.ok(new SocketIoSession().onFrame('x').error instanceof ProtocolError);
  });
});

describe('chat payloads', () => {
  test('a stamped text gives the delivery latency; other texts give none', () => {
    const text = stampedText(1000, 5);
    assert.deepEqual(JSON.parse(text), { sent: 1000, pad: 'xxxxx' });
    assert.equal(deliveryLatency({ text }, 1250), 250);
    assert.equal(deliveryLatency({ text: 'hello' }, 1250), null);
    assert.equal(deliveryLatency({ text: '{"other":1}' }, 1250), null);
    assert.equal(deliveryLatency({ text: '{broken' }, 1250), null);
    assert.equal(deliveryLatency(undefined, 1250), null);
  });

  test('recognises ok and error acks', () => {
    assert.equal(isOk([{ ok: true, room: 'r', size: 1 }]), true);
    assert.equal(isOk([{ error: { code: 'not_joined', message: 'join the room first' } }]), false);
    assert.equal(isOk([null]), false);
    assert.equal(errorCode([{ error: { code: 'not_joined', message: 'join the room first' } }]), 'not_joined');
    assert.equal(errorCode([{ ok: true }]), null);
  });

  test('spreads users round-robin over rooms', () => {
    assert.deepEqual([0, 1, 2, 3, 4].map((n) => roomFor(n, 3, 'chat')), ['chat-0', 'chat-1', 'chat-2', 'chat-0', 'chat-1']);
  });
});

describe('settings', () => {
  test('defaults point at the local cluster load balancer', () => {
    const config = loadConfig({});
    assert.equal(config.target, 'http://127.0.0.1:8080');
    assert.equal(config.vus, 50);
    assert.equal(config.durationMs, 60000);
    assert.equal(config.token, null);
  });

  test('reads durations, counts, rates and thresholds', () => {
    const config = loadConfig({
      TARGET: 'https://roomcast.example.com', VUS: '3', DURATION: '2m', RATE: '0.5', THINK: '250ms',
      P95_DELIVERY_MS: '100', MAX_ERROR_RATE: '0.05', TOKEN: 'jwt',
    });
    assert.equal(config.target, 'https://roomcast.example.com');
    assert.equal(config.vus, 3);
    assert.equal(config.durationMs, 120000);
    assert.equal(config.rate, 0.5);
    assert.equal(config.thinkMs, 250);
    assert.equal(config.thresholds.deliveryP95Ms, 100);
    assert.equal(config.thresholds.maxErrorRate, 0.05);
    assert.equal(config.token, 'jwt');
  });

  test('lists every bad variable in one error', () => {
    assert.throws(() => loadConfig({ VUS: '0', DURATION: 'soon', TARGET: 'localhost', RATE: '-1' }), (e) => {
      assert.match(e.message, /VUS: must be a whole number >= 1/);
      assert.match(e.message, /DURATION: not a duration/);
      assert.match(e.message, /TARGET: must be an http\(s\)/);
      assert.match(e.message, /RATE: must be a number > 0/);
      return true;
    });
  });

  test('formats and parses k6 durations', () => {
    assert.equal(parseDuration('1h'), 3600000);
    assert.equal(formatDuration(1500), '1500ms');
    assert.equal(formatDuration(30000), '30s');
  });

  test('sends a JWT as auth.token when TOKEN is set, else a user name', () => {
    assert.deepEqual(authFor(loadConfig({ TOKEN: 'a.b.c' }), 'k6-1'), { token: 'a.b.c' });
    assert.deepEqual(authFor(loadConfig({}), 'k6-1'), { user: 'k6-1' });
  });
});
