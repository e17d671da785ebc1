// End-to-end: the schema-driven detail page and editor, tags, sharing between two projects,
// lifecycle actions and batch delete — in headless Chromium against the real dev cloud,
// checking every outcome through Glance's API rather than trusting the page. Each test makes
// the images it works on and logs in in a browser context of its own.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import {
  env, test, loggedIn, eventually, issueToken, api, deleteOwnImages, logIn, rowNames, results, say,
  definition, imageRows, button, cli, propField, tabShown, openTab, onImageTab, mainActions,
} from './harness.mjs';

const PATCH = 'application/openstack-images-v2.1-json-patch';

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
before(async () => {
  demo = await issueToken('demo');
  alt = await issueToken('alt');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  await deleteOwnImages(alt.token, alt.body.token.project.id);
});

test('the details tab shows schema sections, custom properties and copyable hashes', async (t) => {
  const img = await createImage({ name: 'detail-me', os_distro: 'ubuntu', 'x_custom.prop': 'v1' });
  await glance(demo.token, 'PUT', `/v2/images/${img.id}/file`, Buffer.alloc(1024, 1), 'application/octet-stream');
  const { panel } = await onImageTab(t, img.id, 'details');
  const sections = await panel.getByRole('heading', { level: 2 }).allInnerTexts();
  assert.deepEqual(sections.slice(0, 2), ['Identity', 'State']);
  assert.ok(sections.includes('Custom properties'), sections.join());
  assert.equal(await definition(panel, 'x_custom.prop').innerText(), 'v1');
  const fresh = await getImage(img.id);
  assert.match(await definition(panel, 'os_hash_value').innerText(), new RegExp(fresh.os_hash_value));
  assert.equal(await panel.getByRole('button', { name: 'Copy checksum', exact: true }).count(), 1);
  assert.equal(await panel.getByRole('button', { name: 'Copy id', exact: true }).count(), 1);
});

test('editing name, min_ram and a custom property saves one patch that Glance persists', async (t) => {
  const img = await createImage({ name: 'edit-me', os_distro: 'ubuntu' });
  const { page, base, panel } = await onImageTab(t, img.id, 'edit');
  // Every PATCH the page sends, as it went on the wire.
  const patches = [];
  page.on('request', (req) => { if (req.method() === 'PATCH') patches.push(req); });
  await propField(panel, 'name').fill('edited-name');
  await propField(panel, 'min_ram').fill('512');
  await propField(panel, 'os_distro').fill('debian');
  await panel.getByRole('textbox', { name: say('PropertyKey'), exact: true }).fill('owner_note');
  await panel.getByRole('textbox', { name: say('PropertyValue'), exact: true }).fill('made in e2e');
  await button(panel, 'AddProperty').click();
  await propField(panel, 'owner_note').waitFor();
  await page.getByRole('status').filter({ hasText: say('UnsavedChanges') }).waitFor();
  await button(panel, 'Save').click();
  const saved = cli(page.getByRole('main')).filter({ hasText: /^openstack image set / });
  await saved.waitFor();
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
  const stored = await getImage(img.id);
  assert.equal(stored.name, 'edited-name');
  assert.equal(stored.min_ram, 512);
  assert.equal(stored.os_distro, 'debian');
  assert.equal(stored.owner_note, 'made in e2e');
  const line = await saved.innerText();
  assert.match(line, /--min-ram 512/);
  assert.ok(line.includes(img.id));

  // Removing a custom property sends a remove.
  const again = await openTab(page, base, img.id, 'edit');
  await again.getByRole('button', { name: say('RemoveProperty', 'en', 'owner_note'), exact: true }).click();
  await button(again, 'Save').click();
  await eventually(async () => assert.equal((await getImage(img.id)).owner_note, undefined));
  assert.equal(patches.length, 2);
  assert.deepEqual(JSON.parse(patches[1].postData()), [{ op: 'remove', path: '/owner_note' }]);
});

