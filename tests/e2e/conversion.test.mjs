// End-to-end on a cloud that converts imports (scripts/devcloud.sh with GP_GLANCE_CONVERT=raw:
// Glance's image_conversion plugin): a real qcow2 made with qemu-img, imported through the
// portal by glance-direct and by web-download, ends raw; the portal says "converted", never
// "mismatch", offers no Delete/Deactivate for it, and shows Glance's import tasks. Checked
// against Glance's API and qemu-img's own conversion of the same file.
//
// scripts/test.sh runs this file a second time against its converting cloud; against a cloud
// that does not convert (the main e2e run) it is skipped, since nothing would be converted.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { env, startPortal, issueToken, api, deleteOwnImages, logIn } from './harness.mjs';

const converting = process.env.GP_GLANCE_CONVERT === 'raw';
const test = (name, fn) => nodeTest(name, {
  timeout: 180_000,
  skip: converting ? false : 'needs a cloud started with GP_GLANCE_CONVERT=raw (scripts/test.sh starts one)',
}, fn);
const QEMU_IMG = process.env.GP_QEMU_IMG || '/usr/bin/qemu-img';

let portal;
let page;
let demo;
let dir;
let qcow2;
let rawDigests;

const digest = (cmd, file) => execFileSync(cmd, [file]).toString().split(/\s+/)[0];
const glance = (...args) => api(env.glance, demo.token, ...args);
const getImage = async (id) => (await glance('GET', `/v2/images/${id}`)).json;

/** An image created as `disk_format`, `data` staged and imported by glance-direct, via the API. */
async function importByApi(name, diskFormat, extra = {}) {
  const created = await glance('POST', '/v2/images', { name, disk_format: diskFormat, container_format: 'bare', ...extra });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  const staged = await glance('PUT', `/v2/images/${id}/stage`, fs.readFileSync(qcow2), 'application/octet-stream');
  assert.equal(staged.status, 204, staged.text);
  const imported = await glance('POST', `/v2/images/${id}/import`, { method: { name: 'glance-direct' } });
  assert.equal(imported.status, 202, imported.text);
  for (let i = 0; i < 120; i++) {
    const img = await getImage(id);
    if (!['uploading', 'importing'].includes(img.status) && !img.os_glance_importing_to_stores) return img;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`import of ${name} did not settle`);
}

before(async () => {
  if (!converting) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-e2e-convert-'));
  // A real qcow2 (196 616 bytes for 64 MiB virtual), and what qemu-img itself converts it to:
  // Glance's plugin runs the same `qemu-img convert -O raw`.
  qcow2 = path.join(dir, 'tiny.qcow2');
  execFileSync(QEMU_IMG, ['create', '-q', '-f', 'qcow2', qcow2, '64M']);
  const raw = path.join(dir, 'tiny.raw');
  execFileSync(QEMU_IMG, ['convert', '-f', 'qcow2', '-O', 'raw', qcow2, raw]);
  rawDigests = { md5: digest('md5sum', raw), sha512: digest('sha512sum', raw), size: fs.statSync(raw).size };
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  portal = await startPortal();
  page = portal.page;
  await page.goto(portal.base + '/images/new');
  await logIn(page, 'demo');
  await page.locator('#gp-files').waitFor({ state: 'attached' });
});

