// The demo page through the load balancer, as people use it: Ada and Grace at desktop size on two different nodes,
// Linus on a phone (390x844, touch) on Ada's node. All three join one room; each page names the node it is on and
// lists all three with their nodes; the pages already there announce each join; a message from Ada reaches the
// others; cursors moved on the shared board (mouse, and a finger on the phone) appear on the other screens; when
// Linus leaves, the others announce it, drop his cursor and list two. Any console error, page error or failed HTTP response fails the run. Driven by
// DemoPageBrowserTests; uses the machine's Chromium through playwright-core: nothing downloads a browser.
//
// Landing is deterministic: Ada's first request goes wherever HAProxy's round robin sends it and gets the sticky
// cookie; Grace's and Linus's contexts carry a cookie before their first request (as returning browsers would),
// naming the other node for Grace and Ada's node for Linus.
//
// Env: ROOMCAST_URL (the load balancer), SERVERS (comma-separated server names = cookie values = NODE_IDs),
// SERVER_COOKIE, SERVED_BY_HEADER, SCREENSHOT_DIR, CHROMIUM (executable path). Prints one JSON line with what it saw.
'use strict';

const path = require('node:path');
const { chromium } = require('playwright-core');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const url = env('ROOMCAST_URL');
const servers = env('SERVERS').split(',');
const cookieName = env('SERVER_COOKIE');
const servedByHeader = env('SERVED_BY_HEADER').toLowerCase();
const screenshotDir = env('SCREENSHOT_DIR');
const room = 'demo-board';
const text = `hello across nodes ${Date.now()}`;
const TIMEOUT_MS = 15000;
const DESKTOP = { viewport: { width: 1180, height: 820 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const problems = []; // console errors, page errors, HTTP errors: each fails the run
let watching = true; // off while the browser closes (closing aborts requests; that is no fault of the page)

async function openUser(browser, name, device, pinnedServer) {
  const context = await browser.newContext(device);
  if (pinnedServer) await context.addCookies([{ name: cookieName, value: pinnedServer, url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const servedBy = new Set();
  page.on('console', (message) => {
    if (watching && message.type() === 'error') problems.push(`${name} console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => watching && problems.push(`${name} page error: ${error.message}`));
  page.on('response', (response) => {
    if (!watching) return;
    if (response.status() >= 400) problems.push(`${name}: HTTP ${response.status()} for ${response.url()}`);
    if (response.url().includes('/socket.io/')) {
      const server = response.headers()[servedByHeader];
      if (server) servedBy.add(server);
    }
  });
  await page.goto(url);
  const cookie = await serverCookie(context);
  await page.fill('#name', name);
  await page.click('#login button[type=submit]');
  await page.locator('#state', { hasText: /^connected$/ }).waitFor();
  const node = page.locator('#node');
  await node.waitFor();
  await page.fill('#room', room);
  await page.click('#join button[type=submit]');
  await page.locator('#rooms li', { hasText: room }).waitFor();
  const id = await page.evaluate(() => document.querySelector('#members li .you').parentElement.dataset.id);
  return { name, context, page, cookie, servedBy, id, node: await node.innerText() };
}

async function serverCookie(context) {
  const cookie = (await context.cookies()).find((c) => c.name === cookieName);
  return cookie ? cookie.value : null;
}

/** Where a board fraction is on the page, in CSS pixels. */
async function boardPoint(page, x, y) {
  const box = await page.locator('#board').boundingBox();
  return { x: box.x + x * box.width, y: box.y + y * box.height };
}

/** Waits until `viewer` shows `mover`'s cursor near (x, y) on its board; returns what it shows. */
async function awaitCursor(viewer, mover, x, y) {
  const handle = await viewer.page.waitForFunction(({ id, x, y }) => {
    const cursor = document.querySelector(`#board .cursor[data-id="${id}"]`);
    if (!cursor || Math.abs(cursor.dataset.x - x) > 0.02 || Math.abs(cursor.dataset.y - y) > 0.02) return null;
    return { user: cursor.dataset.user, x: Number(cursor.dataset.x), y: Number(cursor.dataset.y) };
  }, { id: mover.id, x, y });
  return { viewer: viewer.name, mover: mover.name, ...(await handle.jsonValue()) };
}

/** Waits until the user's member list shows exactly `names`, each with a node. */
async function awaitMembers(user, names) {
  await user.page.waitForFunction((expected) => {
    const items = [...document.querySelectorAll('#members li')];
    const shown = items.map((li) => li.dataset.user).sort();
    return items.every((li) => li.dataset.node) && JSON.stringify(shown) === JSON.stringify(expected);
  }, [...names].sort());
}

/** Waits for a join or leave notice in the user's messages; returns its text. */
async function awaitNotice(user, type, who) {
  const notice = user.page.locator(`#messages li.presence.${type}`, { hasText: `${who} ${type} ${room}` });
  await notice.waitFor();
  return notice.innerText();
}

/** The member list as the page shows it. */
function membersOf(user) {
  return user.page.$$eval('#members li', (items) => items.map((li) => ({
    id: li.dataset.id, user: li.dataset.user, node: li.dataset.node || null,
  })));
}

/** Elements of the phone page that stick out of its 390-pixel viewport (none may: no sideways scrolling). */
function overflowOf(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((element) => !element.closest('#board')) // the board clips what it holds (cursor labels)
      .filter((element) => element.getClientRects().length > 0 && element.getBoundingClientRect().right > width + 0.5)
      .map((element) => element.id || element.className || element.tagName);
    return { viewport: width, scrollWidth: document.documentElement.scrollWidth, wide };
  });
}

async function favicons(page) {
  const result = {};
  for (const file of ['favicon.svg', 'favicon.ico']) {
    const response = await page.request.get(new URL(file, url).toString());
    result[file] = { status: response.status(), type: response.headers()['content-type'], bytes: (await response.body()).length };
  }
  return result;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: env('CHROMIUM'),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-quic', '--disable-sync'],
  });
  try {
    const ada = await openUser(browser, 'Ada', DESKTOP, null);
    if (!ada.cookie) throw new Error(`HAProxy set no ${cookieName} cookie on Ada's first response`);
    const grace = await openUser(browser, 'Grace', DESKTOP, servers.find((server) => server !== ada.cookie));
    const linus = await openUser(browser, 'Linus', PHONE, ada.cookie);
    const users = [ada, grace, linus];

    // Who is in the room, cluster-wide and live: join notices on the pages already there, member lists with nodes.
    for (const user of users) await awaitMembers(user, ['Ada', 'Grace', 'Linus']);
    const notices = {
      Ada: [await awaitNotice(ada, 'joined', 'Grace'), await awaitNotice(ada, 'joined', 'Linus')],
      Grace: [await awaitNotice(grace, 'joined', 'Linus')],
    };

    await ada.page.fill('#text', text);
    await ada.page.click('#sendButton');
    const seenTexts = {};
    for (const user of users) {
      const seen = user.page.locator('#messages li', { hasText: text });
      await seen.waitFor();
      seenTexts[user.name] = await seen.innerText();
    }

    // The shared board: Ada moves her mouse, Linus taps with a finger, Grace moves hers.
    const cursors = [];
    let point = await boardPoint(ada.page, 0.3, 0.6);
    await ada.page.mouse.move(point.x - 40, point.y - 30);
    await ada.page.mouse.move(point.x, point.y, { steps: 12 });
    cursors.push(await awaitCursor(grace, ada, 0.3, 0.6), await awaitCursor(linus, ada, 0.3, 0.6));
    point = await boardPoint(linus.page, 0.75, 0.25);
    await linus.page.touchscreen.tap(point.x, point.y);
    cursors.push(await awaitCursor(ada, linus, 0.75, 0.25), await awaitCursor(grace, linus, 0.75, 0.25));
    point = await boardPoint(grace.page, 0.55, 0.4);
    await grace.page.mouse.move(point.x + 30, point.y + 30);
    await grace.page.mouse.move(point.x, point.y, { steps: 12 });
    cursors.push(await awaitCursor(ada, grace, 0.55, 0.4), await awaitCursor(linus, grace, 0.55, 0.4));

    const members = {};
    for (const user of users) members[user.name] = await membersOf(user);
    const phone = await overflowOf(linus.page);
    const icons = await favicons(ada.page);

    const screenshots = [];
    for (const [user, file] of [[ada, 'demo-page-ada.png'], [grace, 'demo-page-grace.png'],
      [linus, 'demo-page-phone-linus.png']]) {
      const shot = path.join(screenshotDir, file);
      await user.page.screenshot({ path: shot, fullPage: true });
      screenshots.push(shot);
    }

    // Linus leaves: the others see the notice, his cursor goes and the lists shrink.
    await linus.page.click(`#rooms li button[title="Leave ${room}"]`);
    notices.Ada.push(await awaitNotice(ada, 'left', 'Linus'));
    notices.Grace = [...notices.Grace, await awaitNotice(grace, 'left', 'Linus')];
    for (const user of [ada, grace]) {
      await awaitMembers(user, ['Ada', 'Grace']);
      await user.page.locator(`#board .cursor[data-id="${linus.id}"]`).waitFor({ state: 'detached' });
    }
    const membersAfterLeave = { Ada: await membersOf(ada), Grace: await membersOf(grace) };

    watching = false;
    console.log(JSON.stringify({
      text, seenTexts, cursors, members, membersAfterLeave, notices, phone, favicons: icons, screenshots, problems,
      users: users.map((user) => ({
        name: user.name, id: user.id, cookie: user.cookie, node: user.node, servedBy: [...user.servedBy].sort(),
      })),
    }));
    if (problems.length > 0) {
      console.error(`the page reported problems:\n${problems.join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    watching = false;
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  if (problems.length > 0) console.error(`problems seen before:\n${problems.join('\n')}`);
  process.exit(1);
});
