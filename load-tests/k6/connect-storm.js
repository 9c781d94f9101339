// Connect storm: ramps to VUS concurrent connections over RAMP, keeps them for DURATION, then ramps down. Every
// iteration opens a websocket, completes the Engine.IO open and Socket.IO connect, waits for `welcome`, holds the
// connection for HOLD (answering pings), and closes. Measures handshake latency and connect failures.
//
//   k6 run -e TARGET=http://127.0.0.1:8080 -e VUS=2000 -e RAMP=1m -e DURATION=2m -e HOLD=20s connect-storm.js
import { check } from 'k6';
import { connect } from './lib/client.js';
import { authFor, config, formatDuration } from './lib/config.js';
import { thresholds } from './lib/metrics.js';

export const options = {
  scenarios: {
    storm: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: formatDuration(config.rampMs), target: config.vus },
        { duration: formatDuration(config.durationMs), target: config.vus },
        { duration: '10s', target: 0 },
      ],
      gracefulRampDown: formatDuration(config.holdMs + 5000),
    },
  },
  thresholds: thresholds(config, ['handshake']),
};

export default function () {
  let welcomed = false;
  const client = connect({
    auth: authFor(config, `${config.userPrefix}-${__VU}`),
    onConnect() {
      client.after(config.holdMs, () => client.close());
    },
    onEvent(name) {
      if (name === 'welcome') {
        welcomed = true;
      }
    },
    onClose() {
      check(null, { 'welcome received': () => welcomed });
    },
  });
}
