'use strict';
// Comparable forms of received values: binary becomes {$binary: hex}, so deepStrictEqual checks bytes, whatever
// Buffer/ArrayBuffer/Uint8Array type a decoder produced.

function plain(value) {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $binary: Buffer.from(value).toString('hex') };
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString('hex') };
  if (Array.isArray(value)) return value.filter((v) => typeof v !== 'function').map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** A fresh token for one operation, so events of other operations never count. */
let counter = 0;
function token(what) {
  counter += 1;
  return `${what}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

module.exports = { plain, token };
