// Real socket.io-client subscribers on two nodes of the ticker example, and a publisher with
// @socket.io/redis-emitter (no Socket.IO server of its own, as a backend service would be).
// Usage: node ticker-clients.js http://NODE_A http://NODE_B redis://127.0.0.1:PORT
// Prints READY once subscribed (TickerTest then publishes ACME from node A's feed), then one JSON line with what
// each client saw. Exits 1 on a timeout or error.
"use strict";
const { io } = require("socket.io-client");
const { Emitter } = require("@socket.io/redis-emitter");
const { createClient } = require("redis");

const [urlA, urlB, redisUrl] = process.argv.slice(2);
const deadline = setTimeout(() => fail(new Error("timed out")), 15000);

function fail(err) {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
}

// A client that records every "price" it receives, in order.
async function client(url) {
  const socket = io(url, { transports: ["websocket"], reconnection: false });
  const prices = [];
  const waiters = [];
  socket.on("price", (price) => {
    prices.push(price);
    for (const w of waiters.splice(0)) {
      if (!w(price)) waiters.push(w);
    }
  });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return {
    socket, prices,
    subscribe: (symbol) => socket.timeout(5000).emitWithAck("subscribe", { symbol }),
    // Resolves with the first price (already received or next) that matches.
    price(match) {
      const found = prices.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push((p) => (match(p) ? (resolve(p), true) : false)));
    },
  };
}

(async () => {
  const onB = await client(urlB);
  const onA = await client(urlA);
  const globexOnB = await client(urlB);
  const result = {};
  result.subscribed = [await onB.subscribe("ACME"), await onA.subscribe("ACME"), await globexOnB.subscribe("GLOBEX")];
  result.badSymbol = await onA.subscribe("acme; drop");
  console.log("READY");

  // node A's feed publishes ACME: the subscribers of both nodes get it
  const fromFeed = (p) => p.symbol === "ACME" && p.source === "feed";
  result.feedOnB = await onB.price(fromFeed);
  result.feedOnA = await onA.price(fromFeed);

  // a backend service publishes through Redis with the emitter, like Node's
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  const emitter = new Emitter(redis);
  emitter.to("ticker:ACME").emit("price", { symbol: "ACME", price: 102.25, time: Date.now(), source: "emitter" });
  emitter.to("ticker:GLOBEX").emit("price", { symbol: "GLOBEX", price: 55.5, time: Date.now(), source: "emitter" });
  const fromEmitter = (symbol) => (p) => p.symbol === symbol && p.source === "emitter";
  result.emitterOnB = await onB.price(fromEmitter("ACME"));
  result.emitterOnA = await onA.price(fromEmitter("ACME"));
  result.globexOnB = await globexOnB.price(fromEmitter("GLOBEX"));

  // Redis delivers node B's messages in order: had any ACME price reached the GLOBEX subscriber, it would be here.
  result.seen = { onA: onA.prices, onB: onB.prices, globexOnB: globexOnB.prices };
  for (const c of [onA, onB, globexOnB]) c.socket.disconnect();
  await redis.quit();
  clearTimeout(deadline);
  console.log(JSON.stringify(result));
})().catch(fail);
