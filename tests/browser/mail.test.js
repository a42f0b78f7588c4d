// Issue #16, optional e-mail in the browser: a server of its own that sends
// mail to a test SMTP server on loopback (smtp.js). A reader adds an address
// and confirms it with the link from the mail, and a reader who forgot the
// password gets a new one through "Wachtwoord vergeten?", with JavaScript on
// and off; axe-core checks the new pages.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { spawn } = require('node:child_process');
const { PASSWORD, launch, open, pause, go } = require('./lib');
const { execFileSync } = require('node:child_process');
const vnuJar = require('vnu-jar');
const { startSmtp, linkIn, partOf } = require('./smtp');

const BIN = process.env.REACTIES_BIN || path.join(__dirname, '..', '..', 'target', 'debug', 'reacties');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reacties-mail-'));

let browser;
let server;
let smtp;
let base;
// Pages and mails for the Nu HTML checker at the end: [name, html].
const checked = [];

/** Keeps the page as the server sent it (a GET again, with the same cookies). */
async function keep(page, name) {
  const response = await page.context().request.get(page.url());
  checked.push([name, await response.text()]);
}

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

before(async () => {
  browser = await launch();
  smtp = await startSmtp();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    REACTIES_DATABASE: path.join(dir, 'reacties.db'),
    REACTIES_BIND: `127.0.0.1:${port}`,
    REACTIES_PUBLIC_URL: base,
    REACTIES_SMTP_URL: smtp.url,
    REACTIES_MAIL_FROM: 'reacties@blog.example.nl',
    REACTIES_RATE_LIMITS: 'off',
    REACTIES_MIN_FILL_SECS: '1',
    RUST_LOG: 'warn',
  };
  server = spawn(BIN, [], { env, stdio: 'ignore' });
  for (let i = 0; i < 500; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
    await pause(20);
  }
});
after(async () => {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await smtp.close();
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function registerHere(page, name) {
  await page.goto(`${base}/registreren`);
  await page.fill('#registreren-naam', name);
  await page.fill('#registreren-wachtwoord', PASSWORD);
  await pause();
  await go(page, 'form[action="/registreren"] button[type=submit]');
  assert.equal(await page.locator('#registreren-fout').count(), 0, `registering ${name}`);
}

async function axe(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help}`), [], what);
}

/** Adds `address` on the account page and confirms it with the mail's link. */
async function addAndConfirm(page, address) {
  await page.goto(`${base}/account`);
  await page.fill('#e-mailadres', address);
  await go(page, 'form[action="/account/e-mail"] button[type=submit]');
  assert.match(await page.textContent('.melding'), /We hebben je een mail gestuurd/);
  assert.match(await page.textContent('main'), new RegExp(`Wacht op bevestiging: ${address}`));
  const [mail] = await smtp.waitFor(address, 1);
  checked.push(['the confirmation mail', partOf(mail.raw, 'text/html')]);
  assert.match(mail.text, /Bevestig het met de link hieronder/);
  await page.goto(linkIn(mail, '/e-mail/bevestigen'));
  await go(page, 'main button[type=submit]');
  assert.equal(await page.textContent('h1'), 'E-mailadres bevestigd');
}

for (const js of [true, false]) {
  const tag = js ? 'js' : 'nojs';

  test(`a reader adds an address, confirms it from the mail and chooses reply mail (JavaScript ${js ? 'on' : 'off'})`, async () => {
    const { context, page } = await open(browser, { js });
    const address = `lezer-${tag}@example.nl`;
    await registerHere(page, `mail_lezer_${tag}`);
    await page.goto(`${base}/account`);
    assert.equal(await page.locator('#mail-antwoorden').count(), 0, 'no choices before confirming');
    // A mistyped address: a Dutch message at the field, the text kept.
    // (The browser accepts it as an address; the server wants a domain with a dot.)
    await page.fill('#e-mailadres', 'lezer@localhost');
    await go(page, 'form[action="/account/e-mail"] button[type=submit]');
    assert.match(await page.textContent('#e-mail-fout'), /Dit lijkt geen e-mailadres/);
    assert.equal(await page.inputValue('#e-mailadres'), 'lezer@localhost');
    await addAndConfirm(page, address);
    await page.goto(`${base}/account`);
    assert.match(await page.textContent('main'), new RegExp(`Je bevestigde e-mailadres: ${address}`));
    await page.check('#mail-antwoorden');
    await go(page, 'form[action="/account/e-mail/keuzes"] button[type=submit]');
    assert.match(await page.textContent('.melding'), /Je keuzes voor mail zijn opgeslagen/);
    assert.equal(await page.isChecked('#mail-antwoorden'), true);
    if (js) await axe(page, 'the account page with an address');
    await keep(page, `account page (${tag})`);
    await context.close();
  });

  test(`a reader who forgot the password gets a link by mail and chooses a new one (JavaScript ${js ? 'on' : 'off'})`, async () => {
    const { context, page } = await open(browser, { js });
    const name = `vergeetal_${tag}`;
    const address = `vergeet-${tag}@example.nl`;
    await registerHere(page, name);
    await addAndConfirm(page, address);
    await context.close();

    const { context: other, page: anon } = await open(browser, { js });
    await anon.goto(`${base}/inloggen`);
    await go(anon, anon.locator('a', { hasText: 'Wachtwoord vergeten?' }));
    assert.equal(new URL(anon.url()).pathname, '/wachtwoord-vergeten');
    if (js) await axe(anon, 'the forgotten-password page');
    await keep(anon, `forgotten password (${tag})`);
    await anon.fill('#vergeten-adres', address);
    await go(anon, 'form[action="/wachtwoord-vergeten"] button[type=submit]');
    const answer = await anon.textContent('.melding');
    assert.match(answer, /Als er een account is met dit bevestigde e-mailadres/);
    const mails = await smtp.waitFor(address, 2);
    const link = linkIn(mails[1], '/wachtwoord-herstellen');
    await anon.goto(link);
    if (js) await axe(anon, 'the new-password page');
    await keep(anon, `new password (${tag})`);
    checked.push(['the reset mail', partOf(mails[1].raw, 'text/html')]);
    const fresh = 'een-gloednieuw-wachtwoord-voor-mij';
    await anon.fill('#nieuw-wachtwoord', fresh);
    await go(anon, 'form[action="/wachtwoord-herstellen"] button[type=submit]');
    assert.equal(await anon.textContent('h1'), 'Wachtwoord gewijzigd');
    // Used once: the same link no longer works.
    await anon.goto(link);
    assert.match(await anon.textContent('main'), /Deze link werkt niet \(meer\)/);
    await anon.goto(`${base}/inloggen`);
    await anon.fill('#inloggen-naam', name);
    await anon.fill('#inloggen-wachtwoord', fresh);
    await go(anon, 'form[action="/inloggen"] button[type=submit]');
    assert.notEqual(new URL(anon.url()).pathname, '/inloggen', 'logged in with the new password');
    // An unknown address gets the same answer and no mail.
    await anon.goto(`${base}/wachtwoord-vergeten`);
    await anon.fill('#vergeten-adres', `niemand-${tag}@example.nl`);
    await go(anon, 'form[action="/wachtwoord-vergeten"] button[type=submit]');
    assert.equal(await anon.textContent('.melding'), answer);
    await pause(1500);
    assert.equal(smtp.mailsTo(`niemand-${tag}@example.nl`).length, 0);
    await other.close();
  });
}

test('the Nu HTML checker reports no errors on the mail pages or in the mails', () => {
  const files = checked.map(([name, html], i) => {
    const file = path.join(dir, `${i}.html`);
    fs.writeFileSync(file, html);
    return [file, name];
  });
  assert.ok(files.length >= 6, 'pages were kept');
  let report = '';
  try {
    execFileSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'text', ...files.map((f) => f[0])], { stdio: 'pipe' });
  } catch (e) {
    report = String(e.stderr) + String(e.stdout);
    for (const [file, name] of files) report = report.split(file).join(name);
  }
  assert.equal(report, '');
});
