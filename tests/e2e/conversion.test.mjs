// End-to-end on a cloud that converts imports (scripts/devcloud.sh with GP_GLANCE_CONVERT=raw:
// Glance's image_conversion plugin): a real qcow2 made with qemu-img, imported through the
// portal by glance-direct and by web-download, ends raw; the portal says "converted", never
// "mismatch", offers no Delete/Deactivate for it, and shows Glance's import tasks. Checked
// against Glance's API and qemu-img's own conversion of the same file. The cloud also runs
// image_decompression: a .raw.gz sent compressed is stored as the disk inside.
//
// scripts/test.sh runs this file a second time against its converting cloud; against a cloud
// that does not convert (the main e2e run) it is skipped, since nothing would be converted.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  env, test, loggedIn, issueToken, api, deleteOwnImages, say, button, propField, filePicker, fileEntry, transfer,
  webDownload, definition, servePortal, fromUrl,
} from './harness.mjs';

const converting = process.env.GP_GLANCE_CONVERT === 'raw';
const options = {
  timeout: 180_000,
  skip: converting ? false : 'needs a cloud started with GP_GLANCE_CONVERT=raw (scripts/test.sh starts one)',
};
const QEMU_IMG = process.env.GP_QEMU_IMG || '/usr/bin/qemu-img';

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
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new context with demo logged in, on `path`. */
const session = (t, path) => loggedIn(t, 'demo', { path, ready: (p) => p.getByRole('main').getByRole('heading').first() });
const integrity = (page) => page.getByRole('group', { name: say('Integrity'), exact: true });
const history = (page) => page.getByRole('region', { name: say('ImportHistory') });
/** An import task in the image page's history, by its method. */
const task = (page, method) => history(page).getByRole('listitem').filter({ has: page.getByText(method, { exact: true }) });

/** The image page says converted (not mismatch) on every tab and lists the import task. */
async function imagePageSaysConverted(page, base, id, { from, method }) {
  await page.goto(`${base}/images/${id}`);
  const verdict = integrity(page).locator('[data-verify="converted"]');
  await verdict.waitFor();
  if (from) assert.equal(await verdict.getAttribute('data-from'), from);
  assert.equal(await verdict.getAttribute('data-to'), 'raw');
  const done = task(page, method);
  await done.waitFor();
  assert.equal(await done.getAttribute('data-status'), 'success');
  assert.match(await definition(done, say('TaskMessage')).innerText(), /Copied 64 MiB/);
  assert.match(await definition(done, say('RequestId')).innerText(), /^req-/);
  await page.goto(`${base}/images/${id}?tab=actions`);
  await integrity(page).locator('[data-verify="converted"]').waitFor();
  assert.equal(await page.locator('[data-verify="mismatch"]').count(), 0);
}

test('glance-direct of a real qcow2 through the create page ends raw and is "converted", not a mismatch', options, async (t) => {
  const { page, base } = await loggedIn(t, 'demo', { path: '/images/new', ready: filePicker });
  await page.getByRole('combobox', { name: say('UploadWith') }).selectOption('glance-direct');
  await filePicker(page).setInputFiles([qcow2]);
  const entry = fileEntry(page, 'tiny.qcow2');
  await entry.locator('[data-detected="qcow2"]').waitFor();
  assert.equal(await propField(entry, 'disk_format').inputValue(), 'qcow2');
  await button(page, 'CreateAndUpload').click();
  const row = transfer(page, 'tiny.qcow2').last();
  const verdict = row.locator('[data-verify="converted"]');
  await verdict.waitFor({ timeout: 120_000 });
  assert.equal(await verdict.getAttribute('data-from'), 'qcow2');
  assert.equal(await verdict.getAttribute('data-to'), 'raw');
  const text = await verdict.innerText();
  assert.match(text, /Converted by the cloud from qcow2 to raw/);
  assert.match(text, new RegExp(`md5 ${digest('md5sum', qcow2)}`), 'the file\'s digests, as sent');
  // Nothing is wrong, so nothing a mismatch calls for is offered.
  assert.equal(await row.locator('[data-verify="mismatch"]').count(), 0);
  assert.equal(await button(row, 'Delete').count(), 0);
  assert.equal(await button(row, 'Deactivate').count(), 0);
  assert.equal(await row.getByText(say('DigestsNotRecorded'), { exact: true }).count(), 0, 'the record was written');

  const id = await row.getAttribute('data-image');
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
  await imagePageSaysConverted(page, base, id, { from: 'qcow2', method: 'glance-direct' });
});

