// Issue #11, "Fewer steps": the way to the reaction box by keyboard, the reply
// form in place and its counter, the queue's buttons and deleting with a
// question first (a page without JavaScript, a dialog with it), back to the place.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const {
  BASE, SLUG, open, register, postVia, assertInView, settled, go, focused, confirmed, suite,
} = require('./lib');

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const ids = {};
let browser;
let asAuthor;
suite(async (s) => {
  ({ browser, asAuthor } = s);
  const a = await asAuthor();
  ids.root = await postVia(a.context, 'Stappen: de auteur begint een draad.');
  await a.context.close();
});

/** The elements a keyboard user stops at inside `selector`. */
async function tabStops(page, selector) {
  return page.locator(selector).first().evaluate((root) => [...root.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter((el) => el.tabIndex >= 0 && !el.disabled && el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }))
    .map((el) => (el.textContent || el.name || el.tagName).trim().replace(/\s+/g, ' ').slice(0, 40)));
}

async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** WCAG contrast ratio of two computed "rgb(...)" colours. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** A button's visible face: its own background, or the page's where it has none. */
const face = (page, selector) => page.locator(selector).first().evaluate((el) => {
  const own = getComputedStyle(el);
  const clear = own.backgroundColor === 'rgba(0, 0, 0, 0)' || own.backgroundColor === 'transparent';
  return {
    background: clear ? getComputedStyle(document.body).backgroundColor : own.backgroundColor,
    border: `${own.borderStyle} ${own.borderColor}`,
    color: own.color,
    text: el.textContent.trim(),
  };
});