test('invalid input is refused in the browser before anything is sent', async (t) => {
  const img = await createImage({ name: 'strict' });
  const { panel } = await onImageTab(t, img.id, 'edit');
  // The schema's maxLength is checked, not enforced by truncation: a 300-character paste
  // stays as pasted and the field says what is wrong.
  const name = propField(panel, 'name');
  await name.fill('x'.repeat(300));
  assert.equal((await name.inputValue()).length, 300);
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  await panel.getByRole('group', { name: 'Identity' }).getByRole('alert').filter({ hasText: /at most 255 characters/ }).waitFor();
  const minRam = propField(panel, 'min_ram');
  await minRam.fill('1.5');
  await button(panel, 'Save').click();
  await panel.getByRole('alert').filter({ hasText: /nothing was sent/ }).waitFor();
  assert.equal(await minRam.getAttribute('aria-invalid'), 'true');
  await panel.getByRole('group', { name: 'Requirements' }).getByRole('alert').filter({ hasText: /integer|whole/i }).waitFor();
  const after = await getImage(img.id);
  assert.equal(after.name, 'strict');
  assert.equal(after.updated_at, img.updated_at);
  // A custom key that is a schema property is refused too.
  const custom = panel.getByRole('group', { name: say('SectionCustom') });
  await custom.getByRole('textbox', { name: say('PropertyKey'), exact: true }).fill('min_disk');
  await button(custom, 'AddProperty').click();
  await custom.getByRole('alert').waitFor();
  await button(panel, 'DiscardChanges').click();
});

test('an unsaved edit survives navigation and a remote change is offered as a conflict', async (t) => {
  const img = await createImage({ name: 'draft-me' });
  const { page, panel } = await onImageTab(t, img.id, 'edit');
  await propField(panel, 'name').fill('mine');
  await page.getByRole('navigation', { name: say('MainNav') }).getByRole('link', { name: say('NavImages'), exact: true }).click();
  await results(page).waitFor();
  await page.goBack();
  const back = await tabShown(page, 'edit');
  assert.equal(await propField(back, 'name').inputValue(), 'mine');
  assert.ok(await page.getByRole('status').filter({ hasText: say('UnsavedChanges') }).isVisible());

  // Someone else changes the image meanwhile.
  const remote = await glance(demo.token, 'PATCH', `/v2/images/${img.id}`,
    [{ op: 'add', path: '/os_distro', value: 'fedora' }], PATCH);
  assert.equal(remote.status, 200, remote.text);
  await button(back, 'Save').click();
  const conflict = page.getByRole('alert').filter({ hasText: say('ConflictTitle') });
  await conflict.waitFor();
  assert.equal(await conflict.getByRole('row').filter({ has: page.getByRole('cell', { name: 'os_distro', exact: true }) }).count(), 1);
  assert.equal((await getImage(img.id)).name, 'draft-me', 'nothing saved before the user decides');
  await button(conflict, 'KeepMine').click();
  await button(back, 'Save').click();
  await eventually(async () => {
    const saved = await getImage(img.id);
    assert.equal(saved.name, 'mine');
    assert.equal(saved.os_distro, 'fedora', 'the remote change is kept');
  });
});

test('tags are added and removed through Glance, with keyboard support', async (t) => {
  const img = await createImage({ name: 'tag-me', tags: ['keep'] });
  const { page, panel } = await onImageTab(t, img.id, 'tags');
  const box = panel.getByRole('textbox', { name: say('TagNew'), exact: true });
  const chip = (tag) => panel.getByRole('listitem').filter({ has: page.getByRole('link', { name: tag, exact: true }) });
  // A tag longer than Glance's 255 characters is refused with the reason and kept in the box.
  await box.fill('t'.repeat(256));
  await box.press('Enter');
  await panel.getByRole('alert').filter({ hasText: /at most 255 characters; this one has 256/ }).waitFor();
  assert.equal((await box.inputValue()).length, 256);
  assert.deepEqual((await getImage(img.id)).tags, ['keep']);
  await box.fill('alpha beta');
  await box.press('Enter');
  await chip('alpha beta').waitFor();
  assert.deepEqual((await getImage(img.id)).tags.sort(), ['alpha beta', 'keep']);
  await cli(page.getByRole('main')).filter({ hasText: /openstack image set --tag 'alpha beta'/ }).waitFor();
  await chip('alpha beta').focus();
  await page.keyboard.press('Delete');
  await eventually(async () => assert.deepEqual((await getImage(img.id)).tags, ['keep']));
  await chip('alpha beta').waitFor({ state: 'detached' });
  // A tag Glance cannot take in a URL path goes through a patch of the whole list.
  await box.fill('镜像');
  await box.press('Enter');
  await chip('镜像').waitFor();
  assert.deepEqual((await getImage(img.id)).tags.sort(), ['keep', '镜像']);
  // Each chip links to the list filtered by its tag.
  assert.equal(await panel.getByRole('link', { name: 'keep', exact: true }).getAttribute('href'), '/images?tag=keep');
});

