// node-redis beside PublishFlood.java: PUBLISH as fast as Redis answers with IN_FLIGHT outstanding per publisher,
// one client per publisher, round-robin over socket.io#/#room-i#. Usage (same arguments as the Java one, no mode):
//   node flood.js PORT SECONDS IN_FLIGHT PUBLISHERS PAYLOAD_BYTES CHANNELS   -> prints the count published
'use strict';
const path = require('path');
// node-redis as pinned for the bench's Node servers (load-tests/bench/node), not a copy of its own
const { createClient } = require(require.resolve('redis', { paths: [path.join(__dirname, '..', 'node')] }));

async function main() {
  const [port, seconds, inFlight, publishers, payloadBytes, channels] = process.argv.slice(2).map(Number);
  const payload = Buffer.alloc(payloadBytes);
  const end = Date.now() + seconds * 1000;
  let published = 0;
  const one = async () => {
    const client = createClient({ url: `redis://127.0.0.1:${port}` });
    await client.connect();
    let i = 0;
    const lane = async () => { // IN_FLIGHT of these per client: each sends its next PUBLISH when the last returns
      while (Date.now() < end) {
        await client.publish(`socket.io#/#room-${i++ % channels}#`, payload);
        published++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
    await client.quit();
  };
  await Promise.all(Array.from({ length: publishers }, one));
  console.log(published);
}

main().catch((e) => { console.error(e); process.exit(1); });
