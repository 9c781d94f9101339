'use strict';
// Connection state recovery (socket.io 4.6+) on one server, with the real socket.io-client: the CONNECT reply's pid,
// offsets appended to events, and a client whose transport closed getting its id, rooms and missed events back.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { io } = require('socket.io-client');
const { differential } = require('../lib/differential');

const TIMEOUT_MS = 5000;

function once(emitter, event) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    emitter.once(event, (...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/** A client that records every event with its arguments (the offset included) and does not reconnect by itself. */
async function open(run, transport, options = {}) {
  const socket = io(run.url, { transports: transport === 'polling' ? ['polling'] : ['websocket'], reconnection: false, forceNew: true, ...options });
  run.defer(() => socket.disconnect());
  const log = [];
  socket.onAny((event, ...args) => log.push([event, ...args]));
  await once(socket, 'connect');
  return { socket, log };
}

function call(socket, event, ...args) {
  return socket.timeout(TIMEOUT_MS).emitWithAck(event, ...args);
}

/** Waits until the log holds an event matching, then returns it. */
async function awaitLogged(log, match) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const found = log.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching event within ${TIMEOUT_MS} ms; got ${JSON.stringify(log)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const texts = (log) => log.filter((e) => e[0] === 'message').map((e) => e[1].text);

for (const transport of ['websocket', 'polling']) {
  describe(`connection state recovery over ${transport}`, () => {
    test('a client whose transport closed gets its id, rooms and exactly the events it missed', () => differential(async (run) => {
      const room = run.unique('room');
      const other = run.unique('other');
      const a = await open(run, transport);
      const b = await open(run, transport);
      await awaitLogged(a.log, (e) => e[0] === 'welcome');
      run.record('welcome.lastArgIsOffset', typeof a.log[0][a.log[0].length - 1] === 'string');
      run.record('pid.length', a.socket._pid.length);
      run.record('a.join', await call(a.socket, 'join', room));
      await call(b.socket, 'join', room);
      await call(b.socket, 'join', other);
      await call(b.socket, 'message', { room, text: 'before' });
      const before = await awaitLogged(a.log, (e) => e[0] === 'message' && e[1].text === 'before');
      run.record('before.arity', before.length);
      run.record('before.offsetIsString', typeof before[2] === 'string');
      const id = a.socket.id;

      const closed = once(a.socket, 'disconnect');
      a.socket.io.engine.close(); // the transport goes away without a Socket.IO DISCONNECT
      run.record('a.disconnectReason', (await closed)[0]);
      await call(b.socket, 'message', { room, text: 'missed-1' });
      await call(b.socket, 'message', { room: other, text: 'not-for-a' });
      await call(b.socket, 'message', { room, text: 'missed-2' });

      a.log.length = 0;
      a.socket.connect();
      await once(a.socket, 'connect');
      run.record('a.recovered', a.socket.recovered);
      run.record('a.sameId', a.socket.id === id);
      await call(b.socket, 'message', { room, text: 'after' });
      await awaitLogged(a.log, (e) => e[0] === 'message' && e[1].text === 'after');
      run.record('a.messagesAfterReconnect', texts(a.log));
      run.record('a.welcomedAgain', a.log.some((e) => e[0] === 'welcome'));
      run.record('a.leaveAfterRecovery', await call(a.socket, 'leave', room)); // still a member: rooms came back
    }, (t) => {
      assert.equal(t['welcome.lastArgIsOffset'], true);
      assert.equal(t['pid.length'], 20);
      assert.equal(t['before.arity'], 3); // [message, payload, offset]
      assert.equal(t['before.offsetIsString'], true);
      assert.equal(t['a.recovered'], true);
      assert.equal(t['a.sameId'], true);
      assert.deepEqual(t['a.messagesAfterReconnect'], ['missed-1', 'missed-2', 'after']);
      assert.equal(t['a.leaveAfterRecovery'].ok, true);
    }, 'recovery'));

    test('a forged pid, a malformed offset or a client that left by itself get a fresh session', () => differential(async (run) => {
      const a = await open(run, transport);
      await awaitLogged(a.log, (e) => e[0] === 'welcome');
      const id = a.socket.id;
      const pid = a.socket._pid;
      const offset = a.socket._lastOffset;
      a.socket.disconnect(); // the client's own disconnect: nothing is saved
      const again = await open(run, transport, { auth: { pid, offset } });
      run.record('left.recovered', again.socket.recovered);
      run.record('left.newId', again.socket.id !== id);
      const forged = await open(run, transport, { auth: { pid: 'AAAAAAAAAAAAAAAAAAAA', offset } });
      run.record('forged.recovered', forged.socket.recovered);
      const malformed = await open(run, transport, { auth: { pid: again.socket._pid, offset: 'not an offset' } });
      run.record('malformed.recovered', malformed.socket.recovered);
      const wrongTypes = await open(run, transport, { auth: { pid: 1, offset: [] } });
      run.record('wrongTypes.recovered', wrongTypes.socket.recovered);
      run.record('wrongTypes.hasPid', typeof wrongTypes.socket._pid === 'string');
    }, (t) => {
      assert.equal(t['left.recovered'], false);
      assert.equal(t['left.newId'], true);
      assert.equal(t['forged.recovered'], false);
      assert.equal(t['malformed.recovered'], false);
      assert.equal(t['wrongTypes.recovered'], false);
      assert.equal(t['wrongTypes.hasPid'], true);
    }, 'recovery'));
  });
}
