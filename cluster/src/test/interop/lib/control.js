'use strict';
// One socket.io-client connection to a server's "/control" namespace (CONTROL.md): op(request) → result.
const { io } = require('socket.io-client');

const OP_TIMEOUT_MS = 8000;

class ControlClient {
  constructor(server) {
    this.server = server;
    this.socket = io(`${server.url}/control`, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 4000 });
  }

  /** Connects and checks the "info" op. */
  async ready() {
    await new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('connect_error', (err) => reject(new Error(
        `cannot connect to ${this.server.name} ${this.server.url}/control (${err.message}); is it a node-peer.js or JavaPeer?`)));
    });
    this.info = await this.op({ op: 'info' });
    return this;
  }

  /** Runs an op; returns the result, or throws when the server answers ok:false (unless allowFailure). */
  async op(request, { allowFailure = false, timeoutMs = OP_TIMEOUT_MS } = {}) {
    let result;
    try {
      result = await this.socket.timeout(timeoutMs).emitWithAck('op', request);
    } catch (err) {
      throw new Error(`${this.server.name}: no answer to op ${request.op} within ${timeoutMs} ms (${err.message})`);
    }
    if (result === null || typeof result !== 'object' || typeof result.ok !== 'boolean') {
      throw new Error(`${this.server.name}: op ${request.op} answered ${JSON.stringify(result)}, expected {ok:boolean,...}`);
    }
    if (!result.ok && !allowFailure) throw new Error(`${this.server.name}: op ${request.op} failed: ${result.error}`);
    return result;
  }

  close() {
    this.socket.disconnect();
  }
}

module.exports = { ControlClient };
