'use strict';
// Raw Engine.IO access: HTTP long-polling with node's http module and WebSocket frames with `ws`.
const http = require('node:http');
const WebSocket = require('ws');

const WAIT_MS = 4000;
const SEPARATOR = '\x1e';

/** One HTTP request; resolves to {status, contentType, body} (body as a string) or {error} on a socket error. */
function request(url, { method = 'GET', path = '/socket.io/?EIO=4&transport=polling', headers = {}, body, agent = false, timeoutMs = WAIT_MS } = {}) {
  return new Promise((resolve) => {
    const req = http.request(`${url}${path}`, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode,
        contentType: res.headers['content-type'] ?? null,
        body: Buffer.concat(chunks).toString('utf8'),
        headers: res.headers,
      }));
      res.on('error', (err) => resolve({ error: err.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ error: err.message }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The parts of a response worth comparing (headers like date / content-length are not). */
function summary(res) {
  if (res.error) return { error: res.error };
  return { status: res.status, contentType: res.contentType, body: res.body };
}

/** A raw polling session: handshake, poll, post. */
class PollingSession {
  constructor(url, { agent = false, headers = {} } = {}) {
    this.url = url;
    this.agent = agent;
    this.headers = headers;
  }

  async open(query = '') {
    const res = await request(this.url, { path: `/socket.io/?EIO=4&transport=polling${query}`, agent: this.agent, headers: this.headers });
    if (res.status !== 200 || !res.body.startsWith('0')) throw new Error(`handshake failed: ${JSON.stringify(summary(res))}`);
    this.handshake = JSON.parse(res.body.slice(1));
    this.sid = this.handshake.sid;
    return res;
  }

  path() {
    return `/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(this.sid)}`;
  }

  poll(timeoutMs) {
    return request(this.url, { path: this.path(), agent: this.agent, headers: this.headers, timeoutMs });
  }

  post(payload) {
    return request(this.url, {
      method: 'POST', path: this.path(), agent: this.agent, body: payload,
      headers: { 'content-type': 'text/plain;charset=UTF-8', ...this.headers },
    });
  }

  /** Polls until `count` packets have arrived (packets are split on the record separator). */
  async packets(count) {
    const packets = [];
    while (packets.length < count) {
      const res = await this.poll();
      if (res.status !== 200) throw new Error(`poll failed after ${JSON.stringify(packets)}: ${JSON.stringify(summary(res))}`);
      packets.push(...res.body.split(SEPARATOR));
    }
    return packets;
  }
}

/** A raw WebSocket recording every frame and the close. */
class RawSocket {
  constructor(url, query, wsOptions = {}) {
    this.frames = [];
    this.listeners = new Set();
    this.closed = null;
    this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket${query ?? ''}`, wsOptions);
    this.ws.on('open', () => {
      this.wasOpen = true;
      this.notify();
    });
    this.ws.on('message', (data, isBinary) => this.push(isBinary ? { binary: data.toString('hex') } : data.toString('utf8')));
    this.ws.on('close', (code) => {
      this.closed = { code };
      this.notify();
    });
    this.ws.on('error', (err) => {
      this.error = err.message;
      this.notify();
    });
    this.ws.on('unexpected-response', (req, res) => {
      this.rejected = { status: res.statusCode };
      res.resume();
      this.notify();
      req.destroy();
    });
  }

  push(frame) {
    this.frames.push(frame);
    this.notify();
  }

  notify() {
    for (const l of this.listeners) l();
  }

  until(predicate, what, timeoutMs = WAIT_MS) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = predicate();
        if (!value) return;
        done();
        resolve(value);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; frames: ${JSON.stringify(this.frames).slice(0, 1500)} closed: ${JSON.stringify(this.closed)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  opened() {
    return this.until(() => this.wasOpen || this.rejected || this.closed || this.error, 'open')
      .then(() => (this.rejected ? { rejected: this.rejected } : this.wasOpen ? { open: true } : { closed: this.closed, error: this.error ?? null }));
  }

  /** Waits until at least n frames have arrived; returns them all. */
  frameCount(n, timeoutMs) {
    return this.until(() => this.frames.length >= n && this.frames.slice(), `${n} frames`, timeoutMs);
  }

  /** Waits for the server to close; returns {code}. */
  closedByServer(timeoutMs) {
    return this.until(() => this.closed, 'close', timeoutMs);
  }

  send(data) {
    this.ws.send(data);
  }

  close() {
    this.ws.terminate();
  }
}

/** Opens a raw WebSocket, returns it after the open packet (or the rejection). */
async function rawSocket(url, query) {
  const socket = new RawSocket(url, query);
  await socket.opened();
  return socket;
}

module.exports = { request, summary, PollingSession, RawSocket, rawSocket, SEPARATOR };
