// Live updates in two browsers: one reader types a reaction while the author
// posts in another browser; the reader is told, shows the new reaction with a
// click, and keeps their place and their text. axe-core checks the page with
// the announcement showing.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { BASE, SLUG, launch, open, pause, login, post, register } = require('./lib');

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('a reaction posted in one browser is announced in another and shown in place on request', async () => {
  const reader = await open(browser, { bypassCSP: true });
  const { page } = reader;
  // The last page of the discussion, where a new thread goes.
  await page.goto(`${BASE}/${SLUG}?pagina=laatste`);
  // The stream is open: what happens from now on reaches this page.
  await page.waitForSelector('#live-balk[data-verbonden]', { state: 'attached' });
  await page.click('#reageer-tekst');
  await page.keyboard.type('Ik ben nog aan het typen');
  const place = () => page.evaluate(() => ({
    top: document.querySelector('#reageer-tekst').getBoundingClientRect().top,
    focused: document.activeElement.id,
    text: document.querySelector('#reageer-tekst').value,
  }));
  const before = await place();

  const author = await open(browser);
  await login(author.page, 'Olaf_Rutten', process.env.AUTHOR_PASSWORD);
  const text = `Live van de auteur ${Date.now()}`;
  await post(author.page, text);
  await author.context.close();

  const button = page.locator('#live-balk button');
  await button.waitFor({ timeout: 5000 });
  assert.equal(await button.textContent(), '1 nieuwe reactie — toon');
  assert.equal(await page.getAttribute('#live-balk', 'role'), 'status');
  // Announced, not yet shown: nothing on the page moved.
  assert.equal(await page.locator('#reacties article.reactie', { hasText: text }).count(), 0);
  assert.deepEqual(await place(), before);

  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  assert.deepEqual(result.violations.map((v) => v.id), []);

  await button.click();
  const shown = page.locator('#reacties li[id^="reactie-"] > article.reactie', { hasText: text });
  await shown.waitFor({ timeout: 2000 });
  assert.match(await shown.locator('.naam').textContent(), /Olaf/);
  const afterClick = await place();
  assert.equal(afterClick.focused, 'reageer-tekst', 'the focus stays in the form');
  assert.equal(afterClick.text, 'Ik ben nog aan het typen');
  assert.ok(Math.abs(afterClick.top - before.top) <= 1, `the form moved from ${before.top} to ${afterClick.top}`);
  assert.equal(await page.locator('#live-balk button').count(), 0, 'the announcement is gone');
  assert.match(await page.textContent('#reacties-kop'), /Reacties \(\d+\)/);
  assert.equal(reader.problems.length, 0, reader.problems.join('\n'));
  await reader.context.close();
});

test('a reply is shown under the reaction it answers', async () => {
  const reader = await open(browser);
  const { page } = reader;
  await page.goto(`${BASE}/${SLUG}?pagina=laatste`);
  await page.waitForSelector('#live-balk[data-verbonden]', { state: 'attached' });
  const parentId = await page.locator('#reacties li.niveau-1:has(> article a[href*="reageer="])').last().getAttribute('id');
  const id = parentId.replace('reactie-', '');

  const author = await open(browser);
  await login(author.page, 'Olaf_Rutten', process.env.AUTHOR_PASSWORD);
  await author.page.goto(`${BASE}/${SLUG}?pagina=laatste&reageer=${id}#reageer-${id}`);
  const text = `Een antwoord, live ${Date.now()}`;
  await author.page.fill(`#reageer-${id} textarea`, text);
  await pause();
  await Promise.all([author.page.waitForNavigation(), author.page.click(`#reageer-${id} button[type=submit]:not([name])`)]);
  await author.context.close();

  const button = page.locator('#live-balk button');
  await button.waitFor({ timeout: 5000 });
  await button.click();
  await page.locator(`#${parentId} > ol.draad > li > article.reactie`, { hasText: text }).waitFor({ timeout: 2000 });
  assert.equal(reader.problems.length, 0, reader.problems.join('\n'));
  await reader.context.close();
});

test('without JavaScript the article page opens no stream and changes nothing', async () => {
  const reader = await open(browser, { js: false });
  const requests = [];
  reader.page.on('request', (r) => requests.push(r.url()));
  await reader.page.goto(`${BASE}/${SLUG}`);
  assert.equal(requests.filter((u) => u.endsWith('/live')).length, 0);
  assert.equal(await reader.page.locator('#live-balk').count(), 0);
  await reader.context.close();
});

test("the author's queue page counts a new held reaction and offers a refresh", async () => {
  const author = await open(browser);
  await login(author.page, 'Olaf_Rutten', process.env.AUTHOR_PASSWORD);
  await author.page.goto(`${BASE}/moderatie`);
  await author.page.waitForSelector('#live-balk[data-verbonden]', { state: 'attached' });
  const count = () => author.page.evaluate(() => {
    const teller = document.querySelector('header.site a.wachtrij .teller');
    return teller ? Number(teller.textContent) : 0;
  });
  const before = await count();

  const newcomer = await open(browser);
  await register(newcomer.page, `live-nieuwkomer-${Date.now() % 100000}`);
  await post(newcomer.page, 'Een nieuwkomer wacht op goedkeuring.');
  await newcomer.context.close();

  await author.page.waitForFunction((n) => {
    const teller = document.querySelector('header.site a.wachtrij .teller');
    return teller && Number(teller.textContent) === n + 1;
  }, before, { timeout: 5000 });
  const notice = author.page.locator('#live-balk button');
  assert.equal(await notice.textContent(), 'Nieuwe reactie in de wachtrij — vernieuw');
  await Promise.all([author.page.waitForNavigation(), notice.click()]);
  assert.equal(await author.page.locator('ol.wachtrij > li', { hasText: 'Een nieuwkomer wacht' }).count(), 1);
  assert.equal(await count(), before + 1);
  assert.equal(author.problems.length, 0, author.problems.join('\n'));
  await author.context.close();
});
