// End-to-end: uploads through the portal with in-browser md5 + sha512 verified against what
// Glance stored, format sniffing before upload, cancel and retry — real files made with
// qemu-img and random bytes, checked against md5sum/sha512sum and Glance's API.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import {
  env, test, loggedIn, onImageTab, eventually, issueToken, api, deleteOwnImages, digest, scratchDir, say, button,
  cli, propField, filePicker, fileEntry, transfer, transfers, webDownload, downloadRow, imageRows, sayAny, mainActions, fromUrl,
} from './harness.mjs';

const slow = { timeout: 180_000 };
let demo;
let scratch;
let dir;

const glance = (...args) => api(env.glance, demo.token, ...args);

before(async () => {
  scratch = scratchDir('files');
  dir = scratch.dir;
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
});

after(() => {
  scratch?.remove();
});

/** A new context with demo on the create page. */
const newImagePage = (t) => loggedIn(t, 'demo', { path: '/images/new', ready: filePicker });
/** Chooses `file` on the create page; resolves to its entry once its format is detected. */
async function choose(page, file, detected = 'raw') {
  await filePicker(page).setInputFiles([file]);
  const entry = fileEntry(page, path.basename(file));
  await entry.locator(`[data-detected="${detected}"]`).waitFor();
  return entry;
}
/** Create and upload; resolves to the newest transfer row of `file`. */
async function createAndUpload(page, file) {
  await button(page, 'CreateAndUpload').click();
  return transfer(page, path.basename(file)).last();
}
// The create page's own store select comes before the web-download form's.
const uploadStore = (page) => page.getByRole('combobox', { name: say('StoreLabel'), exact: true }).first();

test('a real qcow2 and a 64 MiB raw file upload and verify against md5sum/sha512sum', slow, async (t) => {
  const qcow2 = path.join(dir, 'cirros-like.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', qcow2, '1G']);
  const raw = scratch.random('random.raw', 64 << 20);
  const { page } = await newImagePage(t);
  await filePicker(page).setInputFiles([qcow2, raw]);
  const q = fileEntry(page, 'cirros-like.qcow2');
  const r = fileEntry(page, 'random.raw');
  await q.locator('[data-detected="qcow2"]').waitFor();
  await r.locator('[data-detected="raw"]').waitFor();
  assert.match(await q.locator('[data-detected]').innerText(), /virtual size 1\.0 GiB/);
  assert.equal(await propField(q, 'disk_format').inputValue(), 'qcow2');
  assert.equal(await propField(q, 'name').inputValue(), 'cirros-like');
  await button(page, 'CreateAndUpload').click();
  await eventually(async () => assert.equal(await transfers(page).locator('[data-verify="verified"]').count(), 2), 120_000);
  // The workers report their memory with each slice; the benchmark prints the peak.
  for (const row of await transfers(page).all()) {
    assert.ok(Number(await row.getAttribute('data-worker-memory')) > 0);
  }
  for (const [file, name] of [[qcow2, 'cirros-like'], [raw, 'random']]) {
    const { json } = await glance('GET', `/v2/images?name=${name}`);
    const img = json.images[0];
    assert.equal(img.status, 'active');
    assert.equal(img.checksum, digest('md5sum', file));
    assert.equal(img.os_hash_algo, 'sha512');
    assert.equal(img.os_hash_value, digest('sha512sum', file));
    assert.equal(img['owner_specified.openstack.md5'], img.checksum);
    assert.equal(img['owner_specified.openstack.sha512'], img.os_hash_value);
    assert.equal(img.size, fs.statSync(file).size);
  }
});

