// Roomcast demo chat: speaks the app contract of namespace "/" (welcome, join, leave, message, cursor, presence)
// through the official socket.io-client. All user text goes through textContent, never innerHTML.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const ui = {
    state: $('state'), node: $('node'), transport: $('transport'), identity: $('identity'),
    login: $('login'), name: $('name'), token: $('token'), loginError: $('loginError'),
    chat: $('chat'), join: $('join'), room: $('room'), rooms: $('rooms'), disconnect: $('disconnect'),
    board: $('board'), boardRoom: $('boardRoom'), boardHint: $('boardHint'),
    members: $('members'), memberCount: $('memberCount'),
    messages: $('messages'), send: $('send'), target: $('target'), text: $('text'), sendButton: $('sendButton'),
  };
  const ACK_TIMEOUT_MS = 5000;
  const CURSOR_INTERVAL_MS = 50;   // at most 20 cursor events a second leave this page
  const CURSOR_IDLE_MS = 8000;     // a cursor that has not moved for that long fades

  let socket = null;
  let me = null;                   // welcome: {id, from, node}
  const joined = new Set();        // rooms we asked for; re-joined after a reconnect (rooms belong to the old socket)
  const members = new Map();       // room -> Map(socket id -> {id, user, node}), from join acks and presence events
  const sizes = new Map();         // room -> size from the last join ack or presence event
  const cursors = new Map();       // socket id -> {element, idleTimer} of the cursors on the board
  let pendingCursor = null;        // the latest position not sent yet
  let cursorTimer = null;
  const colors = new Map();        // socket id -> colour (colorOf)
  const PALETTE = ['#2f6fed', '#d9480f', '#2b8a3e', '#ae3ec9', '#1098ad', '#c2255c', '#e67700', '#5f3dc4'];

  ui.name.value = localStorage.getItem('roomcast.name') || '';

  ui.login.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = ui.name.value.trim();
    if (!name) return;
    localStorage.setItem('roomcast.name', name);
    connect(name, ui.token.value.trim());
  });

  ui.disconnect.addEventListener('click', () => {
    if (socket) socket.disconnect();
    socket = null;
    me = null;
    joined.clear();
    members.clear();
    sizes.clear();
    renderRooms();
    ui.chat.hidden = true;
    ui.login.hidden = false;
    ui.node.hidden = true;
    setState('disconnected');
  });

  ui.join.addEventListener('submit', async (event) => {
    event.preventDefault();
    const room = ui.room.value.trim();
    if (!room || !socket) return;
    const reply = await join(room);
    if (reply) notice(`joined ${room} · ${sizes.get(room)} here`);
  });

  ui.send.addEventListener('submit', async (event) => {
    event.preventDefault();
    const room = ui.target.value;
    const text = ui.text.value;
    if (!room || !text || !socket) return;
    const reply = await request('message', { room, text });
    if (reply && reply.ok) ui.text.value = '';
    ui.text.focus();
  });

  ui.target.addEventListener('change', showRoom);

  // The shared board: positions are fractions of its size, so screens of any size agree.
  for (const type of ['pointermove', 'pointerdown']) {
    ui.board.addEventListener(type, (event) => {
      const room = ui.target.value;
      if (!room || !socket || !socket.connected) return;
      const box = ui.board.getBoundingClientRect();
      queueCursor({ room, x: unit((event.clientX - box.left) / box.width), y: unit((event.clientY - box.top) / box.height) });
    });
  }

  function connect(name, token) {
    const auth = { user: name };
    if (token) auth.token = token;
    socket = io({ auth });  // same origin: the node serves this page and /socket.io/
    setState('connecting');
    ui.loginError.hidden = true;
    ui.login.hidden = true;
    ui.chat.hidden = false;

    socket.on('connect', () => {
      setState('connected');
      showTransport();
      socket.io.engine.on('upgrade', showTransport);
      // A reconnect is a new socket on maybe another node: join the rooms again (the acks bring the members back).
      for (const room of joined) join(room);
    });
    socket.on('welcome', (data) => {
      me = data;
      ui.identity.textContent = `as ${data.from}`;
      ui.node.textContent = data.node || '?';
      ui.node.hidden = !data.node;
      if (data.node) notice(`connected to node ${data.node}`);
      renderMembers();
    });
    socket.on('message', showMessage);
    socket.on('presence', onPresence);
    socket.on('cursor', onCursor);
    socket.on('disconnect', (reason) => {
      setState(socket && socket.active ? 'connecting' : 'disconnected');
      notice(`disconnected: ${reason}`);
      clearCursors();
    });
    const current = socket;
    current.on('connect_error', (err) => {
      const reason = err.data && err.data.reason ? ` (${err.data.reason})` : '';
      setState(current.active ? 'connecting' : 'disconnected');
      notice(`connection failed: ${err.message}${reason}`, 'error');
      if (!current.active) { // refused by the server (e.g. unauthorized): no automatic retry, back to the form
        socket = null;
        ui.chat.hidden = true;
        ui.login.hidden = false;
        ui.loginError.textContent = `Refused: ${err.message}${reason}`;
        ui.loginError.hidden = false;
      }
    });
    socket.io.on('reconnect_attempt', (attempt) => {
      setState('connecting');
      ui.transport.textContent = `retry ${attempt}`;
    });
  }

  async function request(event, payload) {
    try {
      const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
      if (reply && reply.error) notice(`${reply.error.code}: ${reply.error.message}`, 'error');
      return reply;
    } catch (err) {
      notice(`${event}: no answer from the server`, 'error');
      return null;
    }
  }

  /** Joins; the ack's members (cluster-wide, when the server reports them) become the room's list. */
  async function join(room) {
    const reply = await request('join', room);
    if (!reply || !reply.ok) return null;
    joined.add(room);
    sizes.set(room, reply.size);
    const list = new Map();
    for (const member of Array.isArray(reply.members) ? reply.members : []) list.set(member.id, member);
    members.set(room, list);
    renderRooms(room);
    return reply;
  }

  async function leave(room) {
    const reply = await request('leave', room);
    if (reply && (reply.ok || (reply.error && reply.error.code === 'not_joined'))) {
      joined.delete(room);
      members.delete(room);
      sizes.delete(room);
      renderRooms();
      notice(`left ${room}`);
    }
  }

  /** Another member joined or left one of our rooms (anywhere in the cluster). */
  function onPresence({ room, type, member, size } = {}) {
    if (!joined.has(room) || !member || (type !== 'joined' && type !== 'left')) return;
    const list = members.get(room);
    if (type === 'joined') list.set(member.id, member);
    else list.delete(member.id);
    if (typeof size === 'number') sizes.set(room, size);
    const where = member.node ? ` on ${member.node}` : '';
    notice(`${member.user} ${type} ${room}${where} · ${sizes.get(room)} here`, `notice presence ${type}`);
    if (room === ui.target.value) {
      if (type === 'left') removeCursor(member.id);
      renderMembers();
    }
  }

  function onCursor({ room, id, user, x, y } = {}) {
    if (room !== ui.target.value || (me && id === me.id)) return;
    const list = members.get(room);
    if (list && !list.has(id)) { // a server that reports no members: learn them from their cursors
      list.set(id, { id, user });
      renderMembers();
    }
    showCursor(id, user, x, y);
  }

  function queueCursor(point) {
    pendingCursor = point;
    if (!cursorTimer) sendCursor();
  }

  /** Sends the latest position, then waits CURSOR_INTERVAL_MS before the next: moves in between only replace it. */
  function sendCursor() {
    cursorTimer = null;
    if (!pendingCursor || !socket) return;
    socket.volatile.emit('cursor', pendingCursor); // a late cursor is worth nothing: drop it rather than queue it
    pendingCursor = null;
    cursorTimer = setTimeout(sendCursor, CURSOR_INTERVAL_MS);
  }

  function showCursor(id, user, x, y) {
    let cursor = cursors.get(id);
    if (!cursor) {
      const element = document.createElement('div');
      element.className = 'cursor';
      element.dataset.id = id;
      element.style.setProperty('--color', colorOf(id));
      element.innerHTML = '<svg viewBox="0 0 16 20" width="16" height="20" aria-hidden="true">'
        + '<path d="M1 1 L1 16 L5 12 L8 19 L11 18 L8 11 L14 11 Z"/></svg>';
      const label = document.createElement('span');
      label.className = 'label';
      element.append(label);
      ui.board.append(element);
      cursor = { element, label, idleTimer: null };
      cursors.set(id, cursor);
    }
    cursor.label.textContent = user;
    cursor.element.dataset.user = user;
    cursor.element.dataset.x = x;
    cursor.element.dataset.y = y;
    cursor.element.style.left = `${x * 100}%`;
    cursor.element.style.top = `${y * 100}%`;
    cursor.element.classList.remove('idle');
    clearTimeout(cursor.idleTimer);
    cursor.idleTimer = setTimeout(() => cursor.element.classList.add('idle'), CURSOR_IDLE_MS);
  }

  function removeCursor(id) {
    const cursor = cursors.get(id);
    if (!cursor) return;
    clearTimeout(cursor.idleTimer);
    cursor.element.remove();
    cursors.delete(id);
  }

  function clearCursors() {
    for (const id of [...cursors.keys()]) removeCursor(id);
  }

  /** The board and the member list follow the room selected to send to. */
  function showRoom() {
    clearCursors();
    const room = ui.target.value;
    ui.boardRoom.textContent = room ? `· ${room}` : '';
    ui.boardHint.hidden = Boolean(room);
    ui.board.classList.toggle('active', Boolean(room));
    renderMembers();
  }

  function renderMembers() {
    const room = ui.target.value;
    ui.members.replaceChildren();
    if (!room || !members.has(room)) {
      ui.memberCount.textContent = '';
      return;
    }
    const list = new Map(members.get(room));
    if (me && !list.has(me.id)) list.set(me.id, { id: me.id, user: me.from, node: me.node });
    const sorted = [...list.values()].sort((a, b) => (a.id === (me && me.id) ? -1 : b.id === (me && me.id) ? 1
      : String(a.user).localeCompare(String(b.user))));
    for (const member of sorted) {
      const item = document.createElement('li');
      item.dataset.id = member.id;
      item.dataset.user = member.user;
      if (member.node) item.dataset.node = member.node;
      const dot = document.createElement('span');
      dot.className = 'dot';
      dot.style.background = colorOf(member.id);
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = member.user;
      item.append(dot, who);
      if (me && member.id === me.id) {
        const you = document.createElement('span');
        you.className = 'you';
        you.textContent = 'you';
        item.append(you);
      }
      if (member.node) {
        const node = document.createElement('span');
        node.className = `node-tag${me && member.node === me.node ? ' same' : ''}`;
        node.textContent = member.node;
        node.title = me && member.node === me.node ? 'on your node' : 'on another node';
        item.append(node);
      }
      ui.members.append(item);
    }
    const size = Math.max(sizes.get(room) || 0, list.size);
    ui.memberCount.textContent = `· ${room} · ${size}`;
  }

  function renderRooms(select) {
    const previous = ui.target.value;
    const current = select || previous;
    ui.rooms.replaceChildren();
    ui.target.replaceChildren();
    for (const room of joined) {
      const chip = document.createElement('li');
      chip.textContent = room;
      const leaveButton = document.createElement('button');
      leaveButton.type = 'button';
      leaveButton.title = `Leave ${room}`;
      leaveButton.setAttribute('aria-label', `Leave ${room}`);
      leaveButton.textContent = '×';
      leaveButton.addEventListener('click', () => leave(room));
      chip.append(leaveButton);
      ui.rooms.append(chip);

      const option = document.createElement('option');
      option.value = room;
      option.textContent = room;
      ui.target.append(option);
    }
    if (joined.has(current)) ui.target.value = current;
    const canSend = joined.size > 0;
    ui.text.disabled = !canSend;
    ui.sendButton.disabled = !canSend;
    ui.text.placeholder = canSend ? 'Write a message' : 'Join a room first';
    if (ui.target.value !== previous) showRoom();
    else renderMembers();
  }

  function showMessage(msg) {
    const item = document.createElement('li');
    if (msg.from === (me && me.from)) item.classList.add('mine');
    const meta = document.createElement('span');
    meta.className = 'meta';
    const from = document.createElement('span');
    from.className = 'from';
    from.textContent = msg.from;
    meta.append(from, ` in ${msg.room} · ${new Date(msg.ts).toLocaleTimeString()}`);
    const text = document.createElement('span');
    text.textContent = msg.text;
    item.append(meta, text);
    append(item);
  }

  function notice(text, kind = 'notice') {
    const item = document.createElement('li');
    item.className = kind;
    item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
    append(item);
  }

  function append(item) {
    const atBottom = ui.messages.scrollHeight - ui.messages.scrollTop - ui.messages.clientHeight < 40;
    ui.messages.append(item);
    if (atBottom) ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  function setState(state) {
    ui.state.textContent = state;
    ui.state.className = `state ${state}`;
    if (state !== 'connected') ui.transport.textContent = '';
  }

  function showTransport() {
    if (socket && socket.io.engine) ui.transport.textContent = `via ${socket.io.engine.transport.name}`;
  }

  /** Clamped to 0..1 and rounded to 4 decimals (a tenth of a pixel on a 1000-pixel board). */
  function unit(value) {
    return Math.round(Math.min(1, Math.max(0, value)) * 10000) / 10000;
  }

  /**
   * A colour per socket id, the same for its cursor and its dot in the member list: the palette in the order this
   * page meets them, so the first eight people in view never share one.
   */
  function colorOf(id) {
    if (!colors.has(id)) colors.set(id, PALETTE[colors.size % PALETTE.length]);
    return colors.get(id);
  }

  renderRooms();
  showRoom();
})();
