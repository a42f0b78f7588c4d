// The conversation in a real browser, with JavaScript on and off: JA/NEE on a
// reason, appreciating, the order of the reactions, and a reply notification
// that reaches a second browser.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BASE, SLUG, launch, open, pause, register, login } = require('./lib');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

async function approveAll(browser, text) {
  const mod = await open(browser);
  await login(mod.page, 'Olaf_Rutten', process.env.AUTHOR_PASSWORD);
  await mod.page.goto(`${BASE}/moderatie`);
  const item = mod.page.locator('ol.wachtrij > li', { hasText: text });
  if (await item.count()) {
    await Promise.all([mod.page.waitForNavigation(), item.locator('button', { hasText: 'Goedkeuren' }).click()]);
  }
  await mod.context.close();
}

for (const js of [true, false]) {
  const mode = js ? 'met JavaScript' : 'zonder JavaScript';
  const suffix = js ? 'js' : 'nojs';

  test(`a reader says JA, then NEE, on a reason and sees the tally change (${mode})`, async () => {
    const s = await open(browser, { js });
    const { page } = s;
    await register(page, `stemmer-${suffix}`);
    await page.goto(`${BASE}/${SLUG}`);
    const tally = () => page.textContent('#stem-3 .telling-tekst');
    const before = await tally();
    const [ja] = before.match(/\d+/g).map(Number);
    const click = (value) => page.click(`#stem-3 button[value=${value}]`);
    if (js) {
      await click('ja');
      await page.waitForFunction((n) => document.querySelector('#stem-3 .telling-tekst').textContent.startsWith(`${n} JA`), ja + 1);
    } else {
      await Promise.all([page.waitForNavigation(), click('ja')]);
    }
    assert.equal(await page.textContent('#stem-3 .mijn-keuze strong'), 'JA');
    assert.equal(await page.getAttribute('#stem-3 button[value=ja]', 'aria-pressed'), 'true');
    assert.match(await page.textContent('#samenvatting'), /Je bent het eens met 1 van de 7 redenen/);
    if (js) {
      await click('nee');
      await page.waitForFunction(() => /jouw keuze: NEE/.test(document.querySelector('#stem-3').textContent));
    } else {
      await Promise.all([page.waitForNavigation(), click('nee')]);
    }
    assert.match(await tally(), new RegExp(`^${ja} JA`));
    assert.equal(s.problems.length, 0, s.problems.join('\n'));
    await s.context.close();
  });

  test(`a reply reaches the writer in a second browser, who appreciates it and sorts (${mode})`, async () => {
    const writer = await open(browser, { js });
    await register(writer.page, `vraagsteller-${suffix}`);
    await writer.page.goto(`${BASE}/${SLUG}`);
    await writer.page.fill('#reageer-tekst', `Wie zegt er NEE ${suffix}?`);
    await pause();
    await Promise.all([writer.page.waitForNavigation(), writer.page.click('form#reageer button[type=submit]:not([name])')]);
    await approveAll(browser, `Wie zegt er NEE ${suffix}?`);

    const other = await open(browser, { js });
    await register(other.page, `antwoorder-${suffix}`);
    await other.page.goto(`${BASE}/${SLUG}?volgorde=nieuwste`);
    const question = other.page.locator('#reacties li', { hasText: `Wie zegt er NEE ${suffix}?` }).first();
    const id = (await question.getAttribute('id')).replace('reactie-', '');
    await other.page.goto(`${BASE}/${SLUG}?reageer=${id}#reageer-${id}`);
    await other.page.fill(`#reageer-${id} textarea`, `Ik! ${suffix}`);
    await pause();
    await Promise.all([other.page.waitForNavigation(), other.page.click(`#reageer-${id} button[type=submit]:not([name])`)]);
    await approveAll(browser, `Ik! ${suffix}`);

    // The writer's header counts it on any page (with the news that the first
    // reaction, held as a newcomer's, was placed); Voor jou lists both.
    await writer.page.goto(`${BASE}/privacy`);
    assert.match(await writer.page.textContent('header.site .voor-jou-link'), /Voor jou 2 ongelezen/);
    await writer.page.click('header.site .voor-jou-link');
    await writer.page.waitForURL(`${BASE}/voor-jou`);
    assert.match(await writer.page.textContent('ol.meldingen'), new RegExp(`antwoorder-${suffix} reageerde op je reactie`));
    assert.match(await writer.page.textContent('ol.meldingen'), /is geplaatst/);
    assert.equal(await writer.page.locator('header.site .voor-jou-link .aantal').count(), 0);

    // The writer appreciates the reply.
    await writer.page.goto(`${BASE}/${SLUG}?volgorde=nieuwste`);
    const reply = writer.page.locator('#reacties article.reactie', { hasText: `Ik! ${suffix}` });
    const replyId = await reply.evaluate((a) => a.parentElement.id);
    const button = writer.page.locator(`#${replyId} > article form.waardeer button`);
    if (js) {
      await button.click();
      // Wait for the answer to the click itself: the live stream may show the new
      // count (the same for everyone) before the button is swapped for the pressed one.
      await writer.page.waitForSelector(`#${replyId} > article form.waardeer button[aria-pressed=true]`);
    } else {
      await Promise.all([writer.page.waitForNavigation(), button.click()]);
    }
    assert.match(await writer.page.textContent(`#${replyId} > article .waardering`), /1 lezer waardeert dit/);
    assert.equal(await writer.page.getAttribute(`#${replyId} > article form.waardeer button`, 'aria-pressed'), 'true');

    // Sorting: the choice is a link and is remembered.
    await writer.page.click('nav.volgorde a:has-text("oudste eerst")');
    await writer.page.waitForURL(/volgorde=oudste/);
    assert.equal(await writer.page.textContent('nav.volgorde a[aria-current]'), 'oudste eerst');
    await writer.page.goto(`${BASE}/${SLUG}`);
    assert.equal(await writer.page.textContent('nav.volgorde a[aria-current]'), 'oudste eerst');
    for (const s of [writer, other]) {
      assert.equal(s.problems.length, 0, s.problems.join('\n'));
      await s.context.close();
    }
  });
}
