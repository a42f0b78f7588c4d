// Shared helpers for the browser tests: one headless Chromium, contexts with
// JavaScript on or off, and the forms a reader fills in.
const { chromium } = require('playwright-core');

const BASE = process.env.BASE_URL;
const SLUG = 'zeven-redenen-voor-nee';
const PASSWORD = 'paars-fietsje-onder-de-maan';
// The server refuses forms sent within REACTIES_MIN_FILL_SECS (1 s in these tests).
const FILL_PAUSE_MS = 1100;

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync',
    ],
  });
}

async function open(browser, { js = true, scheme = 'light', width = 1280, height = 900, bypassCSP = false } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled: js,
    colorScheme: scheme,
    viewport: { width, height },
    bypassCSP,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(BASE)) problems.push('foreign request: ' + r.url()); });
  return { context, page, problems };
}

const pause = (ms = FILL_PAUSE_MS) => new Promise((r) => setTimeout(r, ms));

async function register(page, name) {
  await page.goto(`${BASE}/registreren`);
  await page.fill('#registreren-naam', name);
  await page.fill('#registreren-wachtwoord', PASSWORD);
  await pause();
  await Promise.all([page.waitForNavigation(), page.click('form[action="/registreren"] button[type=submit]')]);
}

async function login(page, name, password = PASSWORD) {
  await page.goto(`${BASE}/inloggen`);
  await page.fill('#inloggen-naam', name);
  await page.fill('#inloggen-wachtwoord', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/inloggen"] button[type=submit]')]);
}

async function logout(page) {
  await Promise.all([page.waitForNavigation(), page.click('header.site form[action="/uitloggen"] button')]);
}

/** Types a reaction into the main form of the article and posts it. */
async function post(page, text) {
  await page.goto(`${BASE}/${SLUG}`);
  await page.fill('#reageer-tekst', text);
  await pause();
  await Promise.all([page.waitForNavigation(), page.click('form#reageer button[type=submit]:not([name])')]);
}

module.exports = { BASE, SLUG, PASSWORD, launch, open, pause, register, login, logout, post };
