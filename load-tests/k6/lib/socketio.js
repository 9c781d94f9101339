// Engine.IO v4 / Socket.IO v5 framing over the websocket transport, and a small client session state machine.
//
// Pure functions and one plain class: no k6 import and no I/O, so the same file runs inside k6 (ES modules) and
// under Node's test runner. The caller owns the socket: it passes every received text frame to
// SocketIoSession.onFrame and sends the frames it gets back.
//
// Wire format (protocol docs: socket.io/docs/v4/engine-io-protocol and socket-io-protocol):
//   Engine.IO packet  = <type digit><data>     0 open {json}, 1 close, 2 ping, 3 pong, 4 message, 5 upgrade, 6 noop
//   Socket.IO packet  = <type digit>[<attachments>-][<nsp>,][<ack id>][<json>]   carried in an Engine.IO message
//                       0 connect, 1 disconnect, 2 event, 3 ack, 4 connect_error, 5 binary event, 6 binary ack

export const EngineType = Object.freeze({
  OPEN: '0', CLOSE: '1', PING: '2', PONG: '3', MESSAGE: '4', UPGRADE: '5', NOOP: '6',
});

export const SocketType = Object.freeze({
  CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4, BINARY_EVENT: 5, BINARY_ACK: 6,
});

const ENGINE_NAMES = Object.freeze({
  0: 'open', 1: 'close', 2: 'ping', 3: 'pong', 4: 'message', 5: 'upgrade', 6: 'noop',
});

/** Thrown for a frame that is not valid Engine.IO / Socket.IO. */
export class ProtocolError extends Error {
  constructor(message, frame) {
    super(`${message}: ${JSON.stringify(String(frame).slice(0, 120))}`);
    this.name = 'ProtocolError';
  }
}

/**
 * The websocket URL of a Socket.IO server: http(s)://host[:port][/prefix] → ws(s)://host[:port]<path>?EIO=4&transport=websocket.
 * A ws:// or wss:// target is kept as is. Extra query parameters are appended (URL-encoded).
 */