test('sharing round trip: demo shares with alt, alt accepts, demo removes alt', async (t) => {
  const img = await createImage({ name: 'share-me' });
  const altProject = alt.body.token.project.id;
  const { page, base, panel } = await onImageTab(t, img.id, 'sharing');
  // Private images must become shared first; the page offers it.
  const makeShared = button(panel, 'MakeSharedButton');
  await makeShared.click();
  await eventually(async () => assert.equal((await getImage(img.id)).visibility, 'shared'));
  await makeShared.waitFor({ state: 'detached' });
  // A name demo cannot resolve gives a clear message; the id works.
  const project = panel.getByRole('textbox', { name: say('MemberAdd'), exact: true });
  await project.fill('alt');
  await button(panel, 'MemberAdd').click();
  await panel.getByRole('alert').filter({ hasText: 'enter its ID' }).waitFor();
  await project.fill(altProject);
  await button(panel, 'MemberAdd').click();
  const member = panel.getByRole('row').filter({ hasText: altProject });
  await member.and(page.locator('[data-status="pending"]')).waitFor();
  assert.equal(await member.getByRole('cell').nth(3).innerText(), '—');

  const altTab = await page.context().newPage();
  await altTab.goto(base + '/shared');
  await logIn(altTab, 'alt');
  const row = altTab.getByRole('row').filter({ has: altTab.getByRole('link', { name: 'share-me', exact: true }) });
  await row.waitFor();
  // Pending images are not in alt's normal list.
  await altTab.goto(base + '/images?visibility=shared');
  await results(altTab).waitFor();
  assert.ok(!(await rowNames(altTab)).includes('share-me'));
  await altTab.goto(base + '/shared?member_status=pending');
  await button(row, 'Accept').click();
  await row.waitFor({ state: 'detached' });
  await altTab.goto(base + '/shared?member_status=accepted');
  await row.waitFor();
  await altTab.goto(base + '/images');
  await eventually(async () => assert.ok((await rowNames(altTab)).includes('share-me')));

  await page.reload();
  await member.and(page.locator('[data-status="accepted"]')).waitFor();
  // The answer's time shows once alt has answered.
  assert.notEqual(await member.getByRole('cell').nth(3).innerText(), '—');
  await button(member, 'Remove').click();
  await page.getByText(say('MembersEmpty'), { exact: true }).waitFor();
  await altTab.reload();
  await results(altTab).waitFor();
  await eventually(async () => assert.ok(!(await rowNames(altTab)).includes('share-me')));
  const altSees = await glance(alt.token, 'GET', `/v2/images/${img.id}`);
  assert.equal(altSees.status, 404);
  await altTab.close();
});

test('making a community image shared asks first', async (t) => {
  const img = await createImage({ name: 'community-me', visibility: 'community' });
  const { page, panel } = await onImageTab(t, img.id, 'sharing');
  await button(panel, 'MakeSharedButton').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(/every project can see it/).waitFor();
  await button(dialog, 'Cancel').click();
  assert.equal((await getImage(img.id)).visibility, 'community', 'Cancel changes nothing');
  await button(panel, 'MakeSharedButton').click();
  await button(dialog, 'Confirm').click();
  await eventually(async () => assert.equal((await getImage(img.id)).visibility, 'shared'));
});

