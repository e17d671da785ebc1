// End-to-end: pages loaded on demand (src/pages/on_demand.rs, scripts/split-wasm.mjs). The
// login and the list come with the first load; each other page's code is fetched when it is
// first visited, or in the background once the list is shown; a deep link to any page works
// cold; a chunk that cannot be fetched is an error with Retry, not a dead portal.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  env, test, newPage, loggedIn, logIn, results, issueToken, api, imageRows, say, button, eventually,
  tabShown, filePicker,
} from './harness.mjs';

let demo;
let imageId;
/** Every page chunk the build made (split-<page>-<hash>.wasm). */
const splitModules = fs.readdirSync(env.dist).filter((f) => /^split-[a-z-]+-[0-9a-f]{16}\.wasm$/.test(f));
const chunkPattern = /\/(split|chunk)-[a-z0-9-]+-[0-9a-f]{16}\.wasm$/;

before(async () => {
  demo = await issueToken('demo');
  const r = await api(env.glance, demo.token, 'POST', '/v2/images',
    { name: 'on-demand-page', disk_format: 'raw', container_format: 'bare', visibility: 'private' });
  assert.equal(r.status, 201, r.text);
  imageId = r.json.id;
});

/** An init script: when the list's table entered the document, by the page's own clock
 * (`window.__gpListShownAt`), to compare with when resource fetches started. */
