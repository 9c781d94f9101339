'use strict';
const http = require('node:http');

/** A keep-alive agent (one socket at most) that counts the TCP connections it had to open. */
class CountingAgent extends http.Agent {
  constructor() {
    super({ keepAlive: true, maxSockets: 1 });
    this.connections = 0;
  }

  createConnection(...args) {
    this.connections += 1;
    return super.createConnection(...args);
  }
}

module.exports = { CountingAgent };
