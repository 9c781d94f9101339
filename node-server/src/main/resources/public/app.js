// Roomcast demo chat: speaks the app contract of namespace "/" (welcome, join, leave, message) through the
// official socket.io-client. All user text goes through textContent, never innerHTML.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const ui = {
    state: $('state'), transport: $('transport'), identity: $('identity'),
    login: $('login'), name: $('name'), token: $('token'), loginError: $('loginError'),
    chat: $('chat'), join: $('join'), room: $('room'), rooms: $('rooms'), disconnect: $('disconnect'),
    messages: $('messages'), send: $('send'), target: $('target'), text: $('text'), sendButton: $('sendButton'),
  };
  const ACK_TIMEOUT_MS = 5000;

  let socket = null;
  let me = null;                 // "from" the server computed for us (welcome)
  const joined = new Set();      // rooms we asked for; re-joined after a reconnect (rooms belong to the old socket)

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
    joined.clear();
    renderRooms();
    ui.chat.hidden = true;
    ui.login.hidden = false;
    setState('disconnected');
  });

  ui.join.addEventListener('submit', async (event) => {
    event.preventDefault();
    const room = ui.room.value.trim();
    if (!room || !socket) return;
    const reply = await request('join', room);
    if (reply && reply.ok) {
      joined.add(room);
      renderRooms(room);
      notice(`joined ${room} (${reply.size} here)`);
    }
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
      // A reconnect is a new socket on maybe another node: join the rooms again.
      for (const room of joined) socket.emit('join', room);
    });
    socket.on('welcome', (data) => {
      me = data.from;
      ui.identity.textContent = `as ${data.from}`;
    });
    socket.on('message', showMessage);
    socket.on('disconnect', (reason) => {
      setState(socket && socket.active ? 'connecting' : 'disconnected');
      notice(`disconnected: ${reason}`);
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

  async function leave(room) {
    const reply = await request('leave', room);
    if (reply && (reply.ok || (reply.error && reply.error.code === 'not_joined'))) {
      joined.delete(room);
      renderRooms();
      notice(`left ${room}`);
    }
  }

  function renderRooms(select) {
    const current = select || ui.target.value;
    ui.rooms.replaceChildren();
    ui.target.replaceChildren();
    for (const room of joined) {
      const chip = document.createElement('li');
      chip.textContent = room;
      const leaveButton = document.createElement('button');
      leaveButton.type = 'button';
      leaveButton.title = `Leave ${room}`;
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
  }

  function showMessage(msg) {
    const item = document.createElement('li');
    if (msg.from === me) item.classList.add('mine');
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

  renderRooms();
})();
