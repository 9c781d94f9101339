// Soak: VUS users hold connections for DURATION (set it long, e.g. 1h), each connection living CONNECTION_LIFETIME
// before it reconnects, joined to one of ROOMS rooms and sending RATE stamped messages per second. Looks for drift:
// latency that grows, unexpected disconnects (errors{kind:disconnect}), missed heartbeats, failing acks.
//
//   k6 run -e TARGET=http://127.0.0.1:8080 -e VUS=200 -e DURATION=1h -e RATE=0.2 -e ROOMS=20 soak.js
import { check } from 'k6';
import { deliveryLatency, isOk, roomFor, stampedText } from './lib/chat.js';
import { connect } from './lib/client.js';
import { authFor, config, formatDuration } from './lib/config.js';
import { deliveryLatency as deliveryTrend, messagesReceived, messagesSent, thresholds } from './lib/metrics.js';

const lifetimeMs = Math.min(config.connectionLifetimeMs, config.durationMs);

export const options = {
  scenarios: {
    soak: {
      executor: 'constant-vus',
      vus: config.vus,
      duration: formatDuration(config.durationMs),
      gracefulStop: formatDuration(config.ackTimeoutMs + 10000),
    },
  },
  thresholds: thresholds(config, ['handshake', 'ack', 'delivery', 'received']),
};

export default function () {
  const room = roomFor(__VU, config.rooms, 'soak');
  const client = connect({
    auth: authFor(config, `${config.userPrefix}-${__VU}`),
    onConnect() {
      client.request('join', [room], (args) => {
        check(args, { 'join acknowledged': isOk });
        if (!isOk(args)) {
          client.close();
          return;
        }
        client.every(Math.max(1, Math.round(1000 / config.rate)), () => {
          const text = stampedText(Date.now(), config.messageSize);
          client.request('message', [{ room, text }], (ack) => check(ack, { 'message acknowledged': isOk }));
          messagesSent.add(1);
        });
      });
    },
    onEvent(name, args) {
      if (name === 'message') {
        messagesReceived.add(1);
        const latency = deliveryLatency(args[0], Date.now());
        if (latency !== null) {
          deliveryTrend.add(latency);
        }
      }
    },
  });
  client.after(lifetimeMs, () => client.close());
}