test('a disk_format that disagrees with the data is caught before anything is sent, in the language shown', slow, async (t) => {
  const raw = scratch.random('not-really.qcow2', 1 << 20);
  const { page } = await newImagePage(t);
  const entry = await choose(page, raw);
  await propField(entry, 'disk_format').selectOption('qcow2');
  // The warning as soon as the format is chosen, then the create's refusal beside it.
  await entry.getByRole('alert').first().waitFor();
  await button(page, 'CreateAndUpload').click();
  const refused = (lang) => entry.getByRole('alert').filter({ hasText: `${say('SniffRefused', lang, 'raw', 'qcow2')}${lang === 'en' ? ' ' : ''}${say('SniffChooseFormat', lang, 'raw')}` });
  await eventually(async () => assert.equal(await refused('en').count(), 2, 'the warning, and the create\'s refusal'));
  const { json } = await glance('GET', '/v2/images?name=not-really');
  assert.equal(json.images.length, 0, 'no image was created');
  // Both are worded again in Chinese after a switch.
  await page.getByRole('combobox', { name: say('Language') }).selectOption('zh-CN');
  await eventually(async () => assert.equal(await refused('zh-CN').count(), 2));
  assert.equal(await refused('en').count(), 0);
});

test('cancel mid-upload leaves the image queued; retry completes into the same image', slow, async (t) => {
  const big = scratch.random('big.raw', 384 << 20);
  const { page } = await newImagePage(t);
  await choose(page, big);
  const row = await createAndUpload(page, big);
  await button(row, 'Cancel').click();
  await row.locator('[data-verify="cancelled"]').waitFor();
  const id = await row.getAttribute('data-image');
  await eventually(async () => assert.equal((await glance('GET', `/v2/images/${id}`)).json.status, 'queued'));
  await button(row, 'Retry').click();
  // On failure the row's own words (phase, error with request id) go into the report.
  await eventually(async () => assert.equal(await row.locator('[data-verify="verified"]').count(), 1,
    await row.innerText()), 120_000);
  const img = (await glance('GET', `/v2/images/${id}`)).json;
  assert.equal(img.status, 'active');
  assert.equal(img.checksum, digest('md5sum', big));
});

test('web-download imports a file served on 127.0.0.1', slow, async (t) => {
  const file = scratch.random('served.raw', 3 << 20);
  const http = await import('node:http');
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { page } = await newImagePage(t);
    const form = await fromUrl(page);
    await form.getByRole('textbox', { name: 'URL', exact: true }).fill(`http://127.0.0.1:${server.address().port}/served.raw`);
    await form.getByRole('textbox', { name: say('ColName'), exact: true }).fill('from-url');
    await button(form, 'ImportStart').click();
    await form.locator('[data-state="active"]').waitFor({ timeout: 60_000 });
    const id = await form.locator('[data-state]').getAttribute('data-image');
    const img = (await glance('GET', `/v2/images/${id}`)).json;
    assert.equal(img.name, 'from-url');
    assert.equal(img.checksum, digest('md5sum', file));
    assert.equal(img.os_hash_value, digest('sha512sum', file));
  } finally {
    server.close();
  }
});

test('downloading an image verifies it against Glance and md5sum', slow, async (t) => {
  const file = scratch.random('download-me.raw', 5 << 20);
  const created = await glance('POST', '/v2/images', { name: 'download-me', disk_format: 'raw', container_format: 'bare' });
  const id = created.json.id;
  assert.equal((await glance('PUT', `/v2/images/${id}/file`, fs.readFileSync(file), 'application/octet-stream')).status, 204);
  // Headless Chromium cannot answer a save dialog: this page takes the in-memory path, which
  // ends in a regular download the test can read back.
  const { page, panel } = await onImageTab(t, id, 'actions');
  await page.evaluate(() => { delete window.showSaveFilePicker; });
  const [saved] = await Promise.all([page.waitForEvent('download'), button(mainActions(page), 'Download').click()]);
  const target = path.join(dir, 'downloaded.raw');
  await saved.saveAs(target);
  // The download runs in the transfers panel, where the summary says it is.
  await page.getByText(say('DownloadInPanel'), { exact: true }).waitFor();
  const download = downloadRow(page, 'download-me');
  await download.locator('[data-verify="verified"]').waitFor();
  await download.getByText(say('SavedInMemory'), { exact: true }).waitFor();
  assert.equal(digest('md5sum', target), digest('md5sum', file));
  assert.equal(digest('sha512sum', target), digest('sha512sum', file));
  assert.equal(await download.getAttribute('data-bytes'), String(5 << 20));
});

