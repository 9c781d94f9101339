'use strict';
// socket.io-client 4.8 sockets on "/" that record every event they receive and answer "ask" broadcasts with an ack.
// All waits are bounded.
const { io } = require('socket.io-client');
const { plain } = require('./values');

const TRANSPORTS = {
  websocket: ['websocket'],
  polling: ['polling'],
  default: ['polling', 'websocket'], // the client's default: polling first, then upgrade
};
const WAIT_MS = 4000;
/** A Redis stream entry id: the offset connection state recovery appends to events with the streams adapter. */
const OFFSET = /^[0-9]+-[0-9]+$/;

class RecordingClient {
  /**
   * @param server {name, url, index} from env.js
   * @param label unique name; sent as auth.user, so the chat "from" and socket.data.user are the label
   * @param transport 'websocket' | 'polling' | 'default'
   * @param options.offsets the servers run connection state recovery: an event's last argument, when it is a stream
   *        entry id, is its offset; it is recorded as entry.offset, not among the arguments
   * @param options.url connect there instead of server.url (a Switchboard in front of the servers)
   * @param options.io extra socket.io-client options (reconnection...)
   * @param options.auth extra auth fields (a forged pid...)
   */
  constructor(server, label, transport, { offsets = false, url, io: ioOptions = {}, auth = {} } = {}) {
    this.server = server;
    this.label = label;
    this.transport = transport;
    this.offsets = offsets;
    this.log = [];
    this.listeners = new Set();
    this.socket = io(`${url ?? server.url}/`, {
      transports: TRANSPORTS[transport], forceNew: true, reconnection: false, timeout: WAIT_MS, auth: { user: label, ...auth },
      ...ioOptions,
    });
    this.socket.on('connect', () => this.record(['connect']));
    this.socket.on('connect_error', (err) => this.record(['connect_error', err.message]));
    this.socket.on('disconnect', (reason) => this.record(['disconnect', reason]));
    this.socket.onAny((event, ...argv) => {
      const args = argv.filter((a) => typeof a !== 'function');
      let offset;
      if (this.offsets && typeof args[args.length - 1] === 'string' && OFFSET.test(args[args.length - 1])) offset = args.pop();
      const entry = ['event', event, ...args];
      if (offset !== undefined) entry.offset = offset;
      this.record(entry);
    });
    // emitWithAck target: ack {client, got} unless the first object argument lists this label in "silent".
    this.socket.on('ask', (...args) => {
      const ack = args[args.length - 1];
      if (typeof ack !== 'function') return;
      const got = args.slice(0, -1);
      const options = got.find((a) => a !== null && typeof a === 'object' && Array.isArray(a.silent));
      if (options && options.silent.includes(label)) return;
      ack({ client: label, got });
    });
  }

  record(entry) {
    this.log.push(entry);
    for (const listener of this.listeners) listener();
  }

  get id() {
    return this.socket.id;
  }

  get connected() {
    return this.socket.connected;
  }

  /** Engine.IO transport in use now ("polling" or "websocket"). */
  get engineTransport() {
    return this.socket.io.engine && this.socket.io.engine.transport && this.socket.io.engine.transport.name;
  }

  /** Waits until an entry matching predicate has been recorded (already recorded entries count). */
  waitFor(predicate, what, timeoutMs = WAIT_MS) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.log.find(predicate);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.label} (on ${this.server.name}, ${this.transport}) timed out after ${timeoutMs} ms waiting for ${what}; `
          + `received: ${JSON.stringify(plain(this.log)).slice(0, 1500)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Entries ['event', name, token, ...] of one operation (its token is the first argument). */
  received(event, token) {
    return this.log.filter((e) => e[0] === 'event' && e[1] === event && e[2] === token);
  }

  waitForToken(event, token, timeoutMs) {
    return this.waitFor((e) => e[0] === 'event' && e[1] === event && e[2] === token, `event "${event}" ${token}`, timeoutMs);
  }

  async ready() {
    const outcome = await this.waitFor((e) => e[0] === 'connect' || e[0] === 'connect_error', 'connect');
    if (outcome[0] !== 'connect') throw new Error(`${this.label} could not connect to ${this.server.name} ${this.server.url}: ${outcome[1]}`);
    await this.waitFor((e) => e[0] === 'event' && e[1] === 'welcome', 'welcome');
    if (this.transport === 'default') await this.upgraded();
  }

  upgraded(timeoutMs = WAIT_MS) {
    const engine = this.socket.io.engine;
    if (engine.transport.name === 'websocket') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label}: no upgrade to websocket within ${timeoutMs} ms`)), timeoutMs);
      engine.once('upgrade', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** emit with an ack, bounded; resolves to the ack arguments; rejects on timeout. */
  call(event, ...args) {
    return new Promise((resolve, reject) => {
      this.socket.timeout(WAIT_MS).emit(event, ...args, (err, ...ackArgs) => (err
        ? reject(new Error(`${this.label}: no ack for "${event}" within ${WAIT_MS} ms`)) : resolve(ackArgs)));
    });
  }

  async join(room) {
    const [reply] = await this.call('join', room);
    if (!reply || reply.ok !== true) throw new Error(`${this.label} could not join ${room}: ${JSON.stringify(reply)}`);
  }

  close() {
    this.socket.disconnect();
    if (this.socket.io.engine) this.socket.io.engine.close();
  }
}

module.exports = { RecordingClient, WAIT_MS, OFFSET };
