// Stand-in for 'k6/websockets': the ws package's WebSocket has the same browser-style API (addEventListener,
// send, close, readyState, text frames as strings). Open sockets are tracked so a test knows when a VU's iteration
// (which in k6 lasts until its event loop is empty) has ended.
import { WebSocket as NodeWebSocket } from 'ws';
import { recorded } from './state.mjs';

export class WebSocket extends NodeWebSocket {
  constructor(url, protocols, params) {
    super(url, protocols);
    recorded.openSockets.add(this);
    this.addEventListener('close', () => recorded.openSockets.delete(this));
  }
}
