// Room fan-out: SUBSCRIBERS connections spread over ROOMS rooms listen for the whole test; after WARMUP, PUBLISHERS
// connections (spread over the same rooms) each send RATE messages per second for DURATION. Every message carries its
// send time, so each subscriber measures end-to-end delivery latency through the load balancer, the nodes and Redis.
// Publishers measure message ack latency.
//
//   k6 run -e TARGET=http://127.0.0.1:8080 -e SUBSCRIBERS=1000 -e PUBLISHERS=10 -e ROOMS=10 -e RATE=5 \
//          -e DURATION=2m fanout.js
import exec from 'k6/execution';
import { check } from 'k6';
import { deliveryLatency, isOk, roomFor, stampedText } from './lib/chat.js';
import { connect } from './lib/client.js';
import { authFor, config, formatDuration } from './lib/config.js';
import { deliveryLatency as deliveryTrend, messagesReceived, messagesSent, thresholds } from './lib/metrics.js';

const subscriberLifetimeMs = config.warmupMs + config.durationMs + config.drainMs;
const publisherLifetimeMs = config.durationMs + config.drainMs;

export const options = {
  scenarios: {
    subscribers: {
      executor: 'per-vu-iterations',
      exec: 'subscriber',
      vus: config.subscribers,
      iterations: 1,
      maxDuration: formatDuration(subscriberLifetimeMs + config.connectTimeoutMs + 30000),
    },
    publishers: {
      executor: 'per-vu-iterations',
      exec: 'publisher',
      vus: config.publishers,
      iterations: 1,
      startTime: formatDuration(config.warmupMs),
      maxDuration: formatDuration(publisherLifetimeMs + config.connectTimeoutMs + 30000),
    },
  },
  thresholds: thresholds(config, ['handshake', 'ack', 'delivery', 'received']),
};

/** Joins its room and records every message that arrives, until the publishers are done. */
export function subscriber() {
  const number = exec.scenario.iterationInTest;
  const room = roomFor(number, config.rooms, 'fanout');
  const client = connect({
    auth: authFor(config, `${config.userPrefix}-sub-${number}`),
    onConnect() {
      client.request('join', [room], (args) => check(args, { 'subscriber joined': isOk }));
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
  client.after(subscriberLifetimeMs, () => client.close());
}

/**
 * Joins its room (only members may publish), sends RATE stamped messages per second for DURATION, and closes once
 * every message is acknowledged (an ack missing after ACK_TIMEOUT counts as an error).
 */
export function publisher() {
  const number = exec.scenario.iterationInTest;
  const room = roomFor(number, config.rooms, 'fanout');
  const client = connect({
    auth: authFor(config, `${config.userPrefix}-pub-${number}`),
    onConnect() {
      client.request('join', [room], (args) => {
        check(args, { 'publisher joined': isOk });
        if (!isOk(args)) {
          client.close();
          return;
        }
        const stopAt = Date.now() + config.durationMs;
        client.every(Math.max(1, Math.round(1000 / config.rate)), () => {
          if (Date.now() < stopAt) {
            const text = stampedText(Date.now(), config.messageSize);
            client.request('message', [{ room, text }], (ack) => check(ack, { 'message acknowledged': isOk }));
            messagesSent.add(1);
          } else if (client.session.pendingAcks === 0) {
            client.close();
          }
        });
      });
    },
  });
  client.after(publisherLifetimeMs + config.connectTimeoutMs, () => client.close());
}
