'use strict';
// A TCP switchboard in front of the servers, as a load balancer is in a real deployment: a client connects to one URL
// and the switchboard decides which server gets each new TCP connection. The recovery suite uses it to let
// socket.io-client's own reconnection (same Manager, same Socket, its stored pid and offset) land on another server,
// and to cut a connection the way a network failure does (no Socket.IO DISCONNECT, no Engine.IO close packet).
const net = require('node:net');

class Switchboard {
  /** Listens on a free port of 127.0.0.1; new connections are held until route() names a server. */
  static async open() {
    const board = new Switchboard();
    await new Promise((resolve, reject) => {
      board.server.once('error', reject);
      board.server.listen(0, '127.0.0.1', resolve);
    });
    return board;
  }

  constructor() {
    this.target = null;
    this.held = [];
    this.pairs = new Set();
    this.routed = []; // server names, one per connection routed (for failure messages)
    this.server = net.createServer((conn) => {
      conn.on('error', () => {});
      if (this.target) this.connect(conn);
      else this.held.push(conn);
    });
  }

  get url() {
    return `http://127.0.0.1:${this.server.address().port}`;
  }

  /** New connections (and those held so far) go to this server ({name, url} from env.js). */
  route(server) {
    this.target = server;
    for (const conn of this.held.splice(0)) if (!conn.destroyed) this.connect(conn);
  }

  /** New connections wait (the client's connect attempt stays pending) until the next route(). */
  hold() {
    this.target = null;
  }

  /** Destroys every routed connection on both sides, as a network failure would. */
  cut() {
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  connect(conn) {
    const { hostname, port } = new URL(this.target.url);
    const upstream = net.connect(Number(port), hostname);
    const pair = [conn, upstream];
    this.pairs.add(pair);
    this.routed.push(this.target.name);
    const drop = () => {
      conn.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    upstream.on('error', drop);
    conn.on('error', drop);
    upstream.on('close', drop);
    conn.on('close', drop);
    conn.pipe(upstream);
    upstream.pipe(conn);
  }

  close() {
    this.cut();
    for (const conn of this.held.splice(0)) conn.destroy();
    this.server.close();
  }
}

module.exports = { Switchboard };
