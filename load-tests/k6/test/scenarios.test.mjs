// Runs the k6 scenario scripts themselves in Node, with stand-ins for k6's built-in modules (test/k6-shim/: the ws
// package as k6/websockets, recording metrics and checks), one short iteration each against the live node at
// ROOMCAST_URL. It proves the scripts' logic — connect, join, publish, receive, ack, close — and that their
// thresholds name metrics the scripts really produce and pass on a healthy node.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { roomcastUrl } from './live-client.mjs';
import {
  failedThresholds, loadScript, recorded, resetRecorded, runIteration, values, waitForClosedSockets,
} from './k6-shim/runner.mjs';

const env = {
  TARGET: roomcastUrl(), USER_PREFIX: `k6test${process.pid}`, VUS: '1', ROOMS: '1', MESSAGES: '3', THINK: '50ms',
  DURATION: '1s', WARMUP: '300ms', DRAIN: '1500ms', HOLD: '200ms', RATE: '20', CONNECTION_LIFETIME: '1s',
  CONNECT_TIMEOUT: '3s', ACK_TIMEOUT: '2s', P95_HANDSHAKE_MS: '5000', P95_ACK_MS: '5000', P95_DELIVERY_MS: '5000',
};

beforeEach(resetRecorded);

function assertHealthy(options) {
  assert.deepEqual(recorded.failedChecks, [], 'failed checks');
  const errorSamples = recorded.samples.get('errors')?.values ?? [];
  assert.deepEqual(errorSamples.filter((s) => s.value === 1).map((s) => s.tags.kind), [], 'errors');
  assert.deepEqual(failedThresholds(options.thresholds), [], 'thresholds');
}

test('chat.js: joins, sends MESSAGES messages with acks, gets them back through the room, then closes', async () => {
  const chat = await loadScript('chat.js', env);
  assert.equal(chat.options.scenarios.chat.vus, 1);
  assert.deepEqual(Object.keys(chat.options.thresholds).sort(),
    ['ack_latency', 'checks', 'delivery_latency', 'errors', 'handshake_latency', 'messages_received']);
  await runIteration(chat.default, { vu: 7 });
  assert.equal(values('handshake_latency').length, 1);
  assert.equal(values('ack_latency').length, 1 + 3, 'one join and three message acks');
  assert.equal(values('messages_sent').length, 3);
  assert.equal(values('delivery_latency').length, 3);
  assert.ok(values('delivery_latency').every((ms) => ms >= 0));
  assert.ok(values('checks').length >= 6, 'join, messages, welcome and own-message checks ran');
  assertHealthy(chat.options);
});

test('connect-storm.js: connects, receives welcome, holds for HOLD and closes', async () => {
  const storm = await loadScript('connect-storm.js', env);
  assert.deepEqual(storm.options.scenarios.storm.stages.map((s) => s.target), [1, 1, 0]);
  const startedAt = Date.now();
  await runIteration(storm.default, { vu: 1 });
  assert.ok(Date.now() - startedAt >= 200, 'the connection was held for HOLD');
  assert.equal(values('handshake_latency').length, 1);
  assertHealthy(storm.options);
});

test('fanout.js: a subscriber receives the stamped messages of a publisher in its room', async () => {
  const fanout = await loadScript('fanout.js', env);
  assert.equal(fanout.options.scenarios.publishers.startTime, '300ms');
  runIteration(fanout.subscriber, { vu: 1, iterationInTest: 0 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await runIteration(fanout.publisher, { vu: 2, iterationInTest: 0 });
  await waitForClosedSockets();
  const sent = values('messages_sent').length;
  assert.ok(sent >= 5, `the publisher sent ${sent} messages in DURATION at RATE`);
  assert.equal(values('messages_received').length, sent, 'the subscriber received every message');
  assert.equal(values('delivery_latency').length, sent);
  assertHealthy(fanout.options);
});

test('soak.js: publishes at RATE for CONNECTION_LIFETIME and records delivery and acks', async () => {
  const soak = await loadScript('soak.js', env);
  await runIteration(soak.default, { vu: 3 });
  const sent = values('messages_sent').length;
  assert.ok(sent >= 5, `sent ${sent}`);
  assert.ok(values('delivery_latency').length >= sent - 1, 'own messages came back (the last may be cut by the close)');
  assert.ok(values('ack_latency').length >= sent, 'join and message acks');
  assertHealthy(soak.options);
});

test('control: chat.js against a closed port counts a transport error and fails its thresholds', async () => {
  const chat = await loadScript('chat.js', env);
  // Modules are cached per process, so the control points the shared settings at a port nobody listens on.
  const { config } = await import('../lib/config.js');
  const target = config.target;
  config.target = 'http://127.0.0.1:9';
  try {
    await runIteration(chat.default, { vu: 1 });
  } finally {
    config.target = target;
  }
  assert.ok(values('errors').includes(1), 'a transport error is counted');
  assert.notDeepEqual(failedThresholds(chat.options.thresholds), []);
});