after(async () => {
  await portal?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The image page says converted (not mismatch) on every tab and lists the import task. */
async function imagePageSaysConverted(id, { from, method }) {
  await page.goto(`${portal.base}/images/${id}`);
  const verdict = page.locator('.gp-detail__integrity [data-verify="converted"]');
  await verdict.waitFor();
  if (from) assert.equal(await verdict.getAttribute('data-from'), from);
  assert.equal(await verdict.getAttribute('data-to'), 'raw');
  const task = page.locator(`.gp-import-history__task[data-method="${method}"]`);
  await task.waitFor();
  assert.equal(await task.getAttribute('data-status'), 'success');
  assert.match(await task.locator('.gp-import-history__message').innerText(), /Copied 64 MiB/);
  assert.match(await task.locator('.gp-import-history__request').innerText(), /^req-/);
  await page.goto(`${portal.base}/images/${id}?tab=actions`);
  await page.locator('.gp-detail__integrity [data-verify="converted"]').waitFor();
  assert.equal(await page.locator('[data-verify="mismatch"]').count(), 0);
}

test('glance-direct of a real qcow2 through the create page ends raw and is "converted", not a mismatch', async () => {
  await page.goto(portal.base + '/images/new');
  await page.locator('#gp-upload-method').waitFor();
  await page.selectOption('#gp-upload-method', 'glance-direct');
  await page.setInputFiles('#gp-files', [qcow2]);
  const entry = page.locator('.gp-new__file[data-file="tiny.qcow2"]');
  await entry.locator('.gp-new__detected[data-detected="qcow2"]').waitFor();
  assert.equal(await entry.locator('[data-key="disk_format"] select').inputValue(), 'qcow2');
  await page.click('#gp-create-upload');
  const transfer = page.locator('.gp-transfer', { hasText: 'tiny.qcow2' }).last();
  const verdict = transfer.locator('[data-verify="converted"]');
  await verdict.waitFor({ timeout: 120_000 });
  await page.selectOption('#gp-upload-method', 'direct');
  assert.equal(await verdict.getAttribute('data-from'), 'qcow2');
  assert.equal(await verdict.getAttribute('data-to'), 'raw');
  const text = await verdict.innerText();
  assert.match(text, /Converted by the cloud from qcow2 to raw/);
  assert.match(text, new RegExp(`md5 ${digest('md5sum', qcow2)}`), 'the file\'s digests, as sent');
  // Nothing is wrong, so nothing a mismatch calls for is offered.
  assert.equal(await transfer.locator('[data-verify="mismatch"]').count(), 0);
  assert.equal(await transfer.locator('.gp-transfer__delete').count(), 0);
  assert.equal(await transfer.locator('.gp-transfer__deactivate').count(), 0);
  assert.equal(await transfer.locator('.gp-transfer__note').count(), 0, 'the record was written');

  const id = await transfer.getAttribute('data-image');
  const img = await getImage(id);
  assert.equal(img.status, 'active');
  assert.equal(img.disk_format, 'raw');
  assert.equal(img.size, rawDigests.size);
  assert.equal(img.checksum, rawDigests.md5, 'Glance holds qemu-img\'s raw conversion');
  assert.equal(img.os_hash_value, rawDigests.sha512);
  // The file's digests are recorded as what was sent, with its format and size.
  assert.equal(img['owner_specified.openstack.md5'], digest('md5sum', qcow2));
  assert.equal(img['owner_specified.openstack.sha512'], digest('sha512sum', qcow2));
  assert.equal(img['owner_specified.openstack.disk_format'], 'qcow2');
  assert.equal(img['owner_specified.openstack.size'], String(fs.statSync(qcow2).size));
  await imagePageSaysConverted(id, { from: 'qcow2', method: 'glance-direct' });
});

test('an image another client imported (digests recorded, nothing else) is judged by its import task', async () => {
  // openstacksdk records the file's md5 at create time and records nothing about the format.
  const img = await importByApi('sdk-like', 'qcow2', { 'owner_specified.openstack.md5': digest('md5sum', qcow2) });
  assert.equal(img.status, 'active');
  assert.equal(img.disk_format, 'raw');
  await page.goto(`${portal.base}/images/${img.id}`);
  const verdict = page.locator('.gp-detail__integrity [data-verify="converted"]');
  await verdict.waitFor();
  assert.match(await verdict.innerText(), /Imported with glance-direct/);
  assert.equal(await page.locator('[data-verify="mismatch"]').count(), 0);
});

test('a failed import shows Glance\'s reason from the task history', async () => {
  // A qcow2 staged into an image created as raw: the plugin refuses it.
  const img = await importByApi('claimed-raw', 'raw');
  assert.equal(img.status, 'queued');
  assert.equal(img.os_glance_failed_import, 'fs');
  await page.goto(`${portal.base}/images/${img.id}`);
  const task = page.locator('.gp-import-history__task[data-status="failure"]');
  await task.waitFor();
  assert.equal(await task.getAttribute('data-method'), 'glance-direct');
  assert.equal(await task.locator('.gp-import-history__message').innerText(), 'Task failed due to Internal Error');
  assert.match(await task.innerText(), /Failed/);
  assert.equal(await page.locator('.gp-detail__integrity').count(), 0, 'no data, no verdict');
});

test('web-download of a qcow2 ends raw and is "converted"; the image page says so too', async () => {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': fs.statSync(qcow2).size });
    fs.createReadStream(qcow2).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    await page.goto(portal.base + '/images/new');
    await page.locator('#gp-import-url').waitFor();
    await page.fill('#gp-import-url', `http://127.0.0.1:${server.address().port}/tiny.qcow2`);
    await page.fill('#gp-import-name', 'from-url-qcow2');
    await page.selectOption('#gp-import-format', 'qcow2');
    await page.click('#gp-import-submit');
    const section = page.locator('.gp-import');
    await section.locator('.gp-import__state[data-state="active"]').waitFor({ timeout: 60_000 });
    const verdict = section.locator('[data-verify="converted"]');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-from'), 'qcow2');
    assert.equal(await verdict.getAttribute('data-to'), 'raw');
    assert.equal(await section.locator('[data-verify="mismatch"]').count(), 0);
    assert.equal(await section.locator('.gp-error').count(), 0, 'recording what was sent worked');
    const id = await section.locator('.gp-import__state').getAttribute('data-image');
    const img = await getImage(id);
    assert.equal(img.disk_format, 'raw');
    assert.equal(img.checksum, rawDigests.md5);
    assert.equal(img['owner_specified.openstack.disk_format'], 'qcow2');
    await imagePageSaysConverted(id, { from: 'qcow2', method: 'web-download' });
    assert.match(await page.goto(`${portal.base}/images/${id}`).then(() =>
      page.locator('.gp-import-history__uri').innerText()), /tiny\.qcow2$/);
  } finally {
    server.close();
  }
});
