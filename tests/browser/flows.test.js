// Reading, reacting and moderating in a real browser, with JavaScript on and off.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BASE, SLUG, launch, open, pause, register, login, logout, post } = require('./lib');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const author = () => ({ name: 'Olaf_Rutten', password: process.env.AUTHOR_PASSWORD });

for (const js of [true, false]) {
  const mode = js ? 'met JavaScript' : 'zonder JavaScript';
  const suffix = js ? 'js' : 'nojs';

  test(`a reader reads, registers, reacts, replies, edits and logs out (${mode})`, async () => {
    const reader = await open(browser, { js });
    const { page } = reader;

    // Read the article.
    await page.goto(`${BASE}/${SLUG}`);
    assert.equal(await page.textContent('article.artikel h1'), 'Zeven redenen voor NEE');
    assert.equal(await page.locator('article.artikel h2').count(), 7);
    assert.match(await page.textContent('footer.handtekening'), /Minder werken, meer verdienen/);

    // Register and post: the first reaction waits for the author.
    await register(page, `lezer-${suffix}`);
    assert.equal(await page.textContent('header.site .wie strong'), `lezer-${suffix}`);
    await post(page, `Eerste reactie ${mode}`);
    assert.match(await page.textContent('#reacties .melding'), /wacht op goedkeuring/);

    // The author approves it from the queue.
    const mod = await open(browser, { js });
    await login(mod.page, author().name, author().password);
    await mod.page.goto(`${BASE}/moderatie`);
    const item = mod.page.locator('ol.wachtrij > li', { hasText: `Eerste reactie ${mode}` });
    await Promise.all([mod.page.waitForNavigation(), item.locator('button', { hasText: 'Goedkeuren' }).click()]);
    assert.match(await mod.page.textContent('.melding'), /goedgekeurd/);
    await mod.context.close();

    // Visible to everyone now; the reader replies to it.
    await page.goto(`${BASE}/${SLUG}`);
    const mine = page.locator('li.niveau-1', { hasText: `Eerste reactie ${mode}` });
    const link = mine.locator('a', { hasText: 'Reageren' }).first();
    if (js) {
      await link.click();
      // The reply form opens beneath the reaction without loading a page.
      await mine.locator('form textarea').waitFor();
      assert.equal(page.url(), `${BASE}/${SLUG}`);
    } else {
      await Promise.all([page.waitForNavigation(), link.click()]);
      assert.match(page.url(), /reageer=/);
    }
    await mine.locator('form textarea').fill(`Antwoord ${mode}`);
    await pause();
    if (js) {
      // Ctrl+Enter posts.
      await Promise.all([page.waitForNavigation(), mine.locator('form textarea').press('Control+Enter')]);
    } else {
      await Promise.all([page.waitForNavigation(), mine.locator('form button[type=submit]:not([name])').click()]);
    }
    assert.match(page.url(), /geplaatst=\d+#reactie-\d+/);
    const reply = page.locator('li.niveau-2', { hasText: `Antwoord ${mode}` });
    assert.equal(await reply.count(), 1);

    // Edit the reply: the page landed on it (its permalink), where "Bewerken" shows.
    const editLink = reply.locator('.meer a', { hasText: 'Bewerken' });
    assert.ok(await editLink.isVisible(), 'the edit link shows on the reaction just posted');
    await Promise.all([page.waitForNavigation(), editLink.click()]);
    assert.match(await page.textContent('#bewerk-hulp'), /je hebt nog 1[45] minuten/);
    await page.fill('textarea[name=body]', `Antwoord ${mode}, aangevuld`);
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]:not([name])')]);
    const edited = page.locator('li.niveau-2', { hasText: `Antwoord ${mode}, aangevuld` });
    assert.equal(await edited.locator('.bewerkt').count(), 1);

    // Log out.
    await logout(page);
    assert.equal(await page.locator('header.site .wie').count(), 0);
    assert.deepEqual(reader.problems, []);
    await reader.context.close();
  });

  test(`a draft survives the login detour (${mode})`, async () => {
    const setup = await open(browser, { js });
    await register(setup.page, `concept-${suffix}`);
    await logout(setup.page);
    await setup.context.close();

    const { context, page, problems } = await open(browser, { js });
    await page.goto(`${BASE}/${SLUG}`);
    await page.fill('#reageer-tekst', `Getypt voor het inloggen (${mode})`);
    await pause();
    await Promise.all([page.waitForNavigation(), page.click('form#reageer button[type=submit]:not([name])')]);
    assert.match(await page.textContent('main h1'), /Log in om je reactie te plaatsen/);
    await page.fill('#inloggen-naam', `concept-${suffix}`);
    await page.fill('#inloggen-wachtwoord', 'paars-fietsje-onder-de-maan');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/inloggen"] button[type=submit]')]);
    assert.equal(await page.inputValue('#reageer-tekst'), `Getypt voor het inloggen (${mode})`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`the author bans a reader and sees it in the audit log (${mode})`, async () => {
    const troll = await open(browser, { js });
    await register(troll.page, `trol-${suffix}`);

    const mod = await open(browser, { js });
    await login(mod.page, author().name, author().password);
    await mod.page.goto(`${BASE}/moderatie/lezers`);
    const entry = mod.page.locator('ol.lezers > li', { hasText: `trol-${suffix}` });
    await entry.locator('summary', { hasText: 'Blokkeren' }).click();
    await entry.locator('input[name=reden]').fill('scheldpartijen');
    await Promise.all([mod.page.waitForNavigation(), entry.locator('button', { hasText: 'Blokkeren' }).click()]);
    assert.match(await mod.page.textContent('.melding'), /geblokkeerd/);
    await mod.page.goto(`${BASE}/moderatie/logboek`);
    assert.match(await mod.page.textContent('ol.logboek'), new RegExp(`geblokkeerd[\\s\\S]*trol-${suffix}`));
    await mod.context.close();

    await troll.page.goto(`${BASE}/${SLUG}`);
    assert.match(await troll.page.textContent('#reageer'), /scheldpartijen/);
    assert.equal(await troll.page.locator('#reageer-tekst').count(), 0);
    await troll.context.close();
  });
}

test('the preview shows the rendered text beside the form, with and without JavaScript', async () => {
  for (const js of [true, false]) {
    const { context, page } = await open(browser, { js });
    await page.goto(`${BASE}/${SLUG}`);
    await page.fill('#reageer-tekst', 'Dit is **belangrijk**');
    if (js) {
      await page.click('form#reageer button.voorbeeld-knop');
      await page.locator('form#reageer section.voorbeeld strong').waitFor();
      assert.equal(page.url(), `${BASE}/${SLUG}`);
      assert.match(await page.textContent('form#reageer .teller-tekst'), /^nog 4\.9\d\d tekens$/);
    } else {
      await Promise.all([page.waitForNavigation(), page.click('form#reageer button.voorbeeld-knop')]);
    }
    assert.equal(await page.textContent('form#reageer section.voorbeeld strong'), 'belangrijk');
    assert.equal(await page.inputValue('#reageer-tekst'), 'Dit is **belangrijk**');
    await context.close();
  }
});

test('a preview of a text over the limit says why and keeps the text, with and without JavaScript', async () => {
  const tooLong = '1. '.repeat(1700);
  for (const js of [true, false]) {
    const { context, page } = await open(browser, { js });
    await page.goto(`${BASE}/${SLUG}`);
    await page.fill('#reageer-tekst', tooLong);
    if (js) {
      await page.click('form#reageer button.voorbeeld-knop');
      await page.locator('form#reageer section.voorbeeld .fout').waitFor();
      assert.equal(page.url(), `${BASE}/${SLUG}`);
      assert.match(await page.textContent('form#reageer section.voorbeeld .fout'), /het maximum is 5\.000/);
    } else {
      await Promise.all([page.waitForNavigation(), page.click('form#reageer button.voorbeeld-knop')]);
      assert.match(await page.textContent('form#reageer .fout'), /het maximum is 5\.000/);
    }
    assert.equal((await page.inputValue('#reageer-tekst')).trim(), tooLong.trim());
    await context.close();
  }
});

test('every action is reachable by keyboard with a visible focus', async () => {
  const { context, page } = await open(browser, { js: true });
  await page.goto(`${BASE}/${SLUG}`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Naar de inhoud');
  const seen = new Set();
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, text: (el.textContent || el.name || '').trim().slice(0, 30), outline: style.outlineStyle };
    });
    if (info.tag === 'BODY') break;
    assert.notEqual(info.outline, 'none', `visible focus on ${info.tag} ${info.text}`);
    seen.add(info.tag);
  }
  for (const tag of ['A', 'TEXTAREA', 'BUTTON']) assert.ok(seen.has(tag), `reached a ${tag} by keyboard`);
  await context.close();
});