test("verify stored data reads an image through without saving it: intact it verifies, damaged on disk it is a mismatch", slow, async (t) => {
  const file = scratch.random('stored-check.raw', 3 << 20);
  const id = (await glance('POST', '/v2/images', { name: 'stored-check', disk_format: 'raw', container_format: 'bare' })).json.id;
  assert.equal((await glance('PUT', `/v2/images/${id}/file`, fs.readFileSync(file), 'application/octet-stream')).status, 204);
  const { page, panel } = await onImageTab(t, id, 'actions');
  let downloads = 0;
  page.on('download', () => { downloads += 1; });
  await button(panel, 'VerifyStored').click();
  const first = downloadRow(page, 'stored-check');
  await first.locator('[data-verify="verified"]').waitFor();
  await first.getByText(say('SavedNotKept'), { exact: true }).waitFor();
  assert.equal(await first.getAttribute('data-check-only'), 'true');
  // The file store's copy, damaged where nobody looks: one byte in the middle.
  const stored = path.join(process.env.GP_STATE_DIR, 'glance', 'images', id);
  const fd = fs.openSync(stored, 'r+');
  const byte = Buffer.alloc(1);
  fs.readSync(fd, byte, 0, 1, 1 << 20);
  byte[0] ^= 0xff;
  fs.writeSync(fd, byte, 0, 1, 1 << 20);
  fs.closeSync(fd);
  await button(panel, 'VerifyStored').click();
  const second = downloadRow(page, 'stored-check');
  await second.locator('[data-verify="mismatch"]').waitFor();
  await second.getByText(say('MismatchStored'), { exact: true }).waitFor();
  assert.equal(downloads, 0, 'nothing was saved');
  // Glance itself still reports the image as it was: only reading the data finds the damage.
  assert.equal((await glance('GET', `/v2/images/${id}`)).json.status, 'active');
});

test('verify stored data for images selected in the list checks them one at a time, each with its verdict', slow, async (t) => {
  const made = [];
  for (const name of ['checked-a', 'checked-b']) {
    const file = scratch.random(`${name}.raw`, 2 << 20);
    const id = (await glance('POST', '/v2/images', { name, disk_format: 'raw', container_format: 'bare', tags: ['checked'] })).json.id;
    assert.equal((await glance('PUT', `/v2/images/${id}/file`, fs.readFileSync(file), 'application/octet-stream')).status, 204);
    made.push(id);
  }
  // checked-b's stored copy is damaged on disk.
  const stored = path.join(process.env.GP_STATE_DIR, 'glance', 'images', made[1]);
  const bytes = fs.readFileSync(stored);
  bytes[12345] ^= 0xff;
  fs.writeFileSync(stored, bytes);
  const { page } = await loggedIn(t, 'demo', { path: '/images?tag=checked&sort_key=name&sort_dir=asc' });
  // The first image's data is held back until the test lets it go: meanwhile the second waits.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(`**/v2/images/${made[0]}/file`, async (route) => { await held; await route.continue(); });
  await eventually(async () => assert.equal(await imageRows(page).count(), 2));
  await page.getByRole('checkbox', { name: say('SelectAll'), exact: true }).check();
  const verify = page.getByRole('button', { name: say('VerifySelected', 'en', 2), exact: true });
  await verify.click();
  const a = downloadRow(page, 'checked-a');
  const b = downloadRow(page, 'checked-b');
  await b.locator('[data-verify="waiting"]').waitFor();
  await a.getByText(sayAny('Downloading')).waitFor();
  assert.equal(await b.getAttribute('data-bytes'), '0', 'the second check waits for the first');
  release();
  await a.locator('[data-verify="verified"]').waitFor();
  await b.locator('[data-verify="mismatch"]').waitFor();
  await b.getByText(say('MismatchStored'), { exact: true }).waitFor();
  for (const row of [a, b]) assert.equal(await row.getAttribute('data-check-only'), 'true');
  // The selection stays, for the next action on the same rows.
  assert.equal(await verify.isEnabled(), true);
});

