#!/usr/bin/env node
'use strict';
// Cluster-wide presence of the chat with real socket.io-client 4.8.4 sockets on two nodes that share one Redis;
// PresenceClusterTests runs it against two Java nodes (NODE_ID node-a and node-b). By hand:
//
//   node scenarios/presence.js --a http://127.0.0.1:3001 --b http://127.0.0.1:3002 [--kill-phase true]
//
// alice on node A, bob and carol on node B join one room: every join ack counts the room across both nodes and lists
// its members, each join and leave is told to the others on both nodes as a `presence` event, `members` lists the
// room. Prints one JSON line `{"phase":"contract",...}`. With --kill-phase, carol (node B) stays in the room and the
// script prints `ready-to-kill`; the test then SIGKILLs node B, and the script polls alice's `members` until no
// member of node B is left and waits for alice's `presence` "left" notice of carol, then prints `{"phase":"kill",...}`
// with the epoch millis of both. Every wait is bounded; nothing sleeps but the 50 ms poll interval of the kill phase.
const { connect } = require('../lib/client');

const a = argument('--a');
const b = argument('--b');
const killPhase = argument('--kill-phase', 'false') === 'true';
const room = `lobby-${process.pid}`;

async function main() {
  const alice = await connect(a, { auth: { user: 'alice' } });
  const bob = await connect(b, { auth: { user: 'bob' } });
  const carol = await connect(b, { auth: { user: 'carol' } });
  const report = { phase: 'contract', room, ids: { alice: alice.id, bob: bob.id, carol: carol.id } };
  try {
    report.welcome = {
      alice: (await alice.waitForEvent('welcome'))[2],
      bob: (await bob.waitForEvent('welcome'))[2],
    };
    report.aliceJoins = (await alice.call('join', room))[0];
    report.bobJoins = (await bob.call('join', room))[0];
    report.carolJoins = (await carol.call('join', room))[0];
    report.aliceMembers = (await alice.call('members', room))[0];
    report.bobLeaves = (await bob.call('leave', room))[0];
    // a barrier through each node: the notices queued for these clients before it have arrived
    for (const c of [alice, carol]) await untilPresence(c, 'left', bob.id);
    report.alicePresence = alice.events('presence').map((e) => e[2]);
    report.carolPresence = carol.events('presence').map((e) => e[2]);
    report.bobPresence = bob.events('presence').map((e) => e[2]);
    process.stdout.write(`${JSON.stringify(report)}\n`);

    if (killPhase) {
      process.stdout.write('ready-to-kill\n');
      const kill = { phase: 'kill' };
      const deadline = Date.now() + 30000;
      while (Date.now() < deadline) {
        const [ack] = await alice.call('members', room);
        if (ack && Array.isArray(ack.members) && !ack.members.some((m) => m.node === 'node-b')) {
          kill.vanishedAt = Date.now();
          kill.members = ack;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50)); // the poll interval, not a wait for an event
      }
      const notice = await alice.waitFor((e) => e[1] === 'presence' && e[2].type === 'left'
        && e[2].member.id === report.ids.carol, 'the left notice of carol', 30000); // carol.id is gone with her node
      kill.noticeAt = Date.now();
      kill.notice = notice[2];
      process.stdout.write(`${JSON.stringify(kill)}\n`);
    }
  } finally {
    for (const c of [alice, bob, carol]) c.close();
  }
}

async function untilPresence(client, type, id) {
  await client.waitFor((e) => e[1] === 'presence' && e[2].type === type && e[2].member.id === id,
    `presence ${type} of ${id}`);
}

function argument(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) {
    if (fallback !== undefined) return fallback;
    console.error(`usage: node scenarios/presence.js --a <url> --b <url> [--kill-phase true]; missing ${name}`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
