// Decodes cluster messages the way @socket.io/redis-adapter 8.3.0 does (lib/index.ts onrequest/onresponse):
// a payload starting with '{' (0x7b) is JSON, anything else is notepack.io MessagePack.
// Input: one hex payload per line on stdin. Output: one JSON line per input, with Buffers as {"$binary": hex},
// Dates as {"$date": iso} and failures as {"$error": message}.
'use strict';

const notepack = require('notepack.io');
const readline = require('readline');

function decode(hex) {
  const buffer = Buffer.from(hex, 'hex');
  return buffer[0] === 0x7b ? JSON.parse(buffer.toString()) : notepack.decode(buffer);
}

function replacer(key, value) {
  const original = this[key];
  if (Buffer.isBuffer(original) || original instanceof Uint8Array) {
    return { $binary: Buffer.from(original).toString('hex') };
  }
  if (original instanceof ArrayBuffer) {
    return { $binary: Buffer.from(original).toString('hex') };
  }
  if (original instanceof Date) {
    return { $date: original.toISOString() };
  }
  return value;
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const hex = line.trim();
  if (hex === '') {
    return;
  }
  let output;
  try {
    output = JSON.stringify(decode(hex), replacer);
  } catch (err) {
    output = JSON.stringify({ $error: String(err && err.message) });
  }
  process.stdout.write((output === undefined ? 'null' : output) + '\n');
});
