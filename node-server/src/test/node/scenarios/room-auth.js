#!/usr/bin/env node
'use strict';
// Drives the chat's JWT room policy with real socket.io-client 4.8.4 sockets and prints what each one saw as one
// JSON object on the last line of stdout. ChatRoomAuthorizationTests runs it against a Java node started with
// JWT_SECRET = CONFORMANCE_JWT_SECRET; by hand:
//
//   CONFORMANCE_JWT_SECRET=... node scenarios/room-auth.js --url http://127.0.0.1:3000
//
// alice (rooms claim ["lobby", "secret-room"]) joins her own user:alice:private, secret-room and lobby, and writes to
// each; bob (["lobby"]) and mallory (["user:*", "*"]) try to join alice's rooms; then tokens with an empty and a
// 300-character sub try to connect. Every wait is bounded (lib/client.js); nothing sleeps.
const { connect } = require('../lib/client');
const { tokens } = require('../lib/tokens');

const url = argument('--url');

async function main() {
  const report = {};
  const alice = await connect(url, { auth: { token: tokens.withClaims({ sub: 'alice', rooms: ['lobby', 'secret-room'] }) } });
  const bob = await connect(url, { auth: { token: tokens.withClaims({ sub: 'bob', rooms: ['lobby'] }) } });
  const mallory = await connect(url, { auth: { token: tokens.withClaims({ sub: 'mallory', rooms: ['user:*', '*'] }) } });
  try {
    report.aliceJoins = {};
    for (const room of ['user:alice:private', 'secret-room', 'lobby']) {
      report.aliceJoins[room] = (await alice.call('join', room))[0];
    }
    report.bobJoins = {};
    for (const room of ['user:alice:private', 'secret-room', 'lobby']) {
      report.bobJoins[room] = (await bob.call('join', room))[0];
    }
    report.malloryJoins = {};
    for (const room of ['user:alice:private', 'secret-room']) {
      report.malloryJoins[room] = (await mallory.call('join', room))[0];
    }
    report.bobWritesToSecretRoom = (await bob.call('message', { room: 'secret-room', text: 'bob was here' }))[0];
    for (const room of ['user:alice:private', 'secret-room', 'lobby']) {
      await alice.call('message', { room, text: `alice in ${room}` });
    }
    // the lobby message was sent last: once bob has it, anything sent to him before it has arrived too
    await bob.waitFor((e) => e[1] === 'message' && e[2].room === 'lobby', 'the lobby message');
    await bob.barrier();
    await mallory.barrier();
    report.bobReceived = messages(bob);
    report.malloryReceived = messages(mallory);
    report.aliceReceived = messages(alice);
  } finally {
    for (const client of [alice, bob, mallory]) client.close();
  }
  report.refused = {};
  for (const [name, sub] of [['empty sub', ''], ['300-character sub', 'x'.repeat(300)]]) {
    const client = await connect(url, { auth: { token: tokens.withClaims({ sub }) } });
    report.refused[name] = client.log;
    client.close();
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function messages(client) {
  return client.log.filter((e) => e[0] === 'event' && e[1] === 'message').map((e) => `${e[2].room}: ${e[2].text}`);
}

function argument(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || process.argv[i + 1] === undefined) {
    console.error(`usage: node scenarios/room-auth.js ${name} <value>`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
