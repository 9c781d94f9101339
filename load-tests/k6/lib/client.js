// One Socket.IO client over k6's WebSocket: feeds frames to the pure session (socketio.js), answers pings, records
// handshake and ack latency and every failure in the shared metrics, and keeps track of its timers so that the VU's
// iteration ends when the connection is closed.
import { WebSocket } from 'k6/websockets';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'k6/timers';
import { errorCode } from './chat.js';
import { config } from './config.js';
import { ackLatency, errors, handshakeLatency } from './metrics.js';
import { SessionState, SocketIoSession, websocketUrl } from './socketio.js';

const ACK_SWEEP_MS = 500;

/**
 * Connects to namespace '/' of settings.target and returns the client:
 *   emit(event, ...args), request(event, args, onAck(args, latency)), every(ms, fn), after(ms, fn), close(),
 *   connected() and the session.
 * Handlers: onConnect({sid, latency}), onEvent(name, args), onConnectError({message, data}), onClose(reason).
 * Failures (connect timeout, connect_error, transport error, bad frame, ack timeout, error ack, a close this
 * client did not ask for) are added to `errors` with a kind tag, successes as 0.
 */
export function connect({ auth, settings = config, onConnect, onEvent, onConnectError, onClose } = {}) {
  const session = new SocketIoSession({ auth });
  const socket = new WebSocket(websocketUrl(settings.target, settings.path));
  const timers = new Set();
  const callbacks = new Map();
  let closing = false;
  let finished = false;

  const fail = (kind) => errors.add(1, { kind });
  const send = (frame) => {
    if (socket.readyState === 1) {
      socket.send(frame);
    }
  };

  const client = {
    session,
    connected: () => session.state === SessionState.CONNECTED,
    emit(event, ...args) {
      send(session.emit(event, ...args));
    },
    request(event, args, onAck) {
      const { id, frame } = session.emitWithAck(event, ...args);
      if (onAck) {
        callbacks.set(id, onAck);
      }
      send(frame);
      return id;
    },
    every(ms, fn) {
      const handle = setInterval(fn, ms);
      timers.add({ handle, clear: clearInterval });
    },
    after(ms, fn) {
      const timer = { clear: clearTimeout };
      timer.handle = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    },
    close() {
      if (!closing) {
        closing = true;
        stopTimers();
        socket.close();
      }
    },
  };

  function stopTimers() {
    for (const timer of timers) {
      timer.clear(timer.handle);
    }
    timers.clear();
  }

  function finish(reason) {
    if (finished) {
      return;
    }
    finished = true;
    closing = true;
    stopTimers();
    session.onTransportClose();
    if (onClose) {
      onClose(reason);
    }
  }

  client.after(settings.connectTimeoutMs, () => {
    if (session.state === SessionState.OPENING || session.state === SessionState.CONNECTING) {
      fail('connect_timeout');
      client.close();
    }
  });
  client.every(ACK_SWEEP_MS, () => {
    for (const expired of session.expireAcks(settings.ackTimeoutMs)) {
      callbacks.delete(expired.id);
      fail('ack_timeout');
    }
  });

  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') {
      return;
    }
    const result = session.onFrame(event.data);
    result.replies.forEach(send);
    if (result.error) {
      fail('protocol_error');
    }
    if (result.connected) {
      handshakeLatency.add(result.connected.latency);
      errors.add(0, { kind: 'connect' });
      if (onConnect) {
        onConnect(result.connected);
      }
    }
    if (result.connectError) {
      fail('connect_error');
      if (onConnectError) {
        onConnectError(result.connectError);
      }
      client.close();
    }
    for (const ack of result.acks) {
      ackLatency.add(ack.latency, { event: ack.event });
      errors.add(errorCode(ack.args) === null ? 0 : 1, { kind: errorCode(ack.args) === null ? 'ack' : 'ack_error' });
      const callback = callbacks.get(ack.id);
      callbacks.delete(ack.id);
      if (callback) {
        callback(ack.args, ack.latency);
      }
    }
    if (onEvent) {
      for (const received of result.events) {
        onEvent(received.name, received.args);
      }
    }
    if (result.closed && !closing) {
      // The server ended the session (Engine.IO close or Socket.IO disconnect), e.g. a node draining.
      fail('disconnect');
      client.close();
    }
  });
  socket.addEventListener('error', (event) => {
    if (!closing) {
      fail('transport_error');
    }
    finish(`error: ${event && (event.error || event.message)}`);
  });
  socket.addEventListener('close', () => {
    if (!closing) {
      fail('disconnect');
    }
    finish('closed');
  });
  return client;
}
