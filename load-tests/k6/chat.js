// Chat: each virtual user connects, joins a room, sends MESSAGES messages THINK apart with acks, waits until it has
// received its own messages back through the room, and leaves. Measures join and message ack latency, end-to-end
// delivery latency and the handshake.
//
//   k6 run -e TARGET=http://127.0.0.1:8080 -e VUS=50 -e DURATION=2m -e ROOMS=10 chat.js
import { check } from 'k6';
import { deliveryLatency, isOk, roomFor, stampedText } from './lib/chat.js';
import { connect } from './lib/client.js';
import { authFor, config, formatDuration } from './lib/config.js';
import { deliveryLatency as deliveryTrend, messagesReceived, messagesSent, thresholds } from './lib/metrics.js';

export const options = {
  scenarios: {
    chat: {
      executor: 'constant-vus',
      vus: config.vus,
      duration: formatDuration(config.durationMs),
      gracefulStop: '30s',
    },
  },
  thresholds: thresholds(config, ['handshake', 'ack', 'delivery', 'received']),
};

export default function () {
  const user = `${config.userPrefix}-${__VU}`;
  const room = roomFor(__VU, config.rooms, 'chat');
  const ackedIds = new Set();
  const receivedIds = new Set();
  let sent = 0;
  let welcome = null;

  const doneSending = () => ackedIds.size === config.messages && [...ackedIds].every((id) => receivedIds.has(id));
  const finishIfDone = () => {
    if (doneSending()) {
      client.close();
    }
  };

  const client = connect({
    auth: authFor(config, user),
    onConnect() {
      client.request('join', [room], (args) => {
        check(args, { 'join acknowledged': isOk });
        if (!isOk(args)) {
          client.close();
          return;
        }
        const sendOne = () => {
          const text = stampedText(Date.now(), config.messageSize);
          client.request('message', [{ room, text }], (ack) => {
            check(ack, { 'message acknowledged': isOk });
            if (isOk(ack)) {
              ackedIds.add(ack[0].id);
              finishIfDone();
            }
          });
          messagesSent.add(1);
          sent += 1;
        };
        sendOne();
        client.every(config.thinkMs, () => {
          if (sent < config.messages) {
            sendOne();
          }
        });
      });
    },
    onEvent(name, args) {
      if (name === 'welcome') {
        welcome = args[0];
      } else if (name === 'message') {
        messagesReceived.add(1);
        const latency = deliveryLatency(args[0], Date.now());
        if (latency !== null) {
          deliveryTrend.add(latency);
        }
        receivedIds.add(args[0].id);
        finishIfDone();
      }
    },
    onClose() {
      check(welcome, {
        'welcome received': (w) => w !== null && typeof w.id === 'string',
        'welcome names the user': (w) => w !== null && (config.token !== null || w.from === user),
      });
      check(null, { 'own messages came back through the room': () => doneSending() });
    },
  });
  // However the server behaves, this iteration ends.
  client.after(config.connectTimeoutMs + config.messages * config.thinkMs + config.ackTimeoutMs, () => client.close());
}
