// End-to-end: what the user reads is what is there, and what they typed is not lost — names
// with bidi controls cannot reorder a confirmation, conflict values are shown as values (not
// JSON), a tag Glance refuses stays in its box, and a page never shows one image under
// another image's URL.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { env, startLoggedIn, eventually, issueToken, api, deleteOwnImages } from './harness.mjs';

const test = (name, fn) => nodeTest(name, { timeout: 120_000 }, fn);
const PATCH = 'application/openstack-images-v2.1-json-patch';

let portal;
let page;
let demo;

const glance = (...args) => api(env.glance, demo.token, ...args);
async function createImage(body) {
  const r = await glance('POST', '/v2/images', { disk_format: 'raw', container_format: 'bare', ...body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const openTab = async (id, tab) => {
  await page.goto(`${portal.base}/images/${id}?tab=${tab}`);
  await page.locator(`.gp-tabs__panel[data-tab="${tab}"]`).waitFor();
};

before(async () => {
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  portal = await startLoggedIn('demo');
  page = portal.page;
});

after(async () => {
  await portal?.close();
});

test('a name with a right-to-left override cannot reorder the delete confirmation', async () => {
  const name = 'report\u202Egnp.exe';
  const img = await createImage({ name });
  await openTab(img.id, 'actions');
  await page.click('#gp-delete');
  const question = await page.locator('.gp-dialog__question').textContent();
  // The name is isolated (FSI … PDI): its override ends at the PDI, before the sentence goes on.
  assert.equal(question, `Delete image “\u2068${name}\u2069”? This cannot be undone.`);
  const cancel = page.locator('.gp-dialog button[autofocus]');
  await cancel.click();
  // Chinese too.
  await page.selectOption('#gp-lang', 'zh-CN');
  try {
    await page.click('#gp-delete');
    assert.ok((await page.locator('.gp-dialog__question').textContent()).includes(`\u2068${name}\u2069`));
    await cancel.click();
  } finally {
    await page.selectOption('#gp-lang', 'en');
  }
});

test('an edit conflict shows the values themselves, not JSON', async () => {
  const img = await createImage({ name: 'plain' });
  await openTab(img.id, 'edit');
  await page.locator('.gp-prop[data-key="name"] input').fill('mine');
  const theirs = 'their "quoted" \\ name';
  assert.equal((await glance('PATCH', `/v2/images/${img.id}`, [{ op: 'replace', path: '/name', value: theirs }], PATCH)).status, 200);
  await page.click('#gp-save');
  const row = page.locator('.gp-conflict tr[data-key="name"] td');
  await row.first().waitFor();
  assert.deepEqual(await row.allInnerTexts(), ['name', 'plain', theirs]);
  await page.click('#gp-take-theirs');
});

test('a tag Glance refuses (the 129th) stays in its box beside the reason', async () => {
  const tags = Array.from({ length: 128 }, (_, i) => `t${i}`);
  const img = await createImage({ name: 'full-of-tags', tags });
  await openTab(img.id, 'tags');
  await page.fill('#gp-tag-new', 'one-too-many');
  await page.press('#gp-tag-new', 'Enter');
  const error = page.locator('.gp-error');
  await error.waitFor();
  assert.match(await error.innerText(), /Quota reached/);
  assert.equal(await page.locator('.gp-error__status').innerText(), '413');
  assert.equal(await page.inputValue('#gp-tag-new'), 'one-too-many', 'what was typed is still there');
  assert.equal((await glance('GET', `/v2/images/${img.id}`)).json.tags.length, 128);
});

test('going from one image to another never shows the first under the second one’s URL', async () => {
  const first = await createImage({ name: 'first-image' });
  const second = await createImage({ name: 'second-image' });
  await openTab(first.id, 'details');
  // Every frame, what the URL and the heading say, from just before the in-app navigation.
  await page.evaluate(() => {
    window.gpSeen = [];
    const record = () => {
      window.gpSeen.push([location.pathname, document.querySelector('.gp-detail__name')?.textContent ?? null]);
      if (window.gpSeen.length < 2000) requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
  });
  // An in-app navigation (the router's own history handling), not a page load.
  await page.evaluate((id) => {
    history.pushState(null, '', `/images/${id}`);
    dispatchEvent(new PopStateEvent('popstate'));
  }, second.id);
  await eventually(async () => assert.equal(await page.locator('.gp-detail__name').textContent(), 'second-image'));
  const seen = await page.evaluate(() => window.gpSeen);
  const wrong = seen.filter(([p, h]) => p === `/images/${second.id}` && h === 'first-image');
  assert.ok(seen.some(([p]) => p === `/images/${second.id}`), 'the navigation was observed');
  assert.deepEqual(wrong, [], 'the first image was shown under the second one’s URL');
});
