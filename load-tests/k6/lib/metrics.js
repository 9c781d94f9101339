// Custom metrics shared by every scenario, and the thresholds built from the settings.
import { Counter, Rate, Trend } from 'k6/metrics';

/** Milliseconds from opening the websocket to the Socket.IO connect packet (40) of namespace '/'. */
export const handshakeLatency = new Trend('handshake_latency', true);
/** Milliseconds from a publisher's send time (stamped in the message text) to its arrival at a receiver. */
export const deliveryLatency = new Trend('delivery_latency', true);
/** Milliseconds from emitting an event with an ack id to receiving its ack; tagged event=join|message. */
export const ackLatency = new Trend('ack_latency', true);
/** Chat `message` events received by the virtual users. */
export const messagesReceived = new Counter('messages_received');
/** Chat messages sent by the virtual users. */
export const messagesSent = new Counter('messages_sent');
/**
 * Share of failed operations (connects, acks); failures are tagged kind=connect_timeout|connect_error|
 * transport_error|protocol_error|ack_timeout|ack_error|disconnect.
 */
export const errors = new Rate('errors');

/**
 * k6 thresholds for the metrics a scenario produces: kinds is a subset of handshake, ack, delivery, received.
 * errors and checks always get one.
 */
export function thresholds(settings, kinds) {
  const limits = settings.thresholds;
  const result = {
    errors: [`rate<${limits.maxErrorRate}`],
    checks: [`rate>${1 - limits.maxErrorRate}`],
  };
  if (kinds.includes('handshake')) {
    result.handshake_latency = [`p(95)<${limits.handshakeP95Ms}`];
  }
  if (kinds.includes('ack')) {
    result.ack_latency = [`p(95)<${limits.ackP95Ms}`];
  }
  if (kinds.includes('delivery')) {
    result.delivery_latency = [`p(95)<${limits.deliveryP95Ms}`];
  }
  if (kinds.includes('received')) {
    result.messages_received = ['count>0'];
  }
  return result;
}
