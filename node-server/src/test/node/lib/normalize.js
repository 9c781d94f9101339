'use strict';
const { createHash } = require('node:crypto');
// Turns a transcript into a comparable form: random values (engine sids, socket ids, UUIDs, timestamps) become
// stable placeholders numbered by first appearance, so "the same id twice" survives normalisation and
// "two different ids" stays two different placeholders.

const ID = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g; // base64id: 15 random bytes, url-safe
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /(?<![0-9])1[6-9][0-9]{11}(?![0-9])/g; // epoch millis 2020..2033

class Normalizer {
  constructor() {
    this.names = new Map();
  }

  placeholder(kind, value) {
    const key = `${kind}:${value}`;
    if (!this.names.has(key)) this.names.set(key, `<${kind}#${[...this.names.keys()].filter((k) => k.startsWith(`${kind}:`)).length + 1}>`);
    return this.names.get(key);
  }

  string(s) {
    return s
      .replace(UUID, (v) => this.placeholder('uuid', v.toLowerCase()))
      .replace(TIMESTAMP, () => '<ts>')
      .replace(ID, (v) => (/^[a-z]+$/.test(v) ? v : this.placeholder('id', v)));
  }

  value(v) {
    if (typeof v === 'string') return this.string(v);
    if (typeof v === 'number') return v >= 1.6e12 && v < 2e12 && Number.isInteger(v) ? '<ts>' : v;
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v && typeof v === 'object') {
      if (v.$binary !== undefined) return v;
      const out = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.value(x);
      return out;
    }
    return v;
  }
}

/** Binary values (Buffer, ArrayBuffer, typed arrays) as {$binary: type, hex} so transcripts are plain JSON. */
function plain(v) {
  if (Buffer.isBuffer(v)) return { $binary: 'Buffer', hex: hexOf(v) };
  if (v instanceof ArrayBuffer) return { $binary: 'ArrayBuffer', hex: hexOf(Buffer.from(v)) };
  if (ArrayBuffer.isView(v)) return { $binary: v.constructor.name, hex: hexOf(Buffer.from(v.buffer, v.byteOffset, v.byteLength)) };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = plain(x);
    return out;
  }
  return v;
}

function hexOf(buf) {
  if (buf.length <= 64) return buf.toString('hex');
  return `${buf.length} bytes, sha256 ${createHash('sha256').update(buf).digest('hex')}`;
}

function normalize(transcript) {
  return new Normalizer().value(plain(transcript));
}

module.exports = { normalize, plain };