test('a protected image cannot be deleted; unprotected it can, after confirmation', async (t) => {
  const img = await createImage({ name: 'guarded' });
  const { page, panel } = await onImageTab(t, img.id, 'actions');
  await button(panel, 'ProtectOn').click();
  await eventually(async () => assert.equal((await getImage(img.id)).protected, true));
  await panel.getByText(say('DeleteBlocked'), { exact: true }).waitFor();
  assert.ok(await button(mainActions(page), 'Delete').isDisabled());
  await cli(page.getByRole('main')).filter({ hasText: /--protected/ }).waitFor();
  assert.equal((await glance(demo.token, 'DELETE', `/v2/images/${img.id}`)).status, 403);
  // Glance 33's default policy lets the owner's members deactivate (policy.test.mjs does it).
  await button(panel, 'Deactivate').waitFor();

  await button(panel, 'ProtectOff').click();
  await eventually(async () => assert.equal((await getImage(img.id)).protected, false));
  const del = button(mainActions(page), 'Delete');
  await eventually(async () => assert.ok(await del.isEnabled()));
  await del.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(/Delete image “guarded”/).waitFor();
  assert.equal(await cli(dialog).innerText(), `openstack image delete ${img.id}`);
  await button(dialog, 'Confirm').click();
  await results(page).waitFor();
  assert.equal((await glance(demo.token, 'GET', `/v2/images/${img.id}`)).status, 404);
});

test('batch delete from the list reports each failure by image', async (t) => {
  const made = [];
  for (const name of ['batch-a', 'batch-b', 'batch-c']) made.push(await createImage({ name, tags: ['batch'] }));
  const locked = made[2];
  await glance(demo.token, 'PATCH', `/v2/images/${locked.id}`, [{ op: 'replace', path: '/protected', value: true }], PATCH);
  try {
    const { page } = await loggedIn(t, 'demo', { path: '/images?tag=batch&sort_key=name&sort_dir=asc' });
    await eventually(async () => assert.deepEqual(await rowNames(page), ['batch-a', 'batch-b', 'batch-c']));
    const selectAll = page.getByRole('checkbox', { name: say('SelectAll'), exact: true });
    const deleteSelected = page.getByRole('button', { name: /^Delete selected \(\d+\)$/ });
    await selectAll.check();
    assert.equal(await deleteSelected.innerText(), say('DeleteSelected', 'en', 3));
    // Another sort (or page, or filter) drops the selection: it was made on rows now elsewhere.
    await page.getByRole('columnheader', { name: /^Size/ }).getByRole('button').click();
    await page.waitForURL(/sort=size/);
    // With nothing selected, the selection's actions are gone.
    await deleteSelected.waitFor({ state: 'detached' });
    await page.goBack();
    await eventually(async () => assert.deepEqual(await rowNames(page), ['batch-a', 'batch-b', 'batch-c']));
    await selectAll.check();
    await deleteSelected.click();
    // The confirmation names what it deletes, and the command that would do the same.
    const dialog = page.getByRole('dialog');
    assert.deepEqual(await dialog.getByRole('listitem').allInnerTexts(), ['batch-a', 'batch-b', 'batch-c']);
    assert.match(await cli(dialog).innerText(), /^openstack image delete /);
    await button(dialog, 'Confirm').click();
    const failures = page.getByRole('alert').getByRole('listitem');
    await failures.first().waitFor();
    const texts = await failures.allInnerTexts();
    assert.equal(texts.length, 1);
    assert.match(texts[0], /batch-c: .*\(HTTP 403, request ID req-/);
    await eventually(async () => assert.deepEqual(await rowNames(page), ['batch-c']));
    assert.equal(await imageRows(page).count(), 1);
    assert.equal((await glance(demo.token, 'GET', `/v2/images/${made[0].id}`)).status, 404);
  } finally {
    await glance(demo.token, 'PATCH', `/v2/images/${locked.id}`, [{ op: 'replace', path: '/protected', value: false }], PATCH);
  }
});