test('a .raw.gz sent compressed is unpacked by the cloud\'s image_decompression, and the verdict says so', options, async (t) => {
  // A raw disk, and its gzip: the cloud (image_decompression, then image_conversion to raw)
  // stores the disk, so Glance's digests are the disk's, not those of the bytes sent.
  const raw = path.join(dir, 'packed.raw');
  const disk = Buffer.alloc(6 << 20);
  for (let i = 0; i < disk.length; i += 4096) disk.writeUInt32LE((i * 2654435761) >>> 0, i);
  fs.writeFileSync(raw, disk);
  const gz = `${raw}.gz`;
  fs.writeFileSync(gz, zlib.gzipSync(disk));
  // Glance does not publish its plugins: the operator names them in config.json.
  const portal = await servePortal(t, { config: { import_plugins: ['image_decompression', 'image_conversion'] } });
  const { page } = await loggedIn(t, 'demo', { path: '/images/new', ready: filePicker, portal });
  await filePicker(page).setInputFiles([gz]);
  const entry = fileEntry(page, 'packed.raw.gz');
  // Offered while (or after) the browser decompresses it; taking it lets the browser's copy go.
  await button(entry, 'SendCompressed').click();
  await entry.locator('[data-unpack="to-cloud"]').waitFor();
  assert.match(await entry.getByRole('status').first().innerText(), /image_decompression/);
  assert.equal(await entry.locator('.gp-new__file-name').innerText(), 'packed.raw.gz');
  await propField(entry, 'disk_format').selectOption('raw');
  await button(page, 'CreateAndUpload').click();
  const row = transfer(page, 'packed.raw.gz').last();
  const verdict = row.locator('[data-verify="converted"]');
  await verdict.waitFor({ timeout: 120_000 });
  assert.match(await verdict.innerText(), new RegExp(`md5 ${digest('md5sum', gz)}`), 'the digests of what was sent');
  assert.equal(await row.locator('[data-verify="mismatch"]').count(), 0);
  const img = await getImage(await row.getAttribute('data-image'));
  assert.equal(img.status, 'active');
  assert.equal(img.disk_format, 'raw');
  assert.equal(img.size, disk.length);
  assert.equal(img.checksum, digest('md5sum', raw), 'Glance holds the disk inside');
  assert.equal(img.os_hash_value, digest('sha512sum', raw));
  assert.equal(img['owner_specified.openstack.size'], String(fs.statSync(gz).size));
  // Sent by glance-direct although the page's method was left at direct upload.
  const tasks = (await glance('GET', `/v2/images/${img.id}/tasks`)).json.tasks;
  assert.equal(tasks[0]?.input?.import_req?.method?.name, 'glance-direct');
  const opfs = await page.evaluate(async () => {
    const found = [];
    const walk = async (d) => { for await (const [n, h] of d.entries()) { if (h.kind === 'file') found.push(n); else await walk(h); } };
    await walk(await navigator.storage.getDirectory());
    return found;
  });
  assert.deepEqual(opfs, [], 'nothing decompressed is left in the browser');
});

test('an image another client imported (digests recorded, nothing else) is judged by its import task', options, async (t) => {
  // openstacksdk records the file's md5 at create time and records nothing about the format.
  const img = await importByApi('sdk-like', 'qcow2', { 'owner_specified.openstack.md5': digest('md5sum', qcow2) });
  assert.equal(img.status, 'active');
  assert.equal(img.disk_format, 'raw');
  const { page } = await session(t, `/images/${img.id}`);
  const verdict = integrity(page).locator('[data-verify="converted"]');
  await verdict.waitFor();
  assert.match(await verdict.innerText(), /Imported with glance-direct/);
  assert.equal(await page.locator('[data-verify="mismatch"]').count(), 0);
});

test('a failed import shows Glance\'s reason from the task history', options, async (t) => {
  // A qcow2 staged into an image created as raw: the plugin refuses it.
  const img = await importByApi('claimed-raw', 'raw');
  assert.equal(img.status, 'queued');
  assert.equal(img.os_glance_failed_import, 'fs');
  const { page } = await session(t, `/images/${img.id}`);
  const failed = history(page).getByRole('listitem').and(page.locator('[data-status="failure"]'));
  await failed.waitFor();
  assert.equal(await failed.getAttribute('data-method'), 'glance-direct');
  assert.equal(await definition(failed, say('TaskMessage')).innerText(), 'Task failed due to Internal Error');
  assert.match(await failed.innerText(), /Failed/);
  assert.equal(await integrity(page).count(), 0, 'no data, no verdict');
});

test('web-download of a qcow2 ends raw and is "converted"; the image page says so too', options, async (t) => {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': fs.statSync(qcow2).size });
    fs.createReadStream(qcow2).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { page, base } = await loggedIn(t, 'demo', { path: '/images/new', ready: filePicker });
    const section = await fromUrl(page);
    await section.getByRole('textbox', { name: 'URL', exact: true }).fill(`http://127.0.0.1:${server.address().port}/tiny.qcow2`);
    await section.getByRole('textbox', { name: say('ColName'), exact: true }).fill('from-url-qcow2');
    await section.getByRole('combobox', { name: say('ColDiskFormat'), exact: true }).selectOption('qcow2');
    await button(section, 'ImportStart').click();
    await section.locator('[data-state="active"]').waitFor({ timeout: 60_000 });
    const verdict = section.locator('[data-verify="converted"]');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-from'), 'qcow2');
    assert.equal(await verdict.getAttribute('data-to'), 'raw');
    assert.equal(await section.locator('[data-verify="mismatch"]').count(), 0);
    assert.equal(await section.getByRole('alert').filter({ hasText: /\S/ }).count(), 0, 'recording what was sent worked');
    const id = await section.locator('[data-state]').getAttribute('data-image');
    const img = await getImage(id);
    assert.equal(img.disk_format, 'raw');
    assert.equal(img.checksum, rawDigests.md5);
    assert.equal(img['owner_specified.openstack.disk_format'], 'qcow2');
    await imagePageSaysConverted(page, base, id, { from: 'qcow2', method: 'web-download' });
    await page.goto(`${base}/images/${id}`);
    await task(page, 'web-download').getByText(/tiny\.qcow2$/).waitFor();
  } finally {
    server.close();
  }
});