export function websocketUrl(target, path = '/socket.io/', query = {}) {
  const match = /^(https?|wss?):\/\/([^/?#]+)(\/[^?#]*)?$/.exec(String(target).trim());
  if (!match) {
    throw new Error(`target must be an http(s):// or ws(s):// URL, got ${JSON.stringify(target)}`);
  }
  const scheme = match[1] === 'https' || match[1] === 'wss' ? 'wss' : 'ws';
  const prefix = (match[3] || '').replace(/\/+$/, '');
  const normalizedPath = `/${String(path).replace(/^\/+/, '')}`;
  const params = [['EIO', '4'], ['transport', 'websocket'], ...Object.entries(query)]
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${scheme}://${match[2]}${prefix}${normalizedPath}?${params}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Engine.IO

/** Decodes one websocket text frame into {type: 'open'|'close'|'ping'|'pong'|'message'|'upgrade'|'noop', data}. */
export function decodeEnginePacket(frame) {
  if (typeof frame !== 'string' || frame.length === 0) {
    throw new ProtocolError('empty or non-text Engine.IO frame', frame);
  }
  const type = ENGINE_NAMES[frame[0]];
  if (type === undefined) {
    throw new ProtocolError('unknown Engine.IO packet type', frame);
  }
  const data = frame.slice(1);
  if (type === 'open') {
    try {
      return { type, data: JSON.parse(data) };
    } catch (e) {
      throw new ProtocolError('open packet without JSON handshake', frame);
    }
  }
  return { type, data };
}

/** Encodes one Engine.IO packet as a websocket text frame. */
export function encodeEnginePacket(type, data = '') {
  const code = EngineType[String(type).toUpperCase()];
  if (code === undefined) {
    throw new Error(`unknown Engine.IO packet type ${JSON.stringify(type)}`);
  }
  return code + data;
}

// ---------------------------------------------------------------------------------------------------------------
// Socket.IO

/**
 * Encodes a Socket.IO packet {type, nsp = '/', id?, data?} as the websocket text frame that carries it
 * (Engine.IO message prefix '4' included). Binary packets are not produced by these load tests.
 */
export function encodeSocketPacket({ type, nsp = '/', id, data }) {
  if (!Number.isInteger(type) || type < 0 || type > 4) {
    throw new Error(`cannot encode Socket.IO packet type ${type}`);
  }
  let out = EngineType.MESSAGE + type;
  if (nsp && nsp !== '/') {
    out += `${nsp},`;
  }
  if (id !== undefined && id !== null) {
    if (!Number.isInteger(id) || id < 0) {
      throw new Error(`ack id must be a non-negative integer, got ${id}`);
    }
    out += id;
  }
  if (data !== undefined) {
    out += JSON.stringify(data);
  }
  return out;
}

/**
 * Decodes the payload of an Engine.IO message (the frame without its leading '4') into
 * {type, nsp, id?, data?, attachments?}, following socket.io-parser's grammar.
 */
export function decodeSocketPacket(payload) {
  if (typeof payload !== 'string' || payload.length === 0) {
    throw new ProtocolError('empty Socket.IO packet', payload);
  }
  const type = Number(payload[0]);
  if (!Number.isInteger(type) || type > 6) {
    throw new ProtocolError('unknown Socket.IO packet type', payload);
  }
  let i = 1;
  const packet = { type, nsp: '/' };
  if (type === SocketType.BINARY_EVENT || type === SocketType.BINARY_ACK) {
    const dash = payload.indexOf('-', i);
    const count = payload.slice(i, dash);
    if (dash < 0 || !/^\d+$/.test(count)) {
      throw new ProtocolError('binary packet without attachment count', payload);
    }
    packet.attachments = Number(count);
    i = dash + 1;
  }
  if (payload[i] === '/') {
    const comma = payload.indexOf(',', i);
    const end = comma < 0 ? payload.length : comma;
    packet.nsp = payload.slice(i, end);
    i = comma < 0 ? end : end + 1;
  }
  const idMatch = /^\d+/.exec(payload.slice(i));
  if (idMatch) {
    packet.id = Number(idMatch[0]);
    i += idMatch[0].length;
  }
  if (i < payload.length) {
    try {
      packet.data = JSON.parse(payload.slice(i));
    } catch (e) {
      throw new ProtocolError('Socket.IO packet with invalid JSON', payload);
    }
  }
  if ((type === SocketType.EVENT || type === SocketType.ACK) && !Array.isArray(packet.data)) {
    throw new ProtocolError('event or ack packet without an array payload', payload);
  }
  if (type === SocketType.EVENT && typeof packet.data[0] !== 'string') {
    throw new ProtocolError('event packet without an event name', payload);
  }
  return packet;
}

/** `40` or `40{auth}` (with `/nsp,` for another namespace). */
export function connectFrame(auth, nsp = '/') {
  return encodeSocketPacket({ type: SocketType.CONNECT, nsp, data: auth === undefined ? undefined : auth });
}

/** `42["event",...args]`, or `42<id>["event",...args]` when the server should acknowledge it. */
export function eventFrame(event, args = [], { nsp = '/', id } = {}) {
  return encodeSocketPacket({ type: SocketType.EVENT, nsp, id, data: [event, ...args] });
}

/** `43<id>[...args]`: the client's answer to a server event that asked for an ack. */
export function ackFrame(id, args = [], nsp = '/') {
  return encodeSocketPacket({ type: SocketType.ACK, nsp, id, data: args });
}

// ---------------------------------------------------------------------------------------------------------------
// Session

/** States of a SocketIoSession, in order; 'failed' and 'closed' are final. */
export const SessionState = Object.freeze({
  OPENING: 'opening', CONNECTING: 'connecting', CONNECTED: 'connected', FAILED: 'failed', CLOSED: 'closed',
});

/**
 * One Socket.IO client connection to one namespace over the websocket transport.
 *
 * onFrame(frame) consumes a received text frame and returns what it caused:
 *   { replies: [frames to send], events: [{name, args, id?}], acks: [{id, event, args, latency}],
 *     opened: handshake|null, connected: {sid, latency}|null, connectError: {message, data}|null,
 *     closed: reason|null, error: ProtocolError|null }
 * The session answers the open packet with `40{auth}` and every ping with a pong by itself.
 * Latencies are milliseconds measured with `now` (Date.now by default) from the session's creation (handshake)
 * or from emitWithAck (acks).
 */
export class SocketIoSession {
  constructor({ auth, nsp = '/', now = Date.now } = {}) {
    this.auth = auth;
    this.nsp = nsp;
    this.now = now;
    this.startedAt = now();
    this.state = SessionState.OPENING;
    this.handshake = null;
    this.sid = null;
    this.nextAckId = 0;
    this.pending = new Map();
    this.pings = 0;
  }

  onFrame(frame) {
    const result = {
      replies: [], events: [], acks: [], opened: null, connected: null, connectError: null, closed: null, error: null,
    };
    let packet;
    try {
      packet = decodeEnginePacket(frame);
    } catch (e) {
      result.error = e;
      return result;
    }
    switch (packet.type) {
      case 'open':
        this.handshake = packet.data;
        this.state = SessionState.CONNECTING;
        result.opened = packet.data;
        result.replies.push(connectFrame(this.auth, this.nsp));
        break;
      case 'ping':
        this.pings += 1;
        result.replies.push(encodeEnginePacket('pong', packet.data));
        break;
      case 'close':
        this.state = SessionState.CLOSED;
        result.closed = 'server close';
        break;
      case 'message':
        this.onSocketPacket(packet.data, result);
        break;
      default:
        // pong, upgrade and noop carry nothing for a websocket-only client.
        break;
    }
    return result;
  }

  onSocketPacket(payload, result) {
    let packet;
    try {
      packet = decodeSocketPacket(payload);
    } catch (e) {
      result.error = e;
      return;
    }
    if (packet.nsp !== this.nsp) {
      return;
    }
    switch (packet.type) {
      case SocketType.CONNECT:
        this.state = SessionState.CONNECTED;
        this.sid = packet.data && packet.data.sid;
        result.connected = { sid: this.sid, latency: this.now() - this.startedAt };
        break;
      case SocketType.CONNECT_ERROR:
        this.state = SessionState.FAILED;
        result.connectError = {
          message: packet.data && packet.data.message,
          data: packet.data && packet.data.data,
        };
        break;
      case SocketType.DISCONNECT:
        this.state = SessionState.CLOSED;
        result.closed = 'server disconnect';
        break;
      case SocketType.EVENT: {
        const [name, ...args] = packet.data;
        result.events.push(packet.id === undefined ? { name, args } : { name, args, id: packet.id });
        break;
      }
      case SocketType.ACK: {
        const request = this.pending.get(packet.id);
        if (request) {
          this.pending.delete(packet.id);
          result.acks.push({ id: packet.id, event: request.event, args: packet.data, latency: this.now() - request.sentAt });
        }
        break;
      }
      default:
        // Binary packets carry attachments in the following binary frames; the chat app's load never sends them.
        break;
    }
  }

  /** Frame for an event without an ack. */
  emit(event, ...args) {
    return eventFrame(event, args, { nsp: this.nsp });
  }

  /** Frame for an event that asks for an ack; the ack comes back from onFrame with its latency. */
  emitWithAck(event, ...args) {
    const id = this.nextAckId++;
    this.pending.set(id, { event, sentAt: this.now() });
    return { id, frame: eventFrame(event, args, { nsp: this.nsp, id }) };
  }

  /** Frame answering a server event that carried an ack id. */
  ack(id, ...args) {
    return ackFrame(id, args, this.nsp);
  }

  /** Forgets and returns the acks older than timeoutMs: [{id, event, age}]. */
  expireAcks(timeoutMs) {
    const now = this.now();
    const expired = [];
    for (const [id, request] of this.pending) {
      if (now - request.sentAt >= timeoutMs) {
        this.pending.delete(id);
        expired.push({ id, event: request.event, age: now - request.sentAt });
      }
    }
    return expired;
  }

  get pendingAcks() {
    return this.pending.size;
  }

  /** Marks the session closed because the transport went away (returns nothing to send). */
  onTransportClose() {
    if (this.state !== SessionState.FAILED) {
      this.state = SessionState.CLOSED;
    }
  }
}
