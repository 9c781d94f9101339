'use strict';
// Test JWTs for servers started with the conformance secret. The Java node refuses secrets under 32 bytes
// (JWT_SECRET), so the default secret is longer than that; CONFORMANCE_JWT_SECRET overrides it.
const jwt = require('jsonwebtoken');

const SECRET = process.env.CONFORMANCE_JWT_SECRET || 'conformance-secret-of-at-least-32-bytes';

const tokens = {
  valid: (sub = 'user-1') => jwt.sign({ sub }, SECRET, { algorithm: 'HS256', expiresIn: '1h' }),
  withoutExp: (sub = 'user-2') => jwt.sign({ sub }, SECRET, { algorithm: 'HS256' }),
  expired: () => jwt.sign({ sub: 'user-1', exp: Math.floor(Date.now() / 1000) - 60 }, SECRET, { algorithm: 'HS256' }),
  badSignature: () => jwt.sign({ sub: 'user-1' }, 'another-secret', { algorithm: 'HS256', expiresIn: '1h' }),
  otherAlgorithm: () => jwt.sign({ sub: 'user-1' }, SECRET, { algorithm: 'HS384', expiresIn: '1h' }),
  unsigned: () => jwt.sign({ sub: 'user-1' }, null, { algorithm: 'none' }),
  numericSub: () => jwt.sign({ sub: 42 }, SECRET, { algorithm: 'HS256' }),
  noSub: () => jwt.sign({ name: 'nobody' }, SECRET, { algorithm: 'HS256' }),
  garbage: () => 'not.a.jwt',
  /** Any claims (sub, rooms, ...), valid for an hour. */
  withClaims: (claims) => jwt.sign(claims, SECRET, { algorithm: 'HS256', expiresIn: '1h' }),
};

module.exports = { tokens, SECRET };
