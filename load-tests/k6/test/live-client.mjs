// A Socket.IO client for the live tests: the framing module's SocketIoSession over the ws package, which stands in
// for k6's WebSocket. Everything the session reports is kept in order so tests can wait for it.
import { WebSocket } from 'ws';
import { SocketIoSession, websocketUrl } from '../lib/socketio.js';

const HOW_TO_START = 'start a node, e.g. `PORT=3000 PING_INTERVAL=300ms PING_TIMEOUT=300ms java -jar '
  + 'node-server/target/node-server.jar`, then `ROOMCAST_URL=http://127.0.0.1:3000 npm test` in load-tests/k6';

/** The node under test; fails (never skips) when ROOMCAST_URL is missing. */
export function roomcastUrl() {
  const url = process.env.ROOMCAST_URL;
  if (!url) {
    throw new Error(`ROOMCAST_URL is not set: these tests need a live Roomcast node; ${HOW_TO_START}`);
  }
  return url;
}

export class LiveClient {
  /** Opens a websocket to ROOMCAST_URL; answerPings=false leaves server pings unanswered (to see the timeout). */
  constructor({ auth, nsp = '/', answerPings = true } = {}) {
    this.session = new SocketIoSession({ auth, nsp });
    this.answerPings = answerPings;
    this.sent = [];
    this.happenings = [];
    this.waiters = [];
    this.ws = new WebSocket(websocketUrl(roomcastUrl()));
    this.ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        this.onFrame(data.toString());
      }
    });
    this.ws.on('error', (error) => this.record({ kind: 'transportError', error }));
    this.ws.on('close', (code) => this.record({ kind: 'closed', code }));
  }

  onFrame(frame) {
    const result = this.session.onFrame(frame);
    for (const reply of result.replies) {
      if (this.answerPings || !reply.startsWith('3')) {
        this.send(reply);
      }
    }
    if (frame.startsWith('2')) {
      this.record({ kind: 'ping', frame });
    }
    if (result.opened) this.record({ kind: 'opened', handshake: result.opened });
    if (result.connected) this.record({ kind: 'connected', ...result.connected });
    if (result.connectError) this.record({ kind: 'connectError', ...result.connectError });
    if (result.error) this.record({ kind: 'protocolError', error: result.error });
    for (const event of result.events) this.record({ kind: 'event', ...event });
    for (const ack of result.acks) this.record({ kind: 'ack', ...ack });
  }

  send(frame) {
    this.sent.push(frame);
    this.ws.send(frame);
  }

  record(happening) {
    happening.at = Date.now();
    this.happenings.push(happening);
    this.waiters = this.waiters.filter((waiter) => !waiter.offer(happening));
  }

  /** Resolves with the first happening of `kind` matching `filter` (already recorded or future). */
  next(kind, filter = () => true, timeoutMs = 5000) {
    const matches = (h) => h.kind === kind && !h.taken && filter(h);
    const found = this.happenings.find(matches);
    if (found) {
      found.taken = true;
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${kind} within ${timeoutMs} ms; received so far: `
          + JSON.stringify(this.happenings.map(({ kind: k, name, args }) => ({ k, name, args })))));
      }, timeoutMs);
      const waiter = {
        offer: (h) => {
          if (!matches(h)) return false;
          h.taken = true;
          clearTimeout(timer);
          resolve(h);
          return true;
        },
      };
      this.waiters.push(waiter);
    });
  }

  event(name, timeoutMs) {
    return this.next('event', (h) => h.name === name, timeoutMs);
  }

  /** Emits with an ack id and resolves with the ack ({id, event, args, latency}). */
  request(event, ...args) {
    const { id, frame } = this.session.emitWithAck(event, ...args);
    this.send(frame);
    return this.next('ack', (h) => h.id === id);
  }

  close() {
    this.ws.close();
  }

  get isOpen() {
    return this.ws.readyState === WebSocket.OPEN;
  }
}

/** Opens a client and waits until namespace `nsp` is connected and (for '/') the welcome event has arrived. */
export async function connectedClient(auth) {
  const client = new LiveClient({ auth });
  await client.next('connected');
  client.welcome = (await client.event('welcome')).args[0];
  return client;
}
