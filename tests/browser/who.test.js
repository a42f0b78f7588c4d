// Issue #11, "Who is who": shown names, the author's name, the site's identity,
// a reason for a rejected reaction, lifting a ban that hid reactions, and
// "[verborgen]" above replies that stay — with JavaScript on and off.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const {
  BASE, SLUG, PASSWORD, open, pause, register, postVia, go, suite,
} = require('./lib');

let browser;
let asAuthor;
suite((s) => { ({ browser, asAuthor } = s); });

/** The number in "Reacties (n)" as an anonymous reader sees it. */
async function shownCount(page) {
  await page.goto(`${BASE}/${SLUG}`);
  return Number(/\((\d+)\)/.exec(await page.textContent('#reacties-kop'))[1]);
}

/**
 * The article as a new anonymous reader sees it: a fresh context each time, as
 * the browser may keep a public page for a few seconds (max-age=5).
 */
async function anonymously(js, check) {
  const anon = await open(browser, { js });
  await anon.page.goto(`${BASE}/${SLUG}`);
  await check(anon.page);
  await anon.context.close();
}

for (const js of [true, false]) {
  const mode = js ? 'met JavaScript' : 'zonder JavaScript';
  const suffix = js ? 'js' : 'nojs';

  test(`names: a shown name with spaces and accents, look-alikes of the author refused, the author signs as the articles do (${mode})`, async () => {
    const { context, page, problems } = await open(browser, { js });
    // Registration refuses the articles' author and look-alikes, as login or shown name.
    for (const [login, shown] of [['Olaf_Rutten', ''], ['0laf-rutten', ''], [`naamgever-${suffix}`, 'Olaf Rutten'], [`naamgever-${suffix}`, 'OIaf  Rutten']]) {
      await page.goto(`${BASE}/registreren`);
      await page.fill('#registreren-naam', login);
      await page.fill('#registreren-weergavenaam', shown);
      await page.fill('#registreren-wachtwoord', PASSWORD);
      await pause();
      await go(page, 'form[action="/registreren"] button[type=submit]');
      assert.equal(new URL(page.url()).pathname, '/registreren', `${login} / ${shown} refused`);
      assert.match(await page.title(), /^Fout: /);
      assert.equal(await page.inputValue('#registreren-weergavenaam'), shown, 'the typed name stays');
    }
    await page.fill('#registreren-naam', `naamgever-${suffix}`);
    await page.fill('#registreren-weergavenaam', `Ánne de Wit ${suffix}`);
    await page.fill('#registreren-wachtwoord', PASSWORD);
    await pause();
    await go(page, 'form[action="/registreren"] button[type=submit]');
    const id = await postVia(context, `Getekend met mijn naam (${mode}).`);
    await page.goto(`${BASE}/${SLUG}#reactie-${id}`);
    assert.equal(await page.textContent(`#reactie-${id} .naam`), `Ánne de Wit ${suffix}`);
    // The account page changes it, with the same checks.
    await page.goto(`${BASE}/account`);
    await page.fill('#weergavenaam', 'Olaf Rutten');
    await go(page, 'form[action="/account/naam"] button');
    assert.match(await page.textContent('#naam-fout'), /./);
    assert.equal(await page.inputValue('#weergavenaam'), 'Olaf Rutten');
    await page.fill('#weergavenaam', `Anne W. ${suffix}`);
    await go(page, 'form[action="/account/naam"] button');
    await page.goto(`${BASE}/${SLUG}#reactie-${id}`);
    assert.equal(await page.textContent(`#reactie-${id} .naam`), `Anne W. ${suffix}`);
    assert.deepEqual(problems, []);
    await context.close();

    const a = await asAuthor({ js });
    const mine = await postVia(a.context, `De auteur zegt iets (${mode}).`);
    await a.page.goto(`${BASE}/${SLUG}#reactie-${mine}`);
    assert.equal(await a.page.textContent(`#reactie-${mine} .naam`), 'Olaf Rutten');
    assert.equal(await a.page.textContent(`#reactie-${mine} .badge`), 'auteur');
    assert.match(await a.page.textContent('footer.handtekening'), /Olaf Rutten/);
    await a.context.close();
  });

  test(`a rejected reaction tells its writer why; lifting a ban puts back what it hid (${mode})`, async () => {
    const writer = await open(browser, { js });
    await register(writer.page, `afgewezen-${suffix}`);
    const first = await postVia(writer.context, `Koop nu mijn cursus (${mode})!`);
    const { context, page, problems } = await asAuthor({ js });
    await page.goto(`${BASE}/moderatie`);
    let item = page.locator(`#wacht-${first}`);
    await item.locator('summary', { hasText: 'Reden bij afwijzen' }).click();
    await item.locator('select').selectOption('Reclame');
    await go(page, item.locator('button[value$=":afwijzen"]'));
    assert.match(await page.textContent('.melding'), /afgewezen/);

    await writer.page.goto(`${BASE}/${SLUG}#reactie-${first}`);
    assert.match(await writer.page.textContent(`#reactie-${first} .afgewezen`), /niet geplaatst\. Reden: Reclame/);
    // Nobody else sees it.
    await anonymously(js, async (p) => assert.equal(await p.locator(`#reactie-${first}`).count(), 0));

    // A second reaction is approved, then hidden by a ban and put back when it is lifted.
    const second = await postVia(writer.context, `Een nette reactie (${mode}).`);
    await page.goto(`${BASE}/moderatie`);
    await go(page, page.locator(`#wacht-${second} button[value$=":goedkeuren"]`));
    await page.goto(`${BASE}/moderatie/lezers`);
    let entry = page.locator('ol.lezers > li', { hasText: `afgewezen-${suffix}` });
    await entry.locator('summary', { hasText: 'Blokkeren' }).click();
    await entry.locator('input[name=verbergen]').check();
    await go(page, entry.locator('button', { hasText: 'Blokkeren' }));
    await anonymously(js, async (p) => assert.equal(await p.locator(`#reactie-${second}`).count(), 0));
    entry = page.locator('ol.lezers > li', { hasText: `afgewezen-${suffix}` });
    assert.match(await entry.locator('label[for^=terugzetten]').textContent(), /de verborgen reactie terugzetten/);
    assert.ok(await entry.locator('input[name=terugzetten]').isChecked());
    await go(page, entry.locator('button', { hasText: 'Blokkade opheffen' }));
    await anonymously(js, async (p) => {
      assert.match(await p.textContent(`#reactie-${second}`), /Een nette reactie/);
      // The rejected one stays rejected.
      assert.equal(await p.locator(`#reactie-${first}`).count(), 0);
    });
    assert.deepEqual(problems, []);
    for (const c of [context, writer.context]) await c.close();
  });

  test(`hiding a reaction keeps its approved replies under "[verborgen]" and the count right (${mode})`, async () => {
    const setup = await asAuthor();
    const root = await postVia(setup.context, `Wordt verborgen (${mode}).`);
    const reply = await postVia(setup.context, `Blijft staan (${mode}).`, root);
    await setup.context.close();
    let before = 0;
    await anonymously(js, async (p) => { before = await shownCount(p); });

    const { context, page, problems } = await asAuthor({ js });
    await page.goto(`${BASE}/${SLUG}#reactie-${root}`);
    await page.locator(`#reactie-${root} > article summary`).click();
    await go(page, page.locator(`#reactie-${root} > article button`, { hasText: 'Verbergen' }));
    assert.equal(new URL(page.url()).hash, `#reactie-${root}`);

    await anonymously(js, async (p) => {
      assert.equal(await shownCount(p), before - 1);
      assert.equal(await p.textContent(`#reactie-${root} > article .naam`), '[verborgen]');
      assert.equal(await p.locator(`#reactie-${root} > article .tekst`).count(), 0);
      assert.match(await p.textContent(`#reactie-${reply}`), /Blijft staan/);
    });
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the site carries the name, description and contact the author sets, with and without JavaScript', async () => {
  for (const js of [true, false]) {
    const { context, page, problems } = await asAuthor({ js });
    const name = js ? 'NEE-blog' : 'Het NEE-blog';
    await page.goto(`${BASE}/moderatie/site`);
    await page.fill('#site-naam', name);
    await page.fill('#site-beschrijving', 'Over grenzen stellen');
    await page.fill('#site-contact', 'olaf@example.nl');
    await go(page, 'main form button[type=submit]');
    for (const path of ['/', '/inloggen', '/privacy']) {
      await page.goto(BASE + path);
      assert.equal(await page.textContent('header.site .site-naam'), name);
      assert.equal(await page.textContent('header.site .site-beschrijving'), 'Over grenzen stellen');
      assert.match(await page.textContent('footer.site'), /Contact: olaf@example\.nl/);
      if (path !== '/') assert.match(await page.title(), new RegExp(`· ${name}$`));
    }
    assert.match(await page.textContent('main'), /olaf@example\.nl/);
    // Back to the defaults: the author's name, nothing else.
    await page.goto(`${BASE}/moderatie/site`);
    for (const field of ['#site-naam', '#site-beschrijving', '#site-contact']) await page.fill(field, '');
    await go(page, 'main form button[type=submit]');
    await page.goto(`${BASE}/`);
    assert.equal(await page.textContent('header.site .site-naam'), 'Olaf Rutten');
    assert.equal(await page.locator('header.site .site-beschrijving').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
