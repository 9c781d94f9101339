'use strict';
// socket.io-client 4.8 sockets that record everything they receive, with bounded waits (no sleeps).
const { io } = require('socket.io-client');
const { plain } = require('./normalize');

const TRANSPORTS = {
  websocket: ['websocket'],
  polling: ['polling'],
  default: ['polling', 'websocket'], // the client's default: polling first, then upgrade
};
const WAIT_MS = 4000;

class RecordingClient {
  /**
   * @param url server base URL
   * @param options {nsp, transport: 'websocket'|'polling'|'default', auth, manager?}
   */
  constructor(url, { nsp = '/', transport = 'websocket', auth, manager, ioOptions = {} } = {}) {
    this.transport = transport;
    this.log = [];
    this.listeners = new Set();
    const opts = { transports: TRANSPORTS[transport], forceNew: !manager, reconnection: false, timeout: WAIT_MS, auth, ...ioOptions };
    this.socket = manager ? manager.socket(nsp, { auth }) : io(url + nsp, opts);
    this.socket.on('connect', () => this.record(['connect']));
    this.socket.on('connect_error', (err) => this.record(['connect_error', err.message, err.data === undefined ? null : err.data]));
    this.socket.on('disconnect', (reason) => this.record(['disconnect', reason]));
    this.socket.onAny((event, ...args) => this.record(['event', event, ...plain(args)]));
    if (manager) this.socket.connect();
  }

  record(entry) {
    this.log.push(entry);
    for (const listener of this.listeners) listener();
  }

  get id() {
    return this.socket.id;
  }

  /** Engine.IO transport currently in use ("polling" or "websocket"). */
  get engineTransport() {
    return this.socket.io.engine && this.socket.io.engine.transport && this.socket.io.engine.transport.name;
  }

  /** Waits until an entry matching predicate has been recorded (already recorded entries count). */
  waitFor(predicate, what = 'event', timeoutMs = WAIT_MS) {
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
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received: ${JSON.stringify(this.log).slice(0, 2000)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  waitForEvent(name, timeoutMs) {
    return this.waitFor((e) => e[0] === 'event' && e[1] === name, `event "${name}"`, timeoutMs);
  }

  /** Waits for connect or connect_error; with the default transport also waits for the upgrade to websocket. */
  async ready() {
    const outcome = await this.waitFor((e) => e[0] === 'connect' || e[0] === 'connect_error', 'connect or connect_error');
    if (outcome[0] === 'connect' && this.transport === 'default') await this.upgraded();
    return outcome;
  }

  upgraded(timeoutMs = WAIT_MS) {
    const engine = this.socket.io.engine;
    if (engine.transport.name === 'websocket') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no upgrade to websocket within ${timeoutMs} ms`)), timeoutMs);
      engine.once('upgrade', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** emitWithAck bounded by a timeout; resolves to the ack arguments (as plain JSON) or ['<no ack>']. */
  async call(event, ...args) {
    try {
      const reply = await new Promise((resolve, reject) => {
        this.socket.timeout(WAIT_MS).emit(event, ...args, (err, ...ackArgs) => (err ? reject(err) : resolve(ackArgs)));
      });
      return plain(reply);
    } catch (err) {
      return ['<no ack>', err.message];
    }
  }

  /** A round trip through the server: every packet the server queued for this client before it is now received. */
  async barrier() {
    const reply = await this.call('echo', 'barrier');
    if (reply[0] !== 'barrier') throw new Error(`barrier echo failed: ${JSON.stringify(reply)}`);
  }

  events(name) {
    return this.log.filter((e) => e[0] === 'event' && (name === undefined || e[1] === name));
  }

  close() {
    this.socket.disconnect();
    if (this.socket.io.engine) this.socket.io.engine.close();
  }
}

/** Opens a client and waits until it is ready (connected, or rejected with connect_error). */
async function connect(url, options) {
  const client = new RecordingClient(url, options);
  await client.ready();
  return client;
}

module.exports = { RecordingClient, connect, TRANSPORTS };
