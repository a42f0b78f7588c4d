// Shared helpers for the browser tests: one headless Chromium, contexts with
// JavaScript on or off, and the forms a reader fills in.
const { before, after } = require('node:test');
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
  // A name taken by another test file would leave this page logged out and fail
  // far from the cause; say it here.
  const refused = await page.locator('#registreren-fout').count();
  if (refused) throw new Error(`registering ${name} was refused: ${await page.textContent('#registreren-fout')}`);
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
async function post(page, text, { reason } = {}) {
  await page.goto(`${BASE}/${SLUG}`);
  await page.fill('#reageer-tekst', text);
  if (reason) await page.selectOption('#reageer-reden', String(reason));
  await pause();
  await Promise.all([page.waitForNavigation(), page.click('form#reageer button[type=submit]:not([name])')]);
}


/** Logs in as the author once and returns a function that opens contexts with that session. */
async function authorSessions(browser) {
  const s = await open(browser);
  await login(s.page, 'Olaf_Rutten', process.env.AUTHOR_PASSWORD);
  const cookie = (await s.context.cookies()).find((c) => c.name === 'reacties_sessie');
  await s.context.close();
  return async (options) => {
    const o = await open(browser, options);
    await o.context.addCookies([cookie]);
    return o;
  };
}

/**
 * Posts a reaction over HTTP with the context's cookies (for setting the scene
 * quickly); returns the new reaction's id. The form's signed time must be old
 * enough, hence the pause.
 */
async function postVia(context, body, parent) {
  const html = await (await context.request.get(`${BASE}/${SLUG}`)).text();
  const token = /name="formulier_tijd" value="([^"]+)"/.exec(html)[1];
  await pause();
  const form = { formulier_tijd: token, website: '', body };
  if (parent) form.parent_id = String(parent);
  const response = await context.request.post(`${BASE}/${SLUG}/reacties`, { form, maxRedirects: 0 });
  const location = response.headers().location || '';
  const id = /(?:geplaatst|wacht)=(\d+)/.exec(location);
  if (!id) throw new Error(`posting "${body}" gave ${response.status()} ${location}`);
  return Number(id[1]);
}

/**
 * Where an element sits in the viewport after a navigation: its top must be on
 * screen (not above the top edge, not below the fold) and, if it fits, all of it.
 */
async function assertInView(page, selector, what = selector) {
  const box = await page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: r.height, view: window.innerHeight, scroll: window.scrollY };
  });
  const fits = box.height <= box.view;
  if (box.top < 0 || box.top >= box.view || (fits && box.bottom > box.view + 1)) {
    throw new Error(`${what} is not in view: top ${Math.round(box.top)}, bottom ${Math.round(box.bottom)}, viewport ${box.view}, scrolled ${Math.round(box.scroll)}`);
  }
  return box;
}

/** Waits until the page stopped scrolling (fragment navigation and focus scroll). */
async function settled(page) {
  // Polled from here: with JavaScript off the page runs no timers or frames of its own.
  let last = -1;
  for (let i = 0; i < 40; i++) {
    const y = await page.evaluate(() => window.scrollY);
    if (y === last) return;
    last = y;
    await pause(40);
  }
}

/** Clicks and waits for the navigation it starts. */
async function go(page, locator) {
  await Promise.all([page.waitForNavigation(), (typeof locator === 'string' ? page.locator(locator) : locator).click()]);
  await settled(page);
}

/**
 * Answers "yes" to a deletion's question: without script on the confirmation
 * page, with script in the dialog (the link's page stays put until then).
 */
async function confirmed(page, js, link, yes) {
  if (js) {
    await link.click();
    await page.locator('dialog[open]').waitFor();
    await go(page, page.locator('dialog[open] button', { hasText: yes }));
  } else {
    await go(page, link);
    const question = await page.textContent('main h1');
    if (question !== 'Reactie verwijderen?') throw new Error(`no confirmation page but "${question}"`);
    await go(page, page.locator('main button', { hasText: yes }));
  }
}

/** Hooks for a test file: one browser, contexts with the author's session, then `setup(s)`. */
function suite(setup) {
  const s = {};
  // One hook, so the file's own setting up runs after the browser is there.
  before(async () => {
    s.browser = await launch();
    s.asAuthor = await authorSessions(s.browser);
    if (setup) await setup(s);
  });
  after(async () => {
    // A file's own tidying up (s.cleanup) still has the browser.
    if (s.cleanup) await s.cleanup();
    await s.browser.close();
  });
  return s;
}

/** The element that has the focus, described by its id or tag. */
const focused = (page) => page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));

module.exports = {
  BASE, SLUG, PASSWORD, launch, open, pause, register, login, logout, post,
  authorSessions, postVia, assertInView, settled, go, focused, confirmed, suite,
};
