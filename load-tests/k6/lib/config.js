// Settings of the k6 scenarios, read from k6's __ENV (`k6 run -e NAME=value` or the process environment).
// loadConfig(env) is pure and throws one error listing every bad variable, like the node's EnvConfigLoader.

const DURATION = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60000, h: 3600000 };

/** Milliseconds of a k6-style duration: 500ms, 30s, 5m, 1h. */
export function parseDuration(text) {
  const match = DURATION.exec(String(text).trim());
  if (!match) {
    throw new Error(`not a duration (use 500ms, 30s, 5m or 1h): ${JSON.stringify(text)}`);
  }
  return Number(match[1]) * UNIT_MS[match[2]];
}

/** A k6 duration string for a number of milliseconds (k6 scenario options take strings). */
export function formatDuration(ms) {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * Every setting with its default. Scripts use only the ones they need; the README lists which.
 * Durations are returned in milliseconds (suffix Ms).
 */
export function loadConfig(env = {}) {
  const problems = [];
  const read = (name, fallback, parse) => {
    const raw = env[name];
    if (raw === undefined || String(raw).trim() === '') {
      return fallback;
    }
    try {
      return parse(String(raw).trim());
    } catch (e) {
      problems.push(`${name}: ${e.message}`);
      return fallback;
    }
  };
  const positive = (raw) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      throw new Error(`must be a whole number >= 1, got ${JSON.stringify(raw)}`);
    }
    return n;
  };
  const nonNegative = (raw) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) {
      throw new Error(`must be a whole number >= 0, got ${JSON.stringify(raw)}`);
    }
    return n;
  };
  const rate = (raw) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) {
      throw new Error(`must be a number > 0, got ${JSON.stringify(raw)}`);
    }
    return n;
  };
  const fraction = (raw) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > 1) {
      throw new Error(`must be a number between 0 and 1, got ${JSON.stringify(raw)}`);
    }
    return n;
  };
  const url = (raw) => {
    if (!/^(https?|wss?):\/\/[^/?#]+/.test(raw)) {
      throw new Error(`must be an http(s):// or ws(s):// URL, got ${JSON.stringify(raw)}`);
    }
    return raw;
  };
  const text = (raw) => raw;

  const config = {
    target: read('TARGET', 'http://127.0.0.1:8080', url),
    path: read('SOCKETIO_PATH', '/socket.io/', text),
    token: read('TOKEN', null, text),
    userPrefix: read('USER_PREFIX', 'k6', text),
    vus: read('VUS', 50, positive),
    durationMs: read('DURATION', 60000, parseDuration),
    rampMs: read('RAMP', 30000, parseDuration),
    holdMs: read('HOLD', 10000, parseDuration),
    rooms: read('ROOMS', 10, positive),
    publishers: read('PUBLISHERS', 10, positive),
    subscribers: read('SUBSCRIBERS', 100, positive),
    rate: read('RATE', 1, rate),
    messages: read('MESSAGES', 5, positive),
    thinkMs: read('THINK', 1000, parseDuration),
    messageSize: read('MESSAGE_SIZE', 0, nonNegative),
    warmupMs: read('WARMUP', 5000, parseDuration),
    drainMs: read('DRAIN', 5000, parseDuration),
    connectionLifetimeMs: read('CONNECTION_LIFETIME', 300000, parseDuration),
    connectTimeoutMs: read('CONNECT_TIMEOUT', 10000, parseDuration),
    ackTimeoutMs: read('ACK_TIMEOUT', 5000, parseDuration),
    thresholds: {
      handshakeP95Ms: read('P95_HANDSHAKE_MS', 1000, positive),
      deliveryP95Ms: read('P95_DELIVERY_MS', 250, positive),
      ackP95Ms: read('P95_ACK_MS', 250, positive),
      maxErrorRate: read('MAX_ERROR_RATE', 0.01, fraction),
    },
  };
  if (problems.length > 0) {
    throw new Error(`invalid k6 settings:\n  ${problems.join('\n  ')}`);
  }
  return config;
}

/** The settings of this k6 run (empty environment outside k6). */
export const config = loadConfig(typeof __ENV === 'undefined' ? {} : __ENV);

/** The handshake auth object: {token} when TOKEN is set (JWT-secured clusters), else {user}. */
export function authFor(settings, userName) {
  return settings.token ? { token: settings.token } : { user: userName };
}
