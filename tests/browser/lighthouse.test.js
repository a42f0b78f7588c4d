// Lighthouse on the index and the article, as an anonymous reader sees them:
// every category (performance, accessibility, best practices, SEO) must score
// 100. Lighthouse drives its own Chromium over the DevTools protocol, with its
// default mobile emulation and simulated throttling.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { BASE, SLUG } = require('./lib');

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
let chrome;
let lighthouse;

before(async () => {
  const launcher = await import('chrome-launcher');
  ({ default: lighthouse } = await import('lighthouse'));
  chrome = await launcher.launch({
    chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
});
after(async () => { if (chrome) await chrome.kill(); });

for (const [name, path] of [['the index', '/'], ['the article', `/${SLUG}`]]) {
  test(`Lighthouse scores 100 in every category on ${name}`, async () => {
    const result = await lighthouse(`${BASE}${path}`, {
      port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES,
    });
    const { categories, audits } = result.lhr;
    // On a miss, name the audits that cost points, so the failure says what to fix.
    const failing = Object.values(audits)
      .filter((a) => typeof a.score === 'number' && a.score < 1 && a.scoreDisplayMode !== 'informative'
        && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'notApplicable')
      .map((a) => `${a.id} (${a.score}${a.displayValue ? `, ${a.displayValue}` : ''})`);
    for (const id of CATEGORIES) {
      assert.equal(categories[id].score, 1, `${id} on ${path}: ${categories[id].score}; audits below 1: ${failing.join('; ')}`);
    }
  });
}
