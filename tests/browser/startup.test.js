// Issue #11, first start and the command line: a server of its own on a fresh
// database (no author yet, a loopback public address, rate limits on), so the
// start-up lines, the refusal of the author's names before the author exists,
// the 429 page that keeps the text, and the CLI's Dutch can be seen.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { spawn, spawnSync } = require('node:child_process');
const { PASSWORD, launch, open, pause, go } = require('./lib');

const BIN = process.env.REACTIES_BIN || path.join(__dirname, '..', '..', 'target', 'debug', 'reacties');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reacties-start-'));
const env = {
  ...process.env,
  REACTIES_DATABASE: path.join(dir, 'reacties.db'),
  REACTIES_RATE_LIMITS: 'on',
  REACTIES_POSTS_PER_HOUR: '1',
  REACTIES_MIN_FILL_SECS: '1',
  RUST_LOG: 'info',
  NO_COLOR: '1',
  // A locale that names no language: the CLI and the start-up lines follow
  // the site's (Dutch), whatever the machine running the tests uses.
  LANG: 'C',
};
delete env.REACTIES_PUBLIC_URL;
delete env.LC_ALL;
delete env.LC_MESSAGES;

let browser;
let server;
let log = '';
let base;

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

before(async () => {
  browser = await launch();
  const port = await freePort();
  // Reachable from elsewhere, while the public address (not set) is this machine.
  env.REACTIES_BIND = `0.0.0.0:${port}`;
  base = `http://127.0.0.1:${port}`;
  server = spawn(BIN, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => { log += d; });
  server.stderr.on('data', (d) => { log += d; });
  for (let i = 0; i < 500; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
    await pause(20);
  }
});
after(async () => {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cli = (args, input) => spawnSync(BIN, args, { env, input, encoding: 'utf8' });

test('at start-up the server says how to become the author and warns about a loopback public address', async () => {
  // The log is written by a thread of its own: give it a moment.
  for (let i = 0; i < 100 && !/nog geen auteursaccount/.test(log); i++) await pause(20);
  const plain = log.replace(/\x1b\[[0-9;]*m/g, '');
  assert.match(plain, /Er is nog geen auteursaccount\. Maak het aan op deze machine met: reacties author create <gebruikersnaam>/);
  assert.match(plain, /reacties author promote <gebruikersnaam>/);
  assert.match(plain, /Let op: het openbare adres is http:\/\/127\.0\.0\.1:3000 maar de server luistert op 0\.0\.0\.0:/);
  assert.equal(plain.match(/nog geen auteursaccount/g).length, 1, 'one line');
});

test('before the author exists, nobody registers the articles\' author name or a look-alike, with and without JavaScript', async () => {
  for (const js of [true, false]) {
    const { context, page, problems } = await open(browser, { js });
    for (const [login, shown] of [['Olaf_Rutten', ''], ['olaf.rutten', ''], ['OIaf-Rutten', ''], [`iemand-${js ? 'a' : 'b'}`, 'Olaf Rutten']]) {
      await page.goto(`${base}/registreren`);
      await page.fill('#registreren-naam', login);
      await page.fill('#registreren-weergavenaam', shown);
      await page.fill('#registreren-wachtwoord', PASSWORD);
      await pause();
      await go(page, 'form[action="/registreren"] button[type=submit]');
      assert.equal(new URL(page.url()).pathname, '/registreren', `${login} / ${shown}`);
      assert.match(await page.textContent('#registreren-fout'), /./);
    }
    assert.deepEqual(problems.filter((p) => !p.includes(base)), []);
    await context.close();
  }
});

test('a refusal for posting too often keeps the text and says how many minutes, with and without JavaScript', async () => {
  for (const js of [true, false]) {
    const { context, page } = await open(browser, { js });
    const name = `haastig-${js ? 'a' : 'b'}`;
    await page.goto(`${base}/registreren`);
    await page.fill('#registreren-naam', name);
    await page.fill('#registreren-wachtwoord', PASSWORD);
    await pause();
    await go(page, 'form[action="/registreren"] button[type=submit]');
    for (const text of ['De eerste mag.', `De tweede is er een te veel (${name}).`]) {
      await page.goto(`${base}/zeven-redenen-voor-nee`);
      await page.fill('#reageer-tekst', text);
      await pause();
      await go(page, 'form#reageer button[type=submit]:not([name])');
    }
    assert.match(await page.textContent('main'), /Probeer het over \d+ minuten? opnieuw/);
    assert.equal((await page.locator('textarea').first().inputValue()).trim(), `De tweede is er een te veel (${name}).`);
    await context.close();
  }
});

test('the command line speaks Dutch, without "Error:" or a backtrace', async () => {
  const help = cli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Reacties: een blog/);
  assert.match(help.stdout, /Gebruik:/);
  const wrong = cli(['--bogus']);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /^Fout: onbekende optie '--bogus'/);
  assert.ok(!/Error:|backtrace|panicked/.test(wrong.stderr), wrong.stderr);

  const created = cli(['author', 'create', 'Olaf_Rutten'], 'een-lang-auteurswachtwoord\n');
  assert.equal(created.status, 0, created.stderr);
  const again = cli(['author', 'create', 'Tweede_Auteur'], 'een-lang-auteurswachtwoord\n');
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /--additional/);
  assert.ok(!/Error:/.test(again.stderr), again.stderr);

  // One reader with one session: "1 sessie", not "1 sessies".
  const { context, page } = await open(browser, { js: false });
  await page.goto(`${base}/registreren`);
  await page.fill('#registreren-naam', 'een-sessie');
  await page.fill('#registreren-wachtwoord', PASSWORD);
  await pause();
  await go(page, 'form[action="/registreren"] button[type=submit]');
  await context.close();
  const reset = cli(['author', 'reset-password', 'een-sessie'], 'een-nieuw-lang-wachtwoord\n');
  assert.equal(reset.status, 0, reset.stderr);
  assert.match(reset.stdout + reset.stderr, /1 sessie beëindigd/);
});
