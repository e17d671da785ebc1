// End-to-end: the schema-driven detail page and editor, tags, sharing between two projects,
// lifecycle actions and batch delete — in headless Chromium against the real dev cloud,
// checking every outcome through Glance's API rather than trusting the page.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  env, startPortal, eventually, issueToken, api, deleteOwnImages, logIn, rowNames,
} from './harness.mjs';

const test = (name, fn) => nodeTest(name, { timeout: 120_000 }, fn);
const PATCH = 'application/openstack-images-v2.1-json-patch';

let portal;
let page;
let demo;
let alt;

const glance = (token, ...args) => api(env.glance, token, ...args);
const getImage = async (id) => (await glance(demo.token, 'GET', `/v2/images/${id}`)).json;
async function createImage(body) {
  const r = await glance(demo.token, 'POST', '/v2/images',
    { disk_format: 'raw', container_format: 'bare', visibility: 'private', ...body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const field = (key) => page.locator(`.gp-prop[data-key="${key}"]`);
const openTab = async (id, tab) => {
  await page.goto(`${portal.base}/images/${id}?tab=${tab}`);
  await page.locator(`.gp-tabs__panel[data-tab="${tab}"]`).waitFor();
};

before(async () => {
  demo = await issueToken('demo');
  alt = await issueToken('alt');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  await deleteOwnImages(alt.token, alt.body.token.project.id);
  portal = await startPortal();
  page = portal.page;
  await page.goto(portal.base + '/images');
  await logIn(page, 'demo');
  await page.locator('.gp-results').waitFor();
});

after(async () => {
  await portal?.close();
});

test('the details tab shows schema sections, custom properties and copyable hashes', async () => {
  const img = await createImage({ name: 'detail-me', os_distro: 'ubuntu', 'x_custom.prop': 'v1' });
  await glance(demo.token, 'PUT', `/v2/images/${img.id}/file`, Buffer.alloc(1024, 1), 'application/octet-stream');
  await openTab(img.id, 'details');
  const sections = await page.locator('.gp-section__title').allInnerTexts();
  assert.deepEqual(sections.slice(0, 2), ['Identity', 'State']);
  assert.ok(sections.includes('Custom properties'), sections.join());
  const custom = page.locator('.gp-section', { hasText: 'Custom properties' });
  assert.match(await custom.innerText(), /x_custom\.prop\s+v1/);
  const fresh = await getImage(img.id);
  assert.match(await page.locator('[data-key="os_hash_value"] .gp-props__text').innerText(), new RegExp(fresh.os_hash_value));
  assert.equal(await page.locator('[data-key="checksum"] .gp-copy').count(), 1);
  assert.equal(await page.locator('[data-key="id"] .gp-copy').count(), 1);
});

test('editing name, min_ram and a custom property saves one patch that Glance persists', async () => {
  const img = await createImage({ name: 'edit-me', os_distro: 'ubuntu' });
  // Every PATCH the page sends, as it went on the wire.
  const patches = [];
  const onRequest = (req) => { if (req.method() === 'PATCH') patches.push(req); };
  page.on('request', onRequest);
  await openTab(img.id, 'edit');
  await field('name').locator('input').fill('edited-name');
  await field('min_ram').locator('input').fill('512');
  await field('os_distro').locator('input').fill('debian');
  await page.fill('#gp-new-key', 'owner_note');
  await page.fill('#gp-new-value', 'made in e2e');
  await page.click('.gp-edit__add button[type="submit"]');
  await field('owner_note').waitFor();
  assert.ok(await page.locator('.gp-edit__dirty').isVisible());
  await page.click('#gp-save');
  await page.locator('.gp-cli__command').waitFor();
  assert.equal(patches.length, 1, 'one save, one PATCH');
  assert.ok(patches[0].url().endsWith(`/v2/images/${img.id}`), patches[0].url());
  assert.equal((await patches[0].allHeaders())['content-type'], PATCH);
  const byPath = (a, b) => a.path.localeCompare(b.path);
  assert.deepEqual(JSON.parse(patches[0].postData()).sort(byPath), [
    { op: 'replace', path: '/min_ram', value: 512 },
    { op: 'replace', path: '/name', value: 'edited-name' },
    { op: 'replace', path: '/os_distro', value: 'debian' },
    { op: 'add', path: '/owner_note', value: 'made in e2e' },
  ].sort(byPath));
  const saved = await getImage(img.id);
  assert.equal(saved.name, 'edited-name');
  assert.equal(saved.min_ram, 512);
  assert.equal(saved.os_distro, 'debian');
  assert.equal(saved.owner_note, 'made in e2e');
  const cli = await page.locator('.gp-cli__command').innerText();
  assert.match(cli, /^openstack image set /);
  assert.match(cli, /--min-ram 512/);
  assert.ok(cli.includes(img.id));

  // Removing a custom property sends a remove.
  await openTab(img.id, 'edit');
  await field('owner_note').locator('.gp-prop__remove').click();
  await page.click('#gp-save');
  await eventually(async () => assert.equal((await getImage(img.id)).owner_note, undefined));
  page.off('request', onRequest);
  assert.equal(patches.length, 2);
  assert.deepEqual(JSON.parse(patches[1].postData()), [{ op: 'remove', path: '/owner_note' }]);
});

test('invalid input is refused in the browser before anything is sent', async () => {
  const img = await createImage({ name: 'strict' });
  await openTab(img.id, 'edit');
  // The schema's maxLength is checked, not enforced by truncation: a 300-character paste
  // stays as pasted and the field says what is wrong.
  await field('name').locator('input').fill('x'.repeat(300));
  assert.equal((await field('name').locator('input').inputValue()).length, 300);
  assert.match(await field('name').locator('.gp-field__error').innerText(), /at most 255 characters/);
  await field('min_ram').locator('input').fill('1.5');
  await page.click('#gp-save');
  await page.locator('.gp-edit__notice').waitFor();
  assert.match(await page.locator('.gp-edit__notice').innerText(), /nothing was sent/);
  assert.match(await field('min_ram').locator('.gp-field__error').innerText(), /integer|whole/i);
  const after = await getImage(img.id);
  assert.equal(after.name, 'strict');
  assert.equal(after.updated_at, img.updated_at);
  // A custom key that is a schema property is refused too.
  await page.fill('#gp-new-key', 'min_disk');
  await page.click('.gp-edit__add button[type="submit"]');
  await page.locator('.gp-edit__custom .gp-field__error').waitFor();
  await page.click('#gp-discard');
});

test('an unsaved edit survives navigation and a remote change is offered as a conflict', async () => {
  const img = await createImage({ name: 'draft-me' });
  await openTab(img.id, 'edit');
  await field('name').locator('input').fill('mine');
  await page.click('a.gp-header__link[href="/images"]');
  await page.locator('.gp-results').waitFor();
  await page.goBack();
  await page.locator('.gp-tabs__panel[data-tab="edit"]').waitFor();
  assert.equal(await field('name').locator('input').inputValue(), 'mine');
  assert.ok(await page.locator('.gp-edit__dirty').isVisible());

  // Someone else changes the image meanwhile.
  const remote = await glance(demo.token, 'PATCH', `/v2/images/${img.id}`,
    [{ op: 'add', path: '/os_distro', value: 'fedora' }], PATCH);
  assert.equal(remote.status, 200, remote.text);
  await page.click('#gp-save');
  await page.locator('.gp-conflict').waitFor();
  assert.equal(await page.locator('.gp-conflict tr[data-key="os_distro"]').count(), 1);
  assert.equal((await getImage(img.id)).name, 'draft-me', 'nothing saved before the user decides');
  await page.click('#gp-keep-mine');
  await page.click('#gp-save');
  await eventually(async () => {
    const saved = await getImage(img.id);
    assert.equal(saved.name, 'mine');
    assert.equal(saved.os_distro, 'fedora', 'the remote change is kept');
  });
});

test('tags are added and removed through Glance, with keyboard support', async () => {
  const img = await createImage({ name: 'tag-me', tags: ['keep'] });
  await openTab(img.id, 'tags');
  // A tag longer than Glance's 255 characters is refused with the reason and kept in the box.
  await page.fill('#gp-tag-new', 't'.repeat(256));
  await page.press('#gp-tag-new', 'Enter');
  assert.match(await page.locator('.gp-tag-editor__error').innerText(), /at most 255 characters; this one has 256/);
  assert.equal((await page.inputValue('#gp-tag-new')).length, 256);
  assert.deepEqual((await getImage(img.id)).tags, ['keep']);
  await page.fill('#gp-tag-new', 'alpha beta');
  await page.press('#gp-tag-new', 'Enter');
  await page.locator('.gp-chip[data-tag="alpha beta"]').waitFor();
  assert.deepEqual((await getImage(img.id)).tags.sort(), ['alpha beta', 'keep']);
  assert.match(await page.locator('.gp-cli__command').innerText(), /openstack image set --tag 'alpha beta'/);
  await page.locator('.gp-chip[data-tag="alpha beta"]').focus();
  await page.keyboard.press('Delete');
  await eventually(async () => assert.deepEqual((await getImage(img.id)).tags, ['keep']));
  await page.locator('.gp-chip[data-tag="alpha beta"]').waitFor({ state: 'detached' });
  // A tag Glance cannot take in a URL path goes through a patch of the whole list.
  await page.fill('#gp-tag-new', '镜像');
  await page.press('#gp-tag-new', 'Enter');
  await page.locator('.gp-chip[data-tag="镜像"]').waitFor();
  assert.deepEqual((await getImage(img.id)).tags.sort(), ['keep', '镜像']);
  // Each chip links to the list filtered by its tag.
  assert.equal(await page.locator('.gp-chip[data-tag="keep"] a').getAttribute('href'), '/images?tag=keep');
});

test('sharing round trip: demo shares with alt, alt accepts, demo removes alt', async () => {
  const img = await createImage({ name: 'share-me' });
  const altProject = alt.body.token.project.id;
  await openTab(img.id, 'sharing');
  // Private images must become shared first; the page offers it.
  await page.click('#gp-make-shared');
  await eventually(async () => assert.equal((await getImage(img.id)).visibility, 'shared'));
  await page.locator('#gp-make-shared').waitFor({ state: 'detached' });
  // A name demo cannot resolve gives a clear message; the id works.
  await page.fill('#gp-member-project', 'alt');
  await page.click('.gp-members__add button[type="submit"]');
  await page.locator('.gp-error', { hasText: 'enter its ID' }).waitFor();
  await page.fill('#gp-member-project', altProject);
  await page.click('.gp-members__add button[type="submit"]');
  await page.locator(`.gp-members__row[data-member="${altProject}"][data-status="pending"]`).waitFor();
  assert.equal(await page.locator(`.gp-members__row[data-member="${altProject}"] .gp-members__answered`).innerText(), '—');

  const altTab = await page.context().newPage();
  await altTab.goto(portal.base + '/shared');
  await logIn(altTab, 'alt');
  const row = altTab.locator(`.gp-shared__row[data-id="${img.id}"]`);
  await row.waitFor();
  // Pending images are not in alt's normal list.
  await altTab.goto(portal.base + '/images?visibility=shared');
  await altTab.locator('.gp-results').waitFor();
  assert.ok(!(await rowNames(altTab)).includes('share-me'));
  await altTab.goto(portal.base + '/shared?member_status=pending');
  await row.locator('button[data-answer="accepted"]').click();
  await row.waitFor({ state: 'detached' });
  await altTab.goto(portal.base + '/shared?member_status=accepted');
  await altTab.locator(`.gp-shared__row[data-id="${img.id}"]`).waitFor();
  await altTab.goto(portal.base + '/images');
  await eventually(async () => assert.ok((await rowNames(altTab)).includes('share-me')));

  await page.reload();
  await page.locator(`.gp-members__row[data-member="${altProject}"][data-status="accepted"]`).waitFor();
  // The answer's time shows once alt has answered.
  assert.notEqual(await page.locator(`.gp-members__row[data-member="${altProject}"] .gp-members__answered`).innerText(), '—');
  await page.locator(`.gp-members__row[data-member="${altProject}"] .gp-members__remove`).click();
  await page.locator('[data-empty="no-members"]').waitFor();
  await altTab.reload();
  await altTab.locator('.gp-results').waitFor();
  await eventually(async () => assert.ok(!(await rowNames(altTab)).includes('share-me')));
  const altSees = await glance(alt.token, 'GET', `/v2/images/${img.id}`);
  assert.equal(altSees.status, 404);
  await altTab.close();
});

test('making a community image shared asks first', async () => {
  const img = await createImage({ name: 'community-me', visibility: 'community' });
  await openTab(img.id, 'sharing');
  await page.click('#gp-make-shared');
  assert.match(await page.locator('.gp-members .gp-dialog__question').innerText(), /every project can see it/);
  await page.click('.gp-members .gp-dialog button:not(.gp-dialog__confirm)');
  assert.equal((await getImage(img.id)).visibility, 'community', 'Cancel changes nothing');
  await page.click('#gp-make-shared');
  await page.click('.gp-members .gp-dialog__confirm');
  await eventually(async () => assert.equal((await getImage(img.id)).visibility, 'shared'));
});

test('a protected image cannot be deleted; unprotected it can, after confirmation', async () => {
  const img = await createImage({ name: 'guarded' });
  await openTab(img.id, 'actions');
  await page.click('#gp-toggle-protected');
  await eventually(async () => assert.equal((await getImage(img.id)).protected, true));
  await page.locator('.gp-actions__blocked').waitFor();
  assert.ok(await page.locator('#gp-delete').isDisabled());
  assert.match(await page.locator('.gp-detail > .gp-cli .gp-cli__command').innerText(), /--protected/);
  assert.equal((await glance(demo.token, 'DELETE', `/v2/images/${img.id}`)).status, 403);
  // Glance 33's default policy lets the owner's members deactivate (policy.test.mjs does it).
  await page.locator('#gp-deactivate').waitFor();

  await page.click('#gp-toggle-protected');
  await eventually(async () => assert.equal((await getImage(img.id)).protected, false));
  await page.locator('#gp-delete:not([disabled])').click();
  assert.match(await page.locator('.gp-dialog__question').innerText(), /Delete image “guarded”/);
  assert.equal(await page.locator('.gp-dialog .gp-cli__command').innerText(), `openstack image delete ${img.id}`);
  await page.click('.gp-dialog__confirm');
  await page.locator('.gp-results').waitFor();
  assert.equal((await glance(demo.token, 'GET', `/v2/images/${img.id}`)).status, 404);
});

test('batch delete from the list reports each failure by image', async () => {
  const made = [];
  for (const name of ['batch-a', 'batch-b', 'batch-c']) made.push(await createImage({ name, tags: ['batch'] }));
  const locked = made[2];
  await glance(demo.token, 'PATCH', `/v2/images/${locked.id}`, [{ op: 'replace', path: '/protected', value: true }], PATCH);
  await page.goto(portal.base + '/images?tag=batch&sort_key=name&sort_dir=asc');
  await eventually(async () => assert.deepEqual(await rowNames(page), ['batch-a', 'batch-b', 'batch-c']));
  await page.check('#gp-select-all');
  assert.match(await page.locator('#gp-delete-selected').innerText(), /\(3\)/);
  // Another sort (or page, or filter) drops the selection: it was made on rows now elsewhere.
  await page.click('button[data-sort="size"]');
  await page.waitForURL(/sort=size/);
  await eventually(async () => assert.match(await page.locator('#gp-delete-selected').innerText(), /\(0\)/));
  assert.ok(await page.locator('#gp-delete-selected').isDisabled());
  await page.goBack();
  await eventually(async () => assert.deepEqual(await rowNames(page), ['batch-a', 'batch-b', 'batch-c']));
  await page.check('#gp-select-all');
  await page.click('#gp-delete-selected');
  // The confirmation names what it deletes, and the command that would do the same.
  assert.deepEqual(await page.locator('.gp-dialog__items li').allInnerTexts(), ['batch-a', 'batch-b', 'batch-c']);
  assert.match(await page.locator('.gp-batch .gp-dialog .gp-cli__command').innerText(), /^openstack image delete /);
  await page.click('.gp-dialog__confirm');
  await page.locator('.gp-batch__failures li').waitFor();
  const failures = await page.locator('.gp-batch__failures li').allInnerTexts();
  assert.equal(failures.length, 1);
  assert.match(failures[0], /batch-c: .*\(HTTP 403, request ID req-/);
  await eventually(async () => assert.deepEqual(await rowNames(page), ['batch-c']));
  assert.equal((await glance(demo.token, 'GET', `/v2/images/${made[0].id}`)).status, 404);
  await glance(demo.token, 'PATCH', `/v2/images/${locked.id}`, [{ op: 'replace', path: '/protected', value: false }], PATCH);
});
