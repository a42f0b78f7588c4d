// The interface in English: axe-core (WCAG 2.1 A and AA) and the Nu HTML checker
// on the main pages with the reader's choice of English (the `taal` cookie the
// footer's button sets), light and dark; and the button itself, with
// JavaScript on and off.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { BASE, SLUG, launch, open, register, login, post } = require('./lib');

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = require('vnu-jar');

let browser;
const sessions = {};
const english = { name: 'taal', value: 'en', url: BASE };
let own;
before(async () => {
  browser = await launch();
  const reader = await open(browser);
  await register(reader.page, 'english_reader');
  await post(reader.page, 'A reaction in *English* with a [link](https://example.org/).', { reason: 2 });
  own = /wacht=(\d+)/.exec(reader.page.url())[1];
  const mod = await open(browser);
  await login(mod.page, 'Olaf_Rutten', process.env.AUTHOR_PASSWORD);
  for (const [who, s] of [['reader', reader], ['author', mod]]) {
    sessions[who] = (await s.context.cookies()).find((c) => c.name === 'reacties_sessie');
    await s.context.close();
  }
});
after(async () => { await browser.close(); });

const REFUSED = 'refused reaction';
const pages = () => [
  ['anonymous', '/'], ['anonymous', `/${SLUG}`], ['anonymous', '/inloggen'], ['anonymous', '/registreren'],
  ['anonymous', '/privacy'], ['anonymous', '/bestaat-niet'], ['anonymous', `/${SLUG}/redenen/2/reacties`],
  ['reader', `/${SLUG}`], ['reader', '/account'], ['reader', '/voor-jou'], ['reader', '/mijn-reacties'],
  ['reader', `/reacties/${own}/bewerken`], ['reader', `/reacties/${own}/verwijderen`], ['reader', REFUSED],
  ['author', '/moderatie'], ['author', '/moderatie/lezers'], ['author', '/moderatie/instellingen'],
  ['author', '/moderatie/site'], ['author', '/moderatie/logboek'], ['author', '/moderatie/redenen'],
  ['author', `/${SLUG}`],
];

async function pageAs(who, options) {
  const s = await open(browser, options);
  const cookies = [english];
  if (sessions[who]) cookies.push(sessions[who]);
  await s.context.addCookies(cookies);
  return s;
}

test('axe-core finds no WCAG 2.1 A or AA violation on the English pages, light or dark', async () => {
  const found = [];
  for (const scheme of ['light', 'dark']) {
    for (const [who, url] of pages()) {
      const { context, page } = await pageAs(who, { scheme, bypassCSP: true });
      if (url === REFUSED) {
        await page.goto(`${BASE}/${SLUG}`);
        await page.fill('#reageer-tekst', '   ');
        await Promise.all([page.waitForNavigation(), page.click('form#reageer button[type=submit]:not([name])')]);
      } else {
        await page.goto(BASE + url);
      }
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', url);
      await page.evaluate(axeSource);
      const result = await page.evaluate(() => axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }));
      for (const v of result.violations) {
        found.push(`${scheme} ${who} ${url}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      }
      await context.close();
    }
  }
  assert.deepEqual(found, []);
});

test('the Nu HTML checker reports no errors on the English pages', async () => {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'reacties-vnu-en-'));
  const files = [];
  for (const [who, url] of pages()) {
    const { context } = await pageAs(who);
    const response = url === REFUSED
      ? await context.request.post(`${BASE}/${SLUG}/reacties`, { form: { body: '   ' } })
      : await context.request.get(BASE + url);
    const html = await response.text();
    assert.match(html, /<html lang="en">/, url);
    const file = path.join(dir, `${files.length}.html`);
    fs.writeFileSync(file, html);
    files.push([file, `${who} ${url}`]);
    await context.close();
  }
  let report = '';
  try {
    execFileSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'text', ...files.map((f) => f[0])], { stdio: 'pipe' });
  } catch (e) {
    report = String(e.stderr) + String(e.stdout);
    for (const [file, name] of files) report = report.split(file).join(name);
  }
  assert.equal(report, '');
});

for (const js of [true, false]) {
  test(`the footer's button switches the language and returns to the page (JavaScript ${js ? 'on' : 'off'})`, async () => {
    const { context, page } = await open(browser, { js });
    await page.goto(`${BASE}/privacy`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
    assert.equal((await context.cookies()).length, 0, 'no cookie before choosing');
    await Promise.all([page.waitForNavigation(), page.click('footer form.taal button')]);
    assert.equal(new URL(page.url()).pathname, '/privacy');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.match(await page.locator('h2').first().textContent(), /If you only read/);
    await Promise.all([page.waitForNavigation(), page.click('footer form.taal button')]);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
    await context.close();
  });
}

test('live updates reach an English page in English: the announcement, the reaction and the counter', async () => {
  const { context, page } = await open(browser);
  await context.addCookies([english]);
  await page.goto(`${BASE}/${SLUG}?pagina=laatste`);
  await page.waitForSelector('#live-balk[data-verbonden]', { state: 'attached' });
  await page.click('#reageer-tekst');
  await page.keyboard.type('Typing');
  assert.match(await page.locator('#reageer-tekst-teller').textContent(), /characters left$/);

  const author = await open(browser);
  await login(author.page, 'Olaf_Rutten', process.env.AUTHOR_PASSWORD);
  const text = `Live in English ${Date.now()}`;
  await post(author.page, text);
  await author.context.close();

  const button = page.locator('#live-balk button');
  await button.waitFor({ timeout: 5000 });
  assert.equal(await button.textContent(), '1 new reaction — show');
  await button.click();
  const shown = page.locator('#reacties li[id^="reactie-"] > article.reactie', { hasText: text });
  await shown.waitFor({ timeout: 2000 });
  assert.equal(await shown.locator('.badge').textContent(), 'author');
  assert.match(await shown.locator('time').textContent(), /just now|minute/);
  await context.close();
});
