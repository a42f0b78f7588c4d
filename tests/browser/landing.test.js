// Issue #11, "Landing in the right place": after every refusal, reply, post,
// login and odd address the reader lands where they were, with JavaScript on and
// off. Landing is checked by where the element sits in the viewport.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const {
  BASE, SLUG, open, pause, register, postVia, suite, assertInView, settled, go, focused,
} = require('./lib');

let browser;
let asAuthor;
// A thread three deep, written by the author (approved at once): depth → id.
const thread = {};
const s = suite(async () => {
  ({ browser, asAuthor } = s);
  const a = await asAuthor();
  thread[1] = await postVia(a.context, 'Landing: een reactie op niveau 1.');
  thread[2] = await postVia(a.context, 'Landing: een antwoord op niveau 2.', thread[1]);
  thread[3] = await postVia(a.context, 'Landing: een antwoord op niveau 3.', thread[2]);
  // A blocked word, so that a refusal for it can be seen (taken away in s.cleanup).
  await a.page.goto(`${BASE}/moderatie/instellingen`);
  await a.page.fill('#woorden_blokkeren', 'zwartepiet');
  await go(a.page, 'main form button[type=submit]:text("Opslaan")');
  await a.context.close();
});
s.cleanup = async () => {
  const a = await asAuthor();
  await a.page.goto(`${BASE}/moderatie/instellingen`);
  await a.page.fill('#woorden_blokkeren', '');
  await go(a.page, 'main form button[type=submit]:text("Opslaan")');
  await a.context.close();
};

/** Waits until the start of a second, so that a form sent right away is "too fast". */
async function startOfSecond() {
  await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
}

/** The refused form's landing: its error summary in view with the focus, a "Fout:" title, the text kept. */
async function assertRefusedAt(page, form, text, reason, js) {
  await settled(page);
  assert.match(await page.title(), /^Fout: /, `the title at ${page.url()}`);
  assert.equal(new URL(page.url()).hash, `#${form}`);
  await assertInView(page, `#${form}-fout`, `the error summary of ${form}`);
  // With script the summary has the focus; without, the form it describes (the
  // address's target, which the browser focuses on arrival).
  assert.equal(await focused(page), js ? `${form}-fout` : form);
  if (!js) assert.equal(await page.getAttribute(`#${form}`, 'aria-describedby'), `${form}-fout`);
  assert.match(await page.textContent(`#${form}-fout`), reason);
  assert.equal(await page.inputValue(`#${form}-tekst`), text);
}

