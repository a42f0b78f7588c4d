// Issue #11, "Words and headings": one h1 per page, "Account aanmaken", guest
// names with spaces, settings changes in words in the audit log, and the edit
// form's time left and preview — with JavaScript on and off.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const {
  BASE, SLUG, open, pause, register, postVia, assertInView, go, suite,
} = require('./lib');

let browser;
let asAuthor;
suite((s) => { ({ browser, asAuthor } = s); });

test('every page has one h1, the article does not repeat its title, and says "Account aanmaken"', async () => {
  for (const js of [true, false]) {
    const anon = await open(browser, { js });
    const reader = await open(browser, { js });
    await register(reader.page, `koppen-${js ? 'js' : 'nojs'}`);
    const author = await asAuthor({ js });
    const pages = [
      [anon, '/'], [anon, `/${SLUG}`], [anon, '/inloggen'], [anon, '/registreren'], [anon, '/privacy'], [anon, '/bestaat-niet'],
      [reader, '/account'], [author, '/moderatie'], [author, '/moderatie/lezers'], [author, '/moderatie/instellingen'],
      [author, '/moderatie/site'], [author, '/moderatie/logboek'],
    ];
    for (const [who, path] of pages) {
      await who.page.goto(BASE + path);
      assert.equal(await who.page.locator('h1').count(), 1, `one h1 on ${path}`);
      const text = await who.page.textContent('body');
      assert.ok(!/Account maken/.test(text), `"Account maken" on ${path}`);
    }
    assert.equal(await anon.page.textContent('header.site a[href^="/registreren"]'), 'Account aanmaken');
    await anon.page.goto(`${BASE}/${SLUG}`);
    const headings = await anon.page.locator('article.artikel h2').allTextContents();
    assert.equal(headings.length, 7);
    assert.ok(headings.every((h) => /^\d\. /.test(h)), JSON.stringify(headings));
    assert.ok(!headings.includes(await anon.page.textContent('article.artikel h1')));
    for (const c of [anon, reader, author]) await c.context.close();
  }
});

test('guests write with a name that may hold spaces; the audit log tells settings changes in words', async () => {
  const author = await asAuthor();
  await author.page.goto(`${BASE}/moderatie/instellingen`);
  await author.page.check('#gasten');
  await author.page.check('#pm-all');
  await go(author.page, 'main form button[type=submit]:text("Opslaan")');
  await author.page.goto(`${BASE}/moderatie/logboek`);
  assert.match(await author.page.textContent('ol.logboek'), /Voormoderatie: eerste reactie → alles; Gasten mogen reageren: nee → ja/);
  assert.ok(!/voormoderatie=|gasten=/.test(await author.page.textContent('ol.logboek')));
  try {
    for (const js of [true, false]) {
      const { context, page, problems } = await open(browser, { js });
      await page.goto(`${BASE}/${SLUG}`);
      const form = await page.textContent('form#reageer');
      assert.match(form, /Je naam \(als gast\)/);
      assert.ok(!/gebruikersnaam/i.test(await page.textContent('label[for=reageer-naam]')));
      await page.fill('#reageer-naam', `Jan de Vries ${js ? 'js' : 'nojs'}`);
      await page.fill('#reageer-tekst', 'Een gast met een naam met spaties.');
      await pause();
      await go(page, 'form#reageer button[type=submit]:not([name])');
      assert.match(await page.textContent('form#reageer .melding'), /wacht op goedkeuring/);
      await assertInView(page, 'form#reageer .melding', 'the guest\'s notice at the form');
      assert.deepEqual(problems, []);
      await context.close();
    }
    await author.page.goto(`${BASE}/moderatie`);
    assert.match(await author.page.textContent('ol.wachtrij'), /Jan de Vries js \(gast\)/);
  } finally {
    await author.page.goto(`${BASE}/moderatie/instellingen`);
    await author.page.uncheck('#gasten');
    await author.page.check('#pm-first');
    await go(author.page, 'main form button[type=submit]:text("Opslaan")');
    await author.context.close();
  }
});

test('the edit form says how much time is left and shows a preview, with and without JavaScript', async () => {
  for (const js of [true, false]) {
    const { context, page, problems } = await open(browser, { js });
    await register(page, `bewerker-${js ? 'js' : 'nojs'}`);
    const id = await postVia(context, 'Eerst zo.');
    await page.goto(`${BASE}/reacties/${id}/bewerken`);
    assert.match(await page.textContent('#bewerk-hulp'), /je hebt nog 1[45] minuten/);
    await page.fill('#bewerk-tekst', 'Nu **vet**');
    if (js) {
      await page.click('button.voorbeeld-knop');
      await page.locator('section.voorbeeld strong').waitFor();
      assert.equal(page.url(), `${BASE}/reacties/${id}/bewerken`);
    } else {
      await go(page, 'button.voorbeeld-knop');
    }
    assert.equal(await page.textContent('section.voorbeeld strong'), 'vet');
    assert.equal(await page.inputValue('#bewerk-tekst'), 'Nu **vet**');
    assert.deepEqual(problems, []);
    await context.close();
  }
});
