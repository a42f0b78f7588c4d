// Accessibility (axe-core, WCAG 2.1 A and AA) and valid HTML (the Nu HTML checker)
// on every kind of page, light and dark; and screenshots for people to look at.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { BASE, SLUG, launch, open, pause, register, login, post } = require('./lib');

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = require('vnu-jar');
const shots = process.env.SCREENSHOTS || path.join(__dirname, '..', '..', 'target', 'screenshots');

let browser;
const sessions = {};
before(async () => {
  browser = await launch();
  // A reader with reactions (one approved with a reply, one waiting), and the author.
  const reader = await open(browser);
  await register(reader.page, 'toegankelijk');
  await post(reader.page, 'Een reactie met *nadruk* en een [link](https://example.nl/).', { reason: 3 });
  const own = /wacht=(\d+)/.exec(reader.page.url())[1];
  // The pages of one reaction: the writer's edit and delete question, the author's delete question.
  pages.push(['reader', `/reacties/${own}/bewerken`], ['reader', `/reacties/${own}/verwijderen`],
    ['author', `/moderatie/reacties/${own}/verwijderen?terug=%2F${SLUG}`], ['author', '/moderatie/site'], ['reader', REFUSED]);
  const mod = await open(browser);
  await login(mod.page, 'Olaf_Rutten', process.env.AUTHOR_PASSWORD);
  await mod.page.goto(`${BASE}/moderatie`);
  const item = mod.page.locator('ol.wachtrij > li', { hasText: 'nadruk' });
  await Promise.all([mod.page.waitForNavigation(), item.locator('button', { hasText: 'Goedkeuren' }).click()]);
  await reader.page.goto(`${BASE}/${SLUG}`);
  await reader.page.locator('a', { hasText: 'Reageren' }).first().click();
  await reader.page.locator('li form textarea').fill('En een antwoord.');
  await pause();
  await Promise.all([reader.page.waitForNavigation(), reader.page.locator('li form textarea').press('Control+Enter')]);
  const waiting = await open(browser);
  await register(waiting.page, 'nieuwkomer');
  await post(waiting.page, 'Deze wacht nog.');
  for (const [who, s] of [['reader', reader], ['author', mod]]) {
    sessions[who] = (await s.context.cookies()).find((c) => c.name === 'reacties_sessie');
    await s.context.close();
  }
  await waiting.context.close();
});
after(async () => { await browser.close(); });

// A refused post: the article as it comes back from POST, with its error summary.
const REFUSED = 'geweigerde reactie';
const pages = [
  ['anonymous', '/'], ['anonymous', `/${SLUG}`], ['anonymous', '/inloggen'], ['anonymous', '/registreren'],
  ['anonymous', '/privacy'], ['anonymous', '/bestaat-niet'],
  ['reader', `/${SLUG}`], ['reader', `/${SLUG}?reageer=1`], ['reader', '/account'],
  ['reader', '/voor-jou'], ['reader', '/mijn-reacties'], ['reader', `/${SLUG}?volgorde=gewaardeerd`],
  ['author', '/moderatie'], ['author', '/moderatie/lezers'], ['author', '/moderatie/instellingen'],
  ['author', '/moderatie/logboek'], ['author', `/${SLUG}`], ['author', '/voor-jou'],
  ['author', '/moderatie/redenen'], ['anonymous', `/${SLUG}/redenen/3/reacties`],
];

async function pageAs(who, options) {
  const s = await open(browser, options);
  if (sessions[who]) await s.context.addCookies([sessions[who]]);
  return s;
}

test('axe-core finds no WCAG 2.1 A or AA violation on any page, light or dark', async () => {
  const found = [];
  for (const scheme of ['light', 'dark']) {
    for (const [who, url] of pages) {
      // axe is injected through the DevTools protocol; the page's own CSP stays as it is.
      const { context, page } = await pageAs(who, { scheme, bypassCSP: true });
      if (url === REFUSED) {
        await page.goto(`${BASE}/${SLUG}`);
        await page.fill('#reageer-tekst', '   ');
        await Promise.all([page.waitForNavigation(), page.click('form#reageer button[type=submit]:not([name])')]);
      } else {
        await page.goto(BASE + url);
      }
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

test('the Nu HTML checker reports no errors on any page', async () => {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'reacties-vnu-'));
  const files = [];
  for (const [who, url] of pages) {
    const { context } = await pageAs(who);
    const response = url === REFUSED
      ? await context.request.post(`${BASE}/${SLUG}/reacties`, { form: { body: '   ' } })
      : await context.request.get(BASE + url);
    const file = path.join(dir, `${files.length}.html`);
    fs.writeFileSync(file, await response.text());
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

test('screenshots of the article with reactions at 375 and 1280 px, light and dark', async () => {
  fs.mkdirSync(shots, { recursive: true });
  for (const width of [375, 1280]) {
    for (const scheme of ['light', 'dark']) {
      const { context, page } = await pageAs('anonymous', { width, scheme });
      await page.goto(`${BASE}/${SLUG}`);
      const file = path.join(shots, `artikel-${width}-${scheme === 'light' ? 'licht' : 'donker'}.png`);
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(fs.statSync(file).size > 10000, file);
      // Nothing sticks out sideways on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${width}px: ${overflow}px too wide`);
      await context.close();
    }
  }
});
