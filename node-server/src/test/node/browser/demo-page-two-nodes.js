// Opens the demo page through the load balancer in two browser contexts that land on different nodes, joins one
// room in both, sends a message from the first and waits for it in the second. Driven by DemoPageBrowserTests.
// Uses the machine's Chromium through playwright-core: nothing downloads a browser.
//
// Env: ROOMCAST_URL (the load balancer), SERVERS (comma-separated server names = cookie values), SERVER_COOKIE,
// SERVED_BY_HEADER, SCREENSHOT_DIR, CHROMIUM (executable path). Prints one JSON line with what it saw.
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
const room = 'observability-browser';
const text = `hello across nodes ${Date.now()}`;
const TIMEOUT_MS = 20000;

async function openUser(browser, name, avoidServer) {
  const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const servedBy = new Set();
  page.on('response', (response) => {
    if (response.url().includes('/socket.io/')) {
      const server = response.headers()[servedByHeader];
      if (server) servedBy.add(server);
    }
  });
  await page.goto(url);
  let cookie = await serverCookie(context);
  if (cookie === avoidServer) {
    // Round-robin sent both contexts to one node: pin this one to the other node, as a returning browser would be.
    cookie = servers.find((server) => server !== avoidServer);
    await context.clearCookies();
    await context.addCookies([{ name: cookieName, value: cookie, url }]);
    await page.reload();
  }
  await page.fill('#name', name);
  await page.click('#login button[type=submit]');
  await page.locator('#state', { hasText: /^connected$/ }).waitFor();
  await page.fill('#room', room);
  await page.click('#join button[type=submit]');
  await page.locator('#rooms li', { hasText: room }).waitFor();
  return { name, context, page, cookie, servedBy };
}

async function serverCookie(context) {
  const cookie = (await context.cookies()).find((c) => c.name === cookieName);
  return cookie ? cookie.value : null;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: env('CHROMIUM'),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-quic', '--disable-sync'],
  });
  try {
    const sender = await openUser(browser, 'Ada', null);
    const receiver = await openUser(browser, 'Grace', sender.cookie);

    await sender.page.fill('#text', text);
    await sender.page.click('#sendButton');
    const seen = receiver.page.locator('#messages li', { hasText: text });
    await seen.waitFor();
    const seenText = await seen.innerText();
    await sender.page.locator('#messages li', { hasText: text }).waitFor();

    const receiverShot = path.join(screenshotDir, 'demo-page-receiver.png');
    const senderShot = path.join(screenshotDir, 'demo-page-sender.png');
    await receiver.page.screenshot({ path: receiverShot, fullPage: true });
    await sender.page.screenshot({ path: senderShot, fullPage: true });

    console.log(JSON.stringify({
      text,
      seenText,
      screenshots: [receiverShot, senderShot],
      users: [sender, receiver].map((user) => ({
        name: user.name, cookie: user.cookie, servedBy: [...user.servedBy].sort(),
      })),
    }));
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
