// Real socket.io-client users on two instances of the spring-boot-chat example, plus the REST endpoint.
// Usage: node chat-clients.js SOCKET_URL_A SOCKET_URL_B HTTP_URL_B TOKEN_ALICE TOKEN_BOB BAD_TOKEN
// Prints one JSON line with what each client saw. Exits 1 on a timeout or error.
"use strict";
const { io } = require("socket.io-client");

const [urlA, urlB, httpB, aliceToken, bobToken, badToken] = process.argv.slice(2);
const deadline = setTimeout(() => fail(new Error("timed out")), 15000);

function fail(err) {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
}

// A connected client that records its "message" events and can wait for one that matches.
async function client(url, token) {
  const socket = io(url, { transports: ["websocket"], reconnection: false, auth: { token } });
  const messages = [];
  const waiters = [];
  socket.on("message", (m) => {
    messages.push(m);
    for (const w of waiters.splice(0)) if (!w(m)) waiters.push(w);
  });
  const welcome = new Promise((resolve) => socket.once("welcome", resolve));
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return {
    socket, messages, welcome: await welcome,
    ask: (event, payload) => socket.timeout(5000).emitWithAck(event, payload),
    message(match) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push((m) => (match(m) ? (resolve(m), true) : false)));
    },
  };
}

// What a connection with this token is refused with.
function refused(url, token) {
  return new Promise((resolve) => {
    const socket = io(url, { transports: ["websocket"], reconnection: false, auth: token ? { token } : {} });
    socket.once("connect", () => { socket.disconnect(); resolve("connected"); });
    socket.once("connect_error", (err) => { socket.close(); resolve(err.message); });
  });
}

(async () => {
  const result = {};
  result.badToken = await refused(urlA, badToken);
  result.noToken = await refused(urlB, null);

  const alice = await client(urlA, aliceToken);
  const bob = await client(urlB, bobToken);
  result.welcome = [alice.welcome, bob.welcome];
  result.joins = [await alice.ask("join", { room: "lobby" }), await bob.ask("join", { room: "lobby" })];
  result.badJoin = await bob.ask("join", { room: "Not A Room!" });

  // alice on instance A talks; bob on instance B hears it through Redis
  result.said = await alice.ask("message", { room: "lobby", text: "hi bob" });
  result.bobHeard = await bob.message((m) => m.text === "hi bob");

  // REST on instance B, as alice: both instances deliver it
  const post = (token) => fetch(httpB + "/rooms/lobby/messages", {
    method: "POST",
    headers: Object.assign({ "Content-Type": "application/json" }, token ? { Authorization: "Bearer " + token } : {}),
    body: JSON.stringify({ text: "from rest" }),
  });
  result.restStatus = (await post(aliceToken)).status;
  result.restUnauthorized = (await post(null)).status;
  result.restBadToken = (await post(badToken)).status;
  result.aliceGotRest = await alice.message((m) => m.text === "from rest");
  result.bobGotRest = await bob.message((m) => m.text === "from rest");

  for (const c of [alice, bob]) c.socket.disconnect();
  clearTimeout(deadline);
  console.log(JSON.stringify(result));
})().catch(fail);
