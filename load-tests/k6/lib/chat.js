// The chat app's payloads (namespace '/', see the root README) and the end-to-end latency stamp.
// Pure, like socketio.js: runs in k6 and in Node.
//
// The server stamps every broadcast `message` with its own `ts`, which measures nothing end to end. So the sender
// puts its send time into the text as JSON, {"sent": <epoch ms>}, and the receiver subtracts it from its clock.
// Both ends run on the same load-generator machine, so their clocks agree.

/** Text of a chat message carrying the send time (and optional padding to reach a message size). */
export function stampedText(sentAt, padding = 0) {
  const text = { sent: sentAt };
  if (padding > 0) {
    text.pad = 'x'.repeat(padding);
  }
  return JSON.stringify(text);
}

/** Milliseconds from the stamp in message.text to receivedAt, or null when the message carries no stamp. */
export function deliveryLatency(message, receivedAt) {
  if (!message || typeof message.text !== 'string' || message.text[0] !== '{') {
    return null;
  }
  try {
    const stamp = JSON.parse(message.text);
    return typeof stamp.sent === 'number' ? receivedAt - stamp.sent : null;
  } catch (e) {
    return null;
  }
}

/** True when an ack's args are the chat app's success answer ({ok: true, ...}). */
export function isOk(ackArgs) {
  return Array.isArray(ackArgs) && ackArgs[0] !== null && typeof ackArgs[0] === 'object' && ackArgs[0].ok === true;
}

/** The error code of a chat app error ack ({error: {code, message}}), else null. */
export function errorCode(ackArgs) {
  const answer = Array.isArray(ackArgs) ? ackArgs[0] : null;
  return answer && answer.error && typeof answer.error.code === 'string' ? answer.error.code : null;
}

/** Room of a virtual user: users are spread round-robin over `rooms` rooms named <prefix>-0 … <prefix>-(rooms-1). */
export function roomFor(userNumber, rooms, prefix = 'room') {
  return `${prefix}-${((userNumber % rooms) + rooms) % rooms}`;
}
