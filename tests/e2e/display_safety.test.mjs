// End-to-end: what the user reads is what is there, and what they typed is not lost — names
// with bidi controls cannot reorder a confirmation, conflict values are shown as values (not
// JSON), a tag Glance refuses stays in its box, and a page never shows one image under
// another image's URL.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import {
  env, test, onImageTab, eventually, issueToken, api, deleteOwnImages, say, button, propField, definition, mainActions,
} from './harness.mjs';

const PATCH = 'application/openstack-images-v2.1-json-patch';

let demo;

const glance = (...args) => api(env.glance, demo.token, ...args);
async function createImage(body) {
  const r = await glance('POST', '/v2/images', { disk_format: 'raw', container_format: 'bare', ...body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

before(async () => {
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
});

test('a name with a right-to-left override cannot reorder the delete confirmation', async (t) => {
  const name = 'report\u202Egnp.exe';
  const img = await createImage({ name });
  const { page } = await onImageTab(t, img.id, 'actions');
  await button(mainActions(page), 'Delete').click();
  const dialog = page.getByRole('dialog');
  const question = await dialog.getByRole('paragraph').first().textContent();
  // The name is isolated (FSI … PDI): its override ends at the PDI, before the sentence goes on.
  assert.equal(question, `Delete image “\u2068${name}\u2069”? This cannot be undone.`);
  await button(dialog, 'Cancel').click();
  // Chinese too.
  await page.getByRole('combobox', { name: say('Language') }).selectOption('zh-CN');
  await mainActions(page).getByRole('button', { name: say('Delete', 'zh-CN'), exact: true }).click();
  assert.ok((await dialog.getByRole('paragraph').first().textContent()).includes(`\u2068${name}\u2069`));
  await dialog.getByRole('button', { name: say('Cancel', 'zh-CN'), exact: true }).click();
});

test('an edit conflict shows the values themselves, not JSON', async (t) => {
  const img = await createImage({ name: 'plain' });
  const { page, panel } = await onImageTab(t, img.id, 'edit');
  await propField(panel, 'name').fill('mine');
  const theirs = 'their "quoted" \\ name';
  assert.equal((await glance('PATCH', `/v2/images/${img.id}`, [{ op: 'replace', path: '/name', value: theirs }], PATCH)).status, 200);
  await button(panel, 'Save').click();
  const conflict = page.getByRole('alert').filter({ hasText: say('ConflictTitle') });
  const row = conflict.getByRole('row').filter({ has: page.getByRole('cell', { name: 'name', exact: true }) }).getByRole('cell');
  await row.first().waitFor();
  assert.deepEqual(await row.allInnerTexts(), ['name', 'plain', theirs]);
  await button(conflict, 'TakeTheirs').click();
});

test('a tag Glance refuses (the 129th) stays in its box beside the reason', async (t) => {
  const tags = Array.from({ length: 128 }, (_, i) => `t${i}`);
  const img = await createImage({ name: 'full-of-tags', tags });
  const { page, panel } = await onImageTab(t, img.id, 'tags');
  const box = panel.getByRole('textbox', { name: say('TagNew'), exact: true });
  await box.fill('one-too-many');
  await box.press('Enter');
  const error = page.getByRole('alert').filter({ hasText: /Quota reached/ });
  await error.waitFor();
  assert.equal(await definition(error, say('HttpStatus')).innerText(), '413');
  assert.equal(await box.inputValue(), 'one-too-many', 'what was typed is still there');
  assert.equal((await glance('GET', `/v2/images/${img.id}`)).json.tags.length, 128);
});

test('going from one image to another never shows the first under the second one’s URL', async (t) => {
  const first = await createImage({ name: 'first-image' });
  const second = await createImage({ name: 'second-image' });
  const { page } = await onImageTab(t, first.id, 'details');
  // Every frame, what the URL and the heading say, from just before the in-app navigation.
  await page.evaluate(() => {
    window.gpSeen = [];
    const record = () => {
      window.gpSeen.push([location.pathname, document.querySelector('main h1')?.textContent ?? null]);
      if (window.gpSeen.length < 2000) requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
  });
  // An in-app navigation (the router's own history handling), not a page load.
  await page.evaluate((id) => {
    history.pushState(null, '', `/images/${id}`);
    dispatchEvent(new PopStateEvent('popstate'));
  }, second.id);
  await eventually(async () => assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'second-image'));
  const seen = await page.evaluate(() => window.gpSeen);
  const wrong = seen.filter(([p, h]) => p === `/images/${second.id}` && h === 'first-image');
  assert.ok(seen.some(([p]) => p === `/images/${second.id}`), 'the navigation was observed');
  assert.deepEqual(wrong, [], 'the first image was shown under the second one’s URL');
});