for (const js of [true, false]) {
  const mode = js ? 'met JavaScript' : 'zonder JavaScript';
  const suffix = js ? 'js' : 'nojs';

  test(`the keyboard reaches the reaction box in a few steps; three stops per reaction, the author's tools in one Beheer (${mode})`, async () => {
    const { context, page, problems } = await open(browser, { js });
    await register(page, `toetsenbord-${suffix}`);
    await page.goto(`${BASE}/${SLUG}`);
    // The "Reageer" jump link comes soon after the article, before every reaction.
    let presses = 0;
    let label = '';
    while (presses < 40 && !/^Reageer/.test(label)) {
      await page.keyboard.press('Tab');
      presses += 1;
      label = await page.evaluate(() => document.activeElement.textContent.trim());
    }
    assert.match(label, /^Reageer/, 'a "Reageer" link within 40 presses');
    assert.ok(presses <= 15, `the jump link after ${presses} presses`);
    await page.keyboard.press('Enter');
    await settled(page);
    await assertInView(page, 'form#reageer', 'the reaction form');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'reageer-tekst');
    // The count in the heading's neighbourhood has one too.
    assert.equal(await page.locator('#reacties .naar-reageren a[href="#reageer"]').count(), 1);

    // A reader's stops per reaction: the permalink, "Reageren" and, since the
    // conversation landed, "Waardeer" (one button, nothing else).
    const stops = await tabStops(page, `#reactie-${ids.root} > article`);
    assert.equal(stops.length, 3, JSON.stringify(stops));
    assert.match(stops[1], /^Reageren/);
    assert.match(stops[2], /^Waardeer/);
    assert.deepEqual(problems, []);
    await context.close();

    // The author: one more, "Beheer", which folds the six actions away.
    const a = await asAuthor({ js });
    await a.page.goto(`${BASE}/${SLUG}`);
    const authorStops = await tabStops(a.page, `#reactie-${ids.root} > article`);
    assert.equal(authorStops.length, 3, JSON.stringify(authorStops));
    assert.match(authorStops[2], /^Beheer/);
    await a.page.locator(`#reactie-${ids.root} > article summary`).click();
    const opened = await tabStops(a.page, `#reactie-${ids.root} .beheer-acties`);
    assert.ok(opened.length >= 5, JSON.stringify(opened));
    await a.context.close();
  });

  test(`the queue: distinct buttons, per-item forms without formaction, and deleting asks first (${mode})`, async () => {
    for (const n of [1, 2, 3]) {
      const w = await open(browser, { js });
      await register(w.page, `wachter-${suffix}-${n}`);
      await postVia(w.context, `Wachtrij ${mode}, nummer ${n}.`);
      await w.context.close();
    }
    const { context, page, problems } = await asAuthor({ js, bypassCSP: true });
    await page.goto(`${BASE}/moderatie`);
    // Text browsers ignore formaction: every button says what it does by its own name.
    assert.equal(await page.locator('[formaction]').count(), 0);
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const approve = await face(page, 'button[value=goedkeuren]');
      const reject = await face(page, 'button[value=afwijzen]');
      assert.ok(contrast(approve.background, reject.background) >= 3,
        `${scheme}: the bulk buttons differ (${approve.background} vs ${reject.background})`);
      assert.notEqual(approve.border, reject.border);
      assert.match(approve.text, /^✓ /);
      assert.match(reject.text, /^✕ /);
    }
    const item = page.locator('ol.wachtrij > li', { hasText: `Wachtrij ${mode}, nummer 1.` });
    const words = [];
    for (const [selector, word] of [
      ['button[value$=":afwijzen"]', /^✕ Afwijzen/], ['button[value$=":spam"]', /^⚠ Spam/], ['a.gevaar-link', /^🗑 Verwijderen…/],
    ]) {
      const f = await face(item, selector);
      assert.match(f.text, word);
      words.push(f);
    }
    // The irreversible one looks unlike the other two, in colour and in words.
    assert.notEqual(words[2].color, words[0].color);
    assert.notEqual(words[2].color, words[1].color);

    // Deleting asks first.
    const link = item.locator('a.gevaar-link');
    if (js) {
      await link.click();
      const dialog = page.locator('dialog[open]');
      await dialog.waitFor();
      assert.match(await dialog.textContent(), /voorgoed verwijderd/);
      assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Nee, terug');
      assert.deepEqual(await axeViolations(page), []);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => document.activeElement.classList.contains('gevaar-link')), true);
      assert.equal(page.url(), `${BASE}/moderatie`);
    }
    await confirmed(page, js, link, 'Ja, voorgoed verwijderen');
    assert.equal(new URL(page.url()).pathname, '/moderatie');
    assert.match(await page.textContent('.melding'), /verwijderd/);
    assert.equal(await page.locator('ol.wachtrij > li', { hasText: `Wachtrij ${mode}, nummer 1.` }).count(), 0);

    // One item's own button, and the bulk buttons, still do their work.
    const second = page.locator('ol.wachtrij > li', { hasText: `Wachtrij ${mode}, nummer 2.` });
    await go(page, second.locator('button[value$=":spam"]'));
    assert.match(await page.textContent('.melding'), /spam/);
    const third = page.locator('ol.wachtrij > li', { hasText: `Wachtrij ${mode}, nummer 3.` });
    await third.locator('input[type=checkbox]').check();
    await go(page, 'button[value=goedkeuren]');
    assert.match(await page.textContent('.melding'), /goedgekeurd/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`the author's Verwijderen on the article asks first and returns to the place (${mode})`, async () => {
    const setup = await asAuthor();
    const parent = await postVia(setup.context, `Ouder om te houden (${mode}).`, ids.root);
    const child = await postVia(setup.context, `Kind om te verwijderen (${mode}).`, parent);
    await setup.context.close();

    const { context, page, problems } = await asAuthor({ js });
    await page.goto(`${BASE}/${SLUG}#reactie-${child}`);
    const item = page.locator(`#reactie-${child} > article`);
    await item.locator('summary', { hasText: 'Beheer' }).click();
    const link = item.locator('a.gevaar-link');
    if (js) {
      await link.click();
      await page.locator('dialog[open]').waitFor();
      // "Nee" closes the dialog and leaves everything as it was.
      await page.locator('dialog[open] button', { hasText: 'Nee, terug' }).click();
      await page.locator('dialog').waitFor({ state: 'detached' });
      assert.equal(await page.locator(`#reactie-${child}`).count(), 1);
    }
    await confirmed(page, js, link, 'Ja, voorgoed verwijderen');
    assert.equal(new URL(page.url()).hash, `#reactie-${parent}`);
    await assertInView(page, `#reactie-${parent}`, 'the reaction the deleted one answered');
    assert.equal(await page.locator(`#reactie-${child}`).count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`a reader's own Verwijderen asks first (${mode})`, async () => {
    const { context, page, problems } = await open(browser, { js });
    await register(page, `spijt-${suffix}`);
    const id = await postVia(context, `Hier krijg ik spijt van (${mode}).`);
    await page.goto(`${BASE}/${SLUG}#reactie-${id}`);
    const link = page.locator(`#reactie-${id} .meer a`, { hasText: 'Verwijderen' });
    await confirmed(page, js, link, 'Ja, verwijderen');
    assert.equal(new URL(page.url()).hash, '#reacties');
    await assertInView(page, '#reacties .melding', 'the confirmation');
    assert.match(await page.textContent('#reacties .melding'), /verwijderd/);
    assert.equal(await page.locator(`#reactie-${id}`).count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('Escape closes a reply form opened in place; without script "Annuleren" returns to the reaction', async () => {
  for (const js of [true, false]) {
    const { context, page, problems } = await open(browser, { js });
    await register(page, `ontsnapper-${js ? 'js' : 'nojs'}`);
    await page.goto(`${BASE}/${SLUG}`);
    const link = page.locator(`#reactie-${ids.root} > article .acties a`, { hasText: 'Reageren' });
    if (js) {
      await link.click();
      await page.locator(`#reageer-${ids.root}-tekst`).waitFor();
      await page.keyboard.type('Toch maar niet');
      await page.keyboard.press('Escape');
      assert.equal(await page.locator(`form#reageer-${ids.root}`).count(), 0);
      assert.match(await page.evaluate(() => document.activeElement.textContent), /^Reageren/);
    } else {
      await go(page, link);
      await go(page, page.locator(`form#reageer-${ids.root} a`, { hasText: 'Annuleren' }));
      assert.equal(new URL(page.url()).hash, `#reactie-${ids.root}`);
      await assertInView(page, `#reactie-${ids.root}`, 'the reaction');
      assert.equal(await page.locator(`form#reageer-${ids.root}`).count(), 0);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the character counter counts like the server and speaks only at thresholds', async () => {
  const { context, page, problems } = await open(browser, { js: true });
  await page.goto(`${BASE}/${SLUG}`);
  const live = page.locator('form#reageer [aria-live]');
  const said = [];
  for (const [length, shown] of [
    [10, 'nog 4.990 tekens'], [4400, 'nog 600 tekens'], [4501, 'nog 499 tekens'], [4600, 'nog 400 tekens'],
    [4901, 'nog 99 tekens'], [4950, 'nog 50 tekens'], [5001, '1 teken te veel'], [5010, '10 tekens te veel'],
  ]) {
    await page.fill('#reageer-tekst', 'x'.repeat(length));
    assert.equal(await page.textContent('#reageer-tekst-teller'), shown);
    said.push(await live.textContent());
  }
  // Announced when crossing 500 and 100 left and the limit; not in between, and never the hint.
  assert.deepEqual(said, ['', '', 'nog 499 tekens', 'nog 499 tekens', 'nog 99 tekens', 'nog 99 tekens', '1 teken te veel', '1 teken te veel']);
  assert.ok(!(await live.textContent()).includes('Hoogstens'));
  assert.deepEqual(problems, []);
  await context.close();
});