test('glance-direct stages, imports and verifies', slow, async (t) => {
  const { page } = await newImagePage(t);
  await page.getByRole('combobox', { name: say('UploadWith') }).selectOption('glance-direct');
  const file = scratch.random('staged.raw', 6 << 20);
  await choose(page, file);
  const row = await createAndUpload(page, file);
  await row.locator('[data-verify="verified"]').waitFor({ timeout: 60_000 });
  const id = await row.getAttribute('data-image');
  const img = (await glance('GET', `/v2/images/${id}`)).json;
  assert.equal(img.status, 'active');
  assert.equal(img.checksum, digest('md5sum', file));
  assert.equal(img.os_hash_value, digest('sha512sum', file));
});

test('typing in the create form keeps focus; tags, custom and schema properties and the store reach Glance', slow, async (t) => {
  const { page } = await newImagePage(t);
  const file = scratch.random('typed.raw', 2 << 20);
  const entry = await choose(page, file);
  // Typed key by key, as a person does: a form rebuilt on each keystroke would lose focus
  // after the first character and drop the rest.
  const name = propField(entry, 'name');
  await name.fill('');
  await name.pressSequentially('typed-by-hand', { delay: 5 });
  assert.equal(await name.inputValue(), 'typed-by-hand');
  await propField(entry, 'min_ram').pressSequentially('512', { delay: 5 });
  const tags = entry.getByRole('textbox', { name: say('TagsLabel'), exact: true });
  await tags.pressSequentially('alpha, "b,eta"', { delay: 5 });
  assert.equal(await tags.inputValue(), 'alpha, "b,eta"');
  const custom = entry.getByRole('group', { name: say('SectionCustom') });
  await button(custom, 'AddProperty').click();
  const key = custom.getByRole('textbox', { name: say('PropertyKey'), exact: true }).last();
  // A reserved name is refused inline, before anything is sent.
  await key.pressSequentially('os_glance_x', { delay: 5 });
  await custom.getByRole('alert').waitFor();
  await key.fill('');
  await key.pressSequentially('hw_disk_bus', { delay: 5 });
  await custom.getByRole('textbox', { name: say('PropertyValue'), exact: true }).last().pressSequentially('virtio', { delay: 5 });
  assert.equal(await custom.getByRole('alert').count(), 0);
  // The dev cloud has two file stores: send this one to "archive".
  await uploadStore(page).selectOption('archive');
  const row = await createAndUpload(page, file);
  await row.locator('[data-verify="verified"]').waitFor({ timeout: 60_000 });
  const id = await row.getAttribute('data-image');
  const img = (await glance('GET', `/v2/images/${id}`)).json;
  assert.equal(img.name, 'typed-by-hand');
  assert.equal(img.min_ram, 512);
  assert.deepEqual([...img.tags].sort(), ['alpha', 'b,eta']);
  assert.equal(img.hw_disk_bus, 'virtio');
  assert.equal(img.stores, 'archive');
  assert.equal(img.checksum, digest('md5sum', file));
});

test('the cancel button is one element for the whole upload, not rebuilt on each progress event', slow, async (t) => {
  const { page } = await newImagePage(t);
  const file = scratch.random('steady.raw', 256 << 20);
  await choose(page, file);
  const row = await createAndUpload(page, file);
  const cancel = await button(row, 'Cancel').elementHandle();
  const sent = row.getByRole('progressbar').first();
  const before = await sent.evaluate((p) => p.value);
  await eventually(async () => {
    const now = await sent.evaluate((p) => p.value);
    assert.ok(now > before, 'progress moved');
  });
  assert.equal(await cancel.evaluate((el) => el.isConnected), true, 'the same button is still in the page');
  await cancel.click();
  await row.locator('[data-verify="cancelled"]').waitFor();
  // A cancelled upload offers Delete, which removes the queued image.
  const id = await row.getAttribute('data-image');
  await button(row, 'Delete').click();
  await row.locator('[data-verify="deleted"]').waitFor();
  assert.equal((await glance('GET', `/v2/images/${id}`)).status, 404);
});