function listClock() {
  new MutationObserver((_, observer) => {
    if (document.querySelector('main table')) {
      window.__gpListShownAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

/** The chunk files `page` fetched, in order, as they finished. */
function chunksFetched(page) {
  const seen = [];
  page.on('requestfinished', (r) => {
    const m = new URL(r.url()).pathname.match(chunkPattern);
    if (m) seen.push(new URL(r.url()).pathname.slice(1));
  });
  return seen;
}

test('the build has a module per page; logging in shows the list before any page chunk is fetched, then prefetches them all', async (t) => {
  assert.deepEqual(splitModules.map((f) => f.replace(/-[0-9a-f]{16}\.wasm$/, '')).sort(),
    ['split-create-page', 'split-filter-form', 'split-image-page', 'split-shared-page', 'split-transfers-panel']);
  const { page, base } = await newPage(t);
  // When the list's table entered the document, by the page's own clock, to compare with
  // when each chunk's fetch started (performance's resource timing).
  await page.addInitScript(listClock);
  const seen = chunksFetched(page);
  await page.goto(`${base}/images`);
  await page.getByRole('button', { name: say('LoginSubmit'), exact: true }).waitFor();
  assert.deepEqual(seen, [], 'the login page fetched page chunks');
  await logIn(page, 'demo');
  await results(page).first().waitFor({ state: 'attached' });
  const { shownAt, early } = await page.evaluate(() => ({
    shownAt: window.__gpListShownAt,
    early: performance.getEntriesByType('resource')
      .filter((e) => /\/(split|chunk)-[a-z0-9-]+\.wasm$/.test(new URL(e.name).pathname) && e.startTime < window.__gpListShownAt)
      .map((e) => new URL(e.name).pathname),
  }));
  assert.equal(typeof shownAt, 'number', 'the list table was seen entering the page');
  assert.deepEqual(early, [], 'page chunks were requested before the list was shown');
  // Then every page's module arrives in the background.
  await eventually(() => {
    for (const f of splitModules) assert.ok(seen.includes(f), `${f} prefetched (fetched: ${seen.join(', ')})`);
  }, 30_000);
  // With the code here, a click on an image shows its page.
  await imageRows(page).first().getByRole('link').first().click();
  await tabShown(page, 'details');
});

test('each page opens cold by deep link, before anything was prefetched', async (t) => {
  const cases = [
    { path: `/images/${imageId}?tab=sharing`, ready: (p) => tabShown(p, 'sharing') },
    { path: '/images/new', ready: (p) => filePicker(p).waitFor({ state: 'attached' }) },
    { path: '/shared', ready: (p) => p.getByRole('heading', { level: 1 }).filter({ hasText: say('SharedTitle') }).waitFor() },
  ];
  for (const c of cases) {
    const { page } = await loggedIn(t, 'demo', { path: c.path, ready: (p) => p.locator('main') });
    await c.ready(page);
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, c.path);
  }
});

test('the image page is reached by navigation from the list', async (t) => {
  const { page } = await loggedIn(t, 'demo', { path: `/images?name=on-demand-page` });
  await imageRows(page).first().waitFor();
  await imageRows(page).first().getByRole('link').first().click();
  await tabShown(page, 'details');
  assert.match(page.url(), new RegExp(`/images/${imageId}$`));
});

test('a page whose code cannot be fetched shows why with Retry, and Retry loads it', async (t) => {
  const { page, base } = await newPage(t);
  // The image page's own module answers 503 until the test lets it through.
  let refuse = true;
  let refused = 0;
  await page.route(/\/split-image-page-[0-9a-f]{16}\.wasm$/, (route) => {
    if (!refuse) return route.continue();
    refused++;
    return route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>503 Service Unavailable</h1>' });
  });
  await page.goto(`${base}/images/${imageId}?tab=tags`);
  await logIn(page, 'demo');
  const alert = page.getByRole('alert').filter({ hasText: say('PageCodeUnavailableTitle') });
  await alert.waitFor();
  assert.ok(refused >= 1);
  assert.match(await alert.innerText(), new RegExp(say('PageCodeUnavailable').slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  // The rest of the portal still works: the header's navigation leads to the list.
  await page.getByRole('navigation').getByRole('link', { name: say('NavImages'), exact: true }).click();
  await results(page).first().waitFor({ state: 'attached' });
  await page.goBack();
  await alert.waitFor();
  refuse = false;
  await button(alert, 'Retry').click();
  await tabShown(page, 'tags');
  assert.match(page.url(), /tab=tags$/);
});

test('the filter form comes when the filters are opened, and an edit not yet applied survives closing them', async (t) => {
  const { page, base } = await newPage(t);
  // The form's module is held back (the prefetch asks for it too) until the test lets it go.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(/\/split-filter-form-[0-9a-f]{16}\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(`${base}/images`);
  await logIn(page, 'demo');
  await results(page).first().waitFor({ state: 'attached' });
  const summary = page.getByText(say('Filters'), { exact: true });
  const apply = page.getByRole('button', { name: say('Apply'), exact: true });
  await summary.click();
  await page.locator('#gp-filter-panel').getByRole('status').filter({ hasText: say('Loading') }).waitFor();
  assert.equal(await apply.count(), 0, 'no form before its code is here');
  release();
  await apply.waitFor();
  const name = page.getByRole('textbox', { name: say('FilterName'), exact: true });
  await name.fill('not-applied-yet');
  await summary.click();
  await apply.waitFor({ state: 'hidden' });
  await summary.click();
  await apply.waitFor();
  assert.equal(await name.inputValue(), 'not-applied-yet');
});

test('logging in and showing the list asks Keystone and Glance for each thing once, and for what other pages need only after the list is shown', async (t) => {
  const { page, base } = await newPage(t);
  await page.addInitScript(listClock);
  await page.goto(`${base}/images`);
  await page.getByRole('button', { name: say('LoginSubmit'), exact: true }).waitFor();
  const asked = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (/^\/(identity|image)\//.test(url.pathname)) asked.push(`${r.method()} ${url.pathname}${url.search}`);
  });
  await logIn(page, 'demo');
  await results(page).first().waitFor({ state: 'attached' });
  await page.waitForLoadState('networkidle');
  const counts = new Map();
  for (const a of asked) counts.set(a, (counts.get(a) || 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], `asked more than once: ${asked.join(', ')}`);
  assert.ok(asked.some((a) => a.startsWith('GET /image/v2/images?')), asked.join(', '));
  // The schemas and the cloud's import and store info wait until the list is shown; then
  // the prefetched pages start them, so a click on an image does not wait for them.
  await eventually(() => {
    for (const doc of ['/image/v2/schemas/image', '/image/v2/schemas/member', '/image/v2/info/import']) {
      assert.ok(asked.includes(`GET ${doc}`), `${doc} after the list: ${asked.join(', ')}`);
    }
  });
  const { shownAt, early } = await page.evaluate(() => ({
    shownAt: window.__gpListShownAt,
    early: performance.getEntriesByType('resource')
      .filter((e) => /\/v2\/(schemas|info)\//.test(e.name) && e.startTime < window.__gpListShownAt)
      .map((e) => e.name),
  }));
  assert.equal(typeof shownAt, 'number', 'the list table was seen entering the page');
  assert.deepEqual(early, [], 'documents only other pages need were asked before the list was shown');
});