for (const js of [true, false]) {
  const mode = js ? 'met JavaScript' : 'zonder JavaScript';
  const suffix = js ? 'js' : 'nojs';

  test(`a refused post lands at its form with a focused error summary and a Fout: title (${mode})`, async () => {
    const { context, page, problems } = await open(browser, { js });
    await register(page, `geweigerd-${suffix}`);
    const send = () => go(page, 'form#reageer button[type=submit]:not([name])');

    // Empty (spaces only: the browser's own check lets them through).
    await page.goto(`${BASE}/${SLUG}`);
    await page.fill('#reageer-tekst', '   ');
    await pause();
    await send();
    await assertRefusedAt(page, 'reageer', '   ', /leeg|niets/i, js);

    // Too fast: sent within the minimum fill time.
    await startOfSecond();
    await page.goto(`${BASE}/${SLUG}`);
    await page.fill('#reageer-tekst', `Te snel verstuurd (${mode})`);
    await send();
    await assertRefusedAt(page, 'reageer', `Te snel verstuurd (${mode})`, /./, js);

    // A blocked word.
    await page.goto(`${BASE}/${SLUG}`);
    await page.fill('#reageer-tekst', `Over zwartepiet (${mode})`);
    await pause();
    await send();
    await assertRefusedAt(page, 'reageer', `Over zwartepiet (${mode})`, /./, js);

    // Too long: with script the form is not sent, the summary says so in place.
    const tooLong = 'lang '.repeat(1001).trim();
    await page.goto(`${BASE}/${SLUG}`);
    await page.fill('#reageer-tekst', tooLong);
    await pause();
    if (js) {
      await page.click('form#reageer button[type=submit]:not([name])');
      await page.locator('#reageer-fout').waitFor();
      await settled(page);
      assert.equal(page.url(), `${BASE}/${SLUG}`);
      await assertInView(page, '#reageer-fout', 'the error summary');
      assert.equal(await focused(page), 'reageer-fout');
      assert.match(await page.textContent('#reageer-fout'), /5\.004 tekens lang; het maximum is 5\.000/);
    } else {
      await send();
      await assertRefusedAt(page, 'reageer', tooLong, /5\.000/, js);
    }

    // The "Voorbeeld" button without script reloads at the form, showing the preview.
    if (!js) {
      await page.goto(`${BASE}/${SLUG}`);
      await page.fill('#reageer-tekst', 'Een *voorbeeld* graag');
      await go(page, 'form#reageer button.voorbeeld-knop');
      assert.equal(new URL(page.url()).hash, '#reageer');
      await assertInView(page, 'form#reageer section.voorbeeld', 'the preview');
      assert.equal(await page.textContent('form#reageer section.voorbeeld em'), 'voorbeeld');
    }
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`every reply form carries the id of the reaction it answers, at every depth (${mode})`, async () => {
    const { context, page, problems } = await open(browser, { js });
    await register(page, `diepte-antwoorder-${suffix}`);
    for (const depth of [1, 2, 3]) {
      const id = thread[depth];
      await page.goto(`${BASE}/${SLUG}`);
      const link = page.locator(`#reactie-${id} > article .acties a`, { hasText: 'Reageren' });
      if (js) {
        await link.click();
        await page.locator(`form#reageer-${id} textarea`).waitFor();
        assert.equal(await focused(page), `reageer-${id}-tekst`);
      } else {
        await go(page, link);
        assert.match(page.url(), new RegExp(`reageer=${id}#reageer-${id}$`));
      }
      await assertInView(page, `form#reageer-${id}`, `the reply form at depth ${depth}`);
      assert.equal(await page.locator('form.reageer-form').count(), 2, 'one reply form besides the main one');
      assert.equal(await page.getAttribute(`form#reageer-${id} input[name=parent_id]`, 'value'), String(id));
      // A refused reply comes back at this same form.
      await page.fill(`#reageer-${id}-tekst`, '  ');
      await pause();
      await go(page, `form#reageer-${id} button[type=submit]:not([name])`);
      await assertRefusedAt(page, `reageer-${id}`, '  ', /./, js);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`a reply typed before logging in comes back at its own reply form (${mode})`, async () => {
    const setup = await open(browser, { js });
    await register(setup.page, `terugkomer-${suffix}`);
    await setup.context.close();

    const { context, page, problems } = await open(browser, { js });
    const id = thread[3];
    await page.goto(`${BASE}/${SLUG}`);
    const link = page.locator(`#reactie-${id} > article .acties a`, { hasText: 'Reageren' });
    if (js) await link.click(); else await go(page, link);
    await page.fill(`#reageer-${id}-tekst`, `Getypt onder niveau 3 (${mode})`);
    await pause();
    await go(page, `form#reageer-${id} button[type=submit]:not([name])`);
    await page.fill('#inloggen-naam', `terugkomer-${suffix}`);
    await page.fill('#inloggen-wachtwoord', 'paars-fietsje-onder-de-maan');
    await go(page, 'form[action="/inloggen"] button[type=submit]');
    await assertInView(page, `form#reageer-${id}`, 'the reply form after logging in');
    assert.equal(await page.inputValue(`#reageer-${id}-tekst`), `Getypt onder niveau 3 (${mode})`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`after posting, the notice sits inside the new reaction, fully in view (${mode})`, async () => {
    const { context, page, problems } = await open(browser, { js });
    await register(page, `plaatser-${suffix}`);
    const id = thread[2];
    await page.goto(`${BASE}/${SLUG}?reageer=${id}#reageer-${id}`);
    await page.fill(`#reageer-${id}-tekst`, `Mijn antwoord op niveau 2 (${mode})`);
    await pause();
    await go(page, `form#reageer-${id} button[type=submit]:not([name])`);
    const mine = /#reactie-(\d+)$/.exec(page.url());
    assert.ok(mine, page.url());
    const box = await assertInView(page, `#reactie-${mine[1]}`, 'the new reaction');
    assert.ok(box.top >= 8, `the new reaction has room above it (scroll-margin-top): ${box.top}`);
    assert.match(await page.textContent(`#reactie-${mine[1]} .melding`), /wacht op goedkeuring/);
    await assertInView(page, `#reactie-${mine[1]} .melding`, 'the notice');
    // The only notice on the page is that one.
    assert.equal(await page.locator('.melding[role=status]').count(), 1);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`the header's login and registration links return to the page, with a confirmation (${mode})`, async () => {
    const { context, page, problems } = await open(browser, { js });
    await page.goto(`${BASE}/${SLUG}`);
    await go(page, page.locator('header.site a', { hasText: 'Account aanmaken' }));
    await page.fill('#registreren-naam', `kopbezoeker-${suffix}`);
    await page.fill('#registreren-wachtwoord', 'paars-fietsje-onder-de-maan');
    await pause();
    await go(page, 'form[action="/registreren"] button[type=submit]');
    assert.equal(new URL(page.url()).pathname, `/${SLUG}`);
    assert.match(await page.textContent('.welkom'), new RegExp(`Welkom, kopbezoeker-${suffix}!`));
    await assertInView(page, '.welkom', 'the welcome');
    await go(page, 'header.site form[action="/uitloggen"] button');

    await page.goto(`${BASE}/${SLUG}`);
    await go(page, page.locator('header.site a', { hasText: 'Inloggen' }));
    await page.fill('#inloggen-naam', `kopbezoeker-${suffix}`);
    await page.fill('#inloggen-wachtwoord', 'paars-fietsje-onder-de-maan');
    await go(page, 'form[action="/inloggen"] button[type=submit]');
    assert.equal(new URL(page.url()).pathname, `/${SLUG}`);
    assert.match(await page.textContent('.welkom'), /ingelogd/i);
    await assertInView(page, '.welkom', 'the confirmation');
    // Once only.
    await page.reload();
    assert.equal(await page.locator('.welkom').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`the address of a refused post leads to the reactions (${mode})`, async () => {
    const { context, page, problems } = await open(browser, { js });
    const response = await page.goto(`${BASE}/${SLUG}/reacties`);
    await settled(page);
    assert.equal(response.status(), 200);
    assert.equal(page.url(), `${BASE}/${SLUG}#reacties`);
    await assertInView(page, '#reacties-kop', 'the reactions heading');
    assert.deepEqual(problems, []);
    await context.close();
  });
}