test('an image shows whether Glance holds the data its uploader hashed', slow, async (t) => {
  // Uploaded through the portal, which records the digests it computed on the image.
  const { page, base } = await newImagePage(t);
  const file = scratch.random('hashed.raw', 1 << 20);
  await choose(page, file);
  const row = await createAndUpload(page, file);
  await row.locator('[data-verify="verified"]').waitFor({ timeout: 60_000 });
  const id = await row.getAttribute('data-image');
  await page.goto(`${base}/images/${id}`);
  const integrity = page.getByRole('group', { name: say('Integrity'), exact: true });
  await integrity.locator('[data-verify="verified"]').waitFor();
  // Record a digest that is not the data's: every viewer is told, on every tab.
  const patch = [{ op: 'replace', path: '/owner_specified.openstack.md5', value: '0'.repeat(32) }];
  assert.equal((await glance('PATCH', `/v2/images/${id}`, patch, 'application/openstack-images-v2.1-json-patch')).status, 200);
  await page.goto(`${base}/images/${id}?tab=tags`);
  const alarm = integrity.getByRole('alert').and(page.locator('[data-verify="mismatch"]'));
  await alarm.waitFor();
  assert.match(await alarm.innerText(), /checksum: yours 0{32}, Glance's [0-9a-f]{32}/);
});

test('copy-image: a member is not offered it (admin-only policy), an admin copies into the second store', slow, async (t) => {
  const file = scratch.random('copy-me.raw', 1 << 20);
  const created = await glance('POST', '/v2/images', { name: 'copy-me', disk_format: 'raw', container_format: 'bare' });
  const id = created.json.id;
  assert.equal((await glance('PUT', `/v2/images/${id}/file`, fs.readFileSync(file), 'application/octet-stream')).status, 204);
  const copyRegion = (panel) => panel.getByRole('region', { name: say('CopyToStores') });
  const { panel } = await onImageTab(t, id, 'actions');
  const copy = copyRegion(panel);
  await copy.waitFor();
  assert.equal(await copy.locator('[data-stores]').first().getAttribute('data-stores'), 'fs');
  // Glance's default copy_image rule is admin-only: no form that would only earn a 403, and
  // the hint names the rule.
  const hint = copy.getByText(/not offered\. This cloud's policy rule “copy_image”/);
  await hint.waitFor();
  assert.match(await hint.innerText(), /“copy_image” \(rule:context_is_admin\)/);
  assert.equal(await button(copy, 'CopyStart').count(), 0);
  // Glance agrees: the same import as demo is refused.
  const refused = await glance('POST', `/v2/images/${id}/import`, { method: { name: 'copy-image' }, stores: ['archive'] });
  assert.equal(refused.status, 403, refused.text);

  const { panel: adminPanel } = await onImageTab(t, id, 'actions', { user: 'admin' });
  const adminCopy = copyRegion(adminPanel);
  await adminCopy.getByRole('checkbox', { name: /^archive\b/ }).check();
  await button(adminCopy, 'CopyStart').click();
  const done = adminCopy.locator('[data-state="done"]');
  await done.waitFor({ timeout: 60_000 });
  assert.equal(await done.getAttribute('data-stores'), 'fs,archive');
  assert.match(await cli(adminCopy).innerText(), /openstack image import --method copy-image --store archive --allow-failure/);
  const img = (await glance('GET', `/v2/images/${id}`)).json;
  assert.deepEqual(img.stores.split(',').sort(), ['archive', 'fs']);
});
