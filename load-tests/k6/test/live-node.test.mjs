// The framing module against a LIVE Roomcast node (ROOMCAST_URL): the exchanges every k6 scenario relies on.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { deliveryLatency, stampedText } from '../lib/chat.js';
import { SessionState } from '../lib/socketio.js';
import { LiveClient, connectedClient, roomcastUrl } from './live-client.mjs';

roomcastUrl();
const clients = [];
const track = (client) => {
  clients.push(client);
  return client;
};
after(() => clients.forEach((client) => client.close()));
const uniqueRoom = (name) => `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

test('open packet, then 40 with auth is answered by 40 {sid} and a welcome naming the user', async () => {
  const client = track(new LiveClient({ auth: { user: 'alice' } }));
  const { handshake } = await client.next('opened');
  assert.equal(typeof handshake.sid, 'string');
  assert.deepEqual(handshake.upgrades, []);
  assert.ok(handshake.pingInterval > 0 && handshake.pingTimeout > 0 && handshake.maxPayload > 0);
  assert.equal(client.sent[0], '40{"user":"alice"}');
  const connected = await client.next('connected');
  assert.equal(typeof connected.sid, 'string');
  assert.notEqual(connected.sid, handshake.sid, 'the Socket.IO id differs from the Engine.IO session id');
  assert.ok(connected.latency >= 0);
  const welcome = await client.event('welcome');
  // welcome also names the user and the node the socket landed on (the chat contract's presence fields)
  assert.equal(welcome.args.length, 1);
  assert.equal(welcome.args[0].id, connected.sid);
  assert.equal(welcome.args[0].from, 'alice');
  assert.equal(welcome.args[0].user, 'alice');
  assert.equal(typeof welcome.args[0].node, 'string');
  assert.equal(client.session.state, SessionState.CONNECTED);
});

test('join is acknowledged with the room size, and a message reaches every member with its ack', async () => {
  const room = uniqueRoom('lobby');
  const alice = track(await connectedClient({ user: 'alice' }));
  const bob = track(await connectedClient({ user: 'bob' }));
  const aliceJoin = (await alice.request('join', room)).args[0]; // also lists the members (presence)
  assert.deepEqual([aliceJoin.ok, aliceJoin.room, aliceJoin.size], [true, room, 1]);
  const bobJoin = await bob.request('join', room);
  const bobJoinAck = bobJoin.args[0];
  assert.deepEqual([bobJoinAck.ok, bobJoinAck.room, bobJoinAck.size], [true, room, 2]);
  assert.equal(bobJoin.event, 'join');
  assert.ok(bobJoin.latency >= 0);

  const text = stampedText(Date.now());
  const ack = await alice.request('message', { room, text });
  assert.equal(ack.args[0].ok, true);
  const id = ack.args[0].id;
  assert.equal(typeof id, 'string');
  for (const member of [alice, bob]) {
    const message = await member.event('message');
    assert.equal(message.args.length, 1);
    const { ts, ...rest } = message.args[0];
    assert.deepEqual(rest, { id, room, text, from: 'alice' });
    assert.equal(typeof ts, 'number');
    const latency = deliveryLatency(message.args[0], message.at);
    assert.ok(latency >= 0 && latency < 5000, `delivery latency ${latency} ms`);
  }
});

test('a message to a room the sender has not joined is answered with not_joined and not broadcast', async () => {
  const room = uniqueRoom('closed');
  const member = track(await connectedClient({ user: 'member' }));
  const outsider = track(await connectedClient({ user: 'outsider' }));
  await member.request('join', room);
  const ack = await outsider.request('message', { room, text: 'hi' });
  assert.deepEqual(ack.args, [{ error: { code: 'not_joined', message: 'join the room first' } }]);
  await assert.rejects(member.event('message', 300), /no event within 300 ms/);
});

test('echo acks with exactly the arguments sent', async () => {
  const client = track(await connectedClient({ user: 'echoer' }));
  const ack = await client.request('echo', 1, 'two', { three: [3] }, null);
  assert.deepEqual(ack.args, [1, 'two', { three: [3] }, null]);
});

test('server pings are answered with pongs and keep the session alive past pingInterval + pingTimeout', async () => {
  const client = track(new LiveClient({ auth: { user: 'pinger' } }));
  const { handshake } = await client.next('opened');
  const window = handshake.pingInterval + handshake.pingTimeout;
  assert.ok(window <= 5000, `start the node with short heartbeats (PING_INTERVAL=300ms PING_TIMEOUT=300ms); `
    + `it advertises pingInterval ${handshake.pingInterval} ms and pingTimeout ${handshake.pingTimeout} ms`);
  await client.next('connected');
  await client.next('ping', undefined, handshake.pingInterval + 2000);
  assert.ok(client.sent.includes('3'), 'the session answered the ping with a pong');
  await new Promise((resolve) => setTimeout(resolve, 2 * window + 500));
  assert.ok(client.isOpen, 'a client that answers pings stays connected');
  assert.ok(client.session.pings >= 2, `saw ${client.session.pings} pings`);
  assert.equal((await client.request('echo', 'still here')).args[0], 'still here');
});

test('control: a client that never answers pings is closed by the server after pingInterval + pingTimeout', async () => {
  const client = track(new LiveClient({ auth: { user: 'silent' }, answerPings: false }));
  const { handshake } = await client.next('opened');
  await client.next('connected');
  await client.next('closed', undefined, 2 * (handshake.pingInterval + handshake.pingTimeout) + 2000);
  assert.ok(!client.sent.includes('3'));
});

test('connecting to a namespace the node does not have gives connect_error "Invalid namespace"', async () => {
  const client = track(new LiveClient({ nsp: '/no-such-namespace' }));
  await client.next('opened');
  assert.equal(client.sent[0], '40/no-such-namespace,');
  const error = await client.next('connectError');
  assert.equal(error.message, 'Invalid namespace');
  assert.equal(client.session.state, SessionState.FAILED);
});
