// Three real socket.io-client clients on two boards of the live-cursors example.
// Usage: node board-clients.js http://127.0.0.1:PORT
// Prints one JSON line with what each client saw; LiveCursorsTest checks it. Exits 1 on a timeout or error.
"use strict";
const { io } = require("socket.io-client");

const url = process.argv[2];
const deadline = setTimeout(() => fail(new Error("timed out")), 15000);

function fail(err) {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
}

// A client that records every server event it receives, in order.
async function client(name) {
  const socket = io(url, { transports: ["websocket"], reconnection: false });
  const seen = [];
  const waiters = [];
  socket.onAny((event, payload) => {
    seen.push({ event, payload });
    for (const w of waiters.splice(0)) {
      if (!w(event, payload)) waiters.push(w);
    }
  });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return {
    name, socket, seen,
    id: () => socket.id,
    // Resolves with the payload of the next (or an already received) event matching the predicate.
    next(event, match = () => true) {
      const found = seen.find((e) => e.event === event && match(e.payload));
      if (found) return Promise.resolve(found.payload);
      return new Promise((resolve) => waiters.push((e, p) => (e === event && match(p) ? (resolve(p), true) : false)));
    },
    request(event, payload) {
      return socket.timeout(5000).emitWithAck(event, payload);
    },
  };
}

(async () => {
  const alice = await client("alice");
  const bob = await client("bob");
  const carol = await client("carol");
  const result = {};

  result.aliceJoin = await alice.request("join", { board: "b1", name: "alice" });
  result.bobJoin = await bob.request("join", { board: "b1", name: "bob" });
  result.aliceSawBobJoin = await alice.next("joined", (p) => p.name === "bob");
  result.carolJoin = await carol.request("join", { board: "b2", name: "carol" });

  bob.socket.emit("move", { x: 10, y: 20 });
  result.aliceSawBobCursor = await alice.next("cursor");
  result.badMove = await bob.request("move", { x: "left", y: 3 });

  // bob moves to carol's board. Bob's events are handled in order, so anything his move had sent to carol or to
  // himself would have arrived before carol's "joined" and bob's ack.
  result.bobSwitch = await bob.request("join", { board: "b2", name: "bob" });
  result.carolSawBobJoin = await carol.next("joined", (p) => p.name === "bob");
  result.aliceSawBobLeave = await alice.next("left", (p) => p.name === "bob");

  const carolId = carol.id();
  carol.socket.disconnect();
  result.bobSawCarolLeave = await bob.next("left", (p) => p.name === "carol");

  result.ids = { alice: alice.id(), bob: bob.id(), carol: carolId };
  result.seen = { alice: alice.seen, bob: bob.seen, carol: carol.seen };
  alice.socket.disconnect();
  bob.socket.disconnect();
  clearTimeout(deadline);
  console.log(JSON.stringify(result));
})().catch(fail);
