// End-to-end: uploads through the portal with in-browser md5 + sha512 verified against what
// Glance stored, format sniffing before upload, cancel and retry — real files made with
// qemu-img and random bytes, checked against md5sum/sha512sum and Glance's API.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { env, startPortal, startLoggedIn, eventually, issueToken, api, deleteOwnImages, logIn, digest, scratchDir } from './harness.mjs';

const test = (name, fn) => nodeTest(name, { timeout: 180_000 }, fn);
let portal;
let page;
let demo;
let scratch;
let dir;

const glance = (...args) => api(env.glance, demo.token, ...args);

before(async () => {
  scratch = scratchDir('files');
  dir = scratch.dir;
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  portal = await startLoggedIn('demo', { path: '/images/new', ready: '#gp-files' });
  page = portal.page;
});

after(async () => {
  await portal?.close();
  scratch?.remove();
});

test('a real qcow2 and a 64 MiB raw file upload and verify against md5sum/sha512sum', async () => {
  const qcow2 = path.join(dir, 'cirros-like.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', qcow2, '1G']);
  const raw = scratch.random('random.raw', 64 << 20);
  await page.setInputFiles('#gp-files', [qcow2, raw]);
  const q = page.locator('.gp-new__file[data-file="cirros-like.qcow2"]');
  const r = page.locator('.gp-new__file[data-file="random.raw"]');
  await q.locator('.gp-new__detected[data-detected="qcow2"]').waitFor();
  await r.locator('.gp-new__detected[data-detected="raw"]').waitFor();
  assert.match(await q.locator('.gp-new__detected').innerText(), /virtual size 1\.0 GiB/);
  assert.equal(await q.locator('[data-key="disk_format"] select').inputValue(), 'qcow2');
  assert.equal(await q.locator('[data-key="name"] input').inputValue(), 'cirros-like');
  await page.click('#gp-create-upload');
  await eventually(async () => assert.equal(await page.locator('.gp-transfer [data-verify="verified"]').count(), 2), 120_000);
  // The workers report their memory with each slice; the benchmark prints the peak.
  for (const row of await page.locator('.gp-transfer').all()) {
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

test('a disk_format that disagrees with the data is caught before anything is sent', async () => {
  await page.goto(portal.base + '/images/new');
  const raw = scratch.random('not-really.qcow2', 1 << 20);
  await page.setInputFiles('#gp-files', [raw]);
  const entry = page.locator('.gp-new__file[data-file="not-really.qcow2"]');
  await entry.locator('.gp-new__detected[data-detected="raw"]').waitFor();
  await entry.locator('[data-key="disk_format"] select').selectOption('qcow2');
  await entry.locator('.gp-new__warning').waitFor();
  await page.click('#gp-create-upload');
  await entry.locator('.gp-error').waitFor();
  const { json } = await glance('GET', '/v2/images?name=not-really');
  assert.equal(json.images.length, 0, 'no image was created');
});

test('cancel mid-upload leaves the image queued; retry completes into the same image', async () => {
  await page.goto(portal.base + '/images/new');
  const big = scratch.random('big.raw', 384 << 20);
  await page.setInputFiles('#gp-files', [big]);
  await page.locator('.gp-new__file[data-file="big.raw"] .gp-new__detected[data-detected="raw"]').waitFor();
  await page.click('#gp-create-upload');
  const transfer = page.locator('.gp-transfer', { hasText: 'big.raw' }).last();
  await transfer.locator('.gp-transfer__cancel').click();
  await transfer.locator('[data-verify="cancelled"]').waitFor();
  const id = await transfer.getAttribute('data-image');
  await eventually(async () => assert.equal((await glance('GET', `/v2/images/${id}`)).json.status, 'queued'));
  await transfer.locator('.gp-transfer__retry').click();
  // On failure the row's own words (phase, error with request id) go into the report.
  await eventually(async () => assert.equal(await transfer.locator('[data-verify="verified"]').count(), 1,
    await transfer.innerText()), 120_000);
  const img = (await glance('GET', `/v2/images/${id}`)).json;
  assert.equal(img.status, 'active');
  assert.equal(img.checksum, digest('md5sum', big));
});

test('web-download imports a file served on 127.0.0.1', async () => {
  const file = scratch.random('served.raw', 3 << 20);
  const http = await import('node:http');
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    await page.goto(portal.base + '/images/new');
    await page.locator('#gp-import-url').waitFor();
    await page.fill('#gp-import-url', `http://127.0.0.1:${server.address().port}/served.raw`);
    await page.fill('#gp-import-name', 'from-url');
    await page.click('#gp-import-submit');
    await page.locator('.gp-import__state[data-state="active"]').waitFor({ timeout: 60_000 });
    const id = await page.locator('.gp-import__state').getAttribute('data-image');
    const img = (await glance('GET', `/v2/images/${id}`)).json;
    assert.equal(img.name, 'from-url');
    assert.equal(img.checksum, digest('md5sum', file));
    assert.equal(img.os_hash_value, digest('sha512sum', file));
  } finally {
    server.close();
  }
});

test('downloading an image verifies it against Glance and md5sum', async () => {
  const file = scratch.random('download-me.raw', 5 << 20);
  const created = await glance('POST', '/v2/images', { name: 'download-me', disk_format: 'raw', container_format: 'bare' });
  const id = created.json.id;
  assert.equal((await glance('PUT', `/v2/images/${id}/file`, fs.readFileSync(file), 'application/octet-stream')).status, 204);
  // Headless Chromium cannot answer a save dialog: this page takes the in-memory path, which
  // ends in a regular download the test can read back.
  await page.addInitScript(() => { delete window.showSaveFilePicker; });
  await page.goto(`${portal.base}/images/${id}?tab=actions`);
  const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#gp-download')]);
  const target = path.join(dir, 'downloaded.raw');
  await saved.saveAs(target);
  await page.locator('.gp-download [data-verify="verified"]').waitFor();
  assert.match(await page.locator('.gp-download__method').innerText(), /in memory/);
  assert.equal(digest('md5sum', target), digest('md5sum', file));
  assert.equal(digest('sha512sum', target), digest('sha512sum', file));
  assert.equal(await page.locator('.gp-download').getAttribute('data-bytes'), String(5 << 20));
});

test('glance-direct stages, imports and verifies', async () => {
  await page.goto(portal.base + '/images/new');
  await page.locator('#gp-upload-method').waitFor();
  await page.selectOption('#gp-upload-method', 'glance-direct');
  const file = scratch.random('staged.raw', 6 << 20);
  await page.setInputFiles('#gp-files', [file]);
  await page.locator('.gp-new__file[data-file="staged.raw"] .gp-new__detected[data-detected="raw"]').waitFor();
  await page.click('#gp-create-upload');
  const transfer = page.locator('.gp-transfer', { hasText: 'staged.raw' }).last();
  await transfer.locator('[data-verify="verified"]').waitFor({ timeout: 60_000 });
  const id = await transfer.getAttribute('data-image');
  const img = (await glance('GET', `/v2/images/${id}`)).json;
  assert.equal(img.status, 'active');
  assert.equal(img.checksum, digest('md5sum', file));
  assert.equal(img.os_hash_value, digest('sha512sum', file));
  await page.selectOption('#gp-upload-method', 'direct');
});

test('typing in the create form keeps focus; tags, custom and schema properties and the store reach Glance', async () => {
  await page.goto(portal.base + '/images/new');
  const file = scratch.random('typed.raw', 2 << 20);
  await page.setInputFiles('#gp-files', [file]);
  const entry = page.locator('.gp-new__file[data-file="typed.raw"]');
  await entry.locator('.gp-new__detected[data-detected="raw"]').waitFor();
  // Typed key by key, as a person does: a form rebuilt on each keystroke would lose focus
  // after the first character and drop the rest.
  const name = entry.locator('[data-key="name"] input');
  await name.fill('');
  await name.pressSequentially('typed-by-hand', { delay: 5 });
  assert.equal(await name.inputValue(), 'typed-by-hand');
  await entry.locator('[data-key="min_ram"] input').pressSequentially('512', { delay: 5 });
  const tags = entry.locator('.gp-new__tags input');
  await tags.pressSequentially('alpha, "b,eta"', { delay: 5 });
  assert.equal(await tags.inputValue(), 'alpha, "b,eta"');
  await entry.locator('.gp-new__custom-add').click();
  const row = entry.locator('.gp-new__custom-row').last();
  // A reserved name is refused inline, before anything is sent.
  await row.locator('.gp-new__custom-key').pressSequentially('os_glance_x', { delay: 5 });
  await row.locator('.gp-field__error').waitFor();
  await row.locator('.gp-new__custom-key').fill('');
  await row.locator('.gp-new__custom-key').pressSequentially('hw_disk_bus', { delay: 5 });
  await row.locator('.gp-new__custom-value').pressSequentially('virtio', { delay: 5 });
  assert.equal(await row.locator('.gp-field__error').count(), 0);
  // The dev cloud has two file stores: send this one to "archive".
  await page.selectOption('#gp-upload-store', 'archive');
  await page.click('#gp-create-upload');
  const transfer = page.locator('.gp-transfer', { hasText: 'typed.raw' }).last();
  await transfer.locator('[data-verify="verified"]').waitFor({ timeout: 60_000 });
  await page.selectOption('#gp-upload-store', '');
  const id = await transfer.getAttribute('data-image');
  const img = (await glance('GET', `/v2/images/${id}`)).json;
  assert.equal(img.name, 'typed-by-hand');
  assert.equal(img.min_ram, 512);
  assert.deepEqual([...img.tags].sort(), ['alpha', 'b,eta']);
  assert.equal(img.hw_disk_bus, 'virtio');
  assert.equal(img.stores, 'archive');
  assert.equal(img.checksum, digest('md5sum', file));
});

test('the cancel button is one element for the whole upload, not rebuilt on each progress event', async () => {
  await page.goto(portal.base + '/images/new');
  const file = scratch.random('steady.raw', 256 << 20);
  await page.setInputFiles('#gp-files', [file]);
  await page.locator('.gp-new__file[data-file="steady.raw"] .gp-new__detected[data-detected="raw"]').waitFor();
  await page.click('#gp-create-upload');
  const transfer = page.locator('.gp-transfer', { hasText: 'steady.raw' }).last();
  const cancel = await transfer.locator('.gp-transfer__cancel').elementHandle();
  const before = await transfer.locator('.gp-transfer__bar progress').first().evaluate((p) => p.value);
  await eventually(async () => {
    const now = await transfer.locator('.gp-transfer__bar progress').first().evaluate((p) => p.value);
    assert.ok(now > before, 'progress moved');
  });
  assert.equal(await cancel.evaluate((el) => el.isConnected), true, 'the same button is still in the page');
  await cancel.click();
  await transfer.locator('[data-verify="cancelled"]').waitFor();
  // A cancelled upload offers Delete, which removes the queued image.
  const id = await transfer.getAttribute('data-image');
  await transfer.locator('.gp-transfer__delete').click();
  await transfer.locator('[data-verify="deleted"]').waitFor();
  assert.equal((await glance('GET', `/v2/images/${id}`)).status, 404);
});

test('an image shows whether Glance holds the data its uploader hashed', async () => {
  const { json } = await glance('GET', '/v2/images?name=typed-by-hand');
  const id = json.images[0].id;
  await page.goto(`${portal.base}/images/${id}`);
  await page.locator('.gp-detail__integrity [data-verify="verified"]').waitFor();
  // Record a digest that is not the data's: every viewer is told, on every tab.
  const patch = [{ op: 'replace', path: '/owner_specified.openstack.md5', value: '0'.repeat(32) }];
  assert.equal((await glance('PATCH', `/v2/images/${id}`, patch, 'application/openstack-images-v2.1-json-patch')).status, 200);
  await page.goto(`${portal.base}/images/${id}?tab=tags`);
  const alarm = page.locator('.gp-detail__integrity [data-verify="mismatch"]');
  await alarm.waitFor();
  assert.match(await alarm.innerText(), /checksum: yours 0{32}, Glance's [0-9a-f]{32}/);
});

test('copy-image: a member is not offered it (admin-only policy), an admin copies into the second store', async () => {
  const file = scratch.random('copy-me.raw', 1 << 20);
  const created = await glance('POST', '/v2/images', { name: 'copy-me', disk_format: 'raw', container_format: 'bare' });
  const id = created.json.id;
  assert.equal((await glance('PUT', `/v2/images/${id}/file`, fs.readFileSync(file), 'application/octet-stream')).status, 204);
  await page.goto(`${portal.base}/images/${id}?tab=actions`);
  const copy = page.locator('.gp-store-copy');
  await copy.waitFor();
  assert.equal(await copy.locator('.gp-store-copy__held').getAttribute('data-stores'), 'fs');
  // Glance's default copy_image rule is admin-only: no form that would only earn a 403, and
  // the hint names the rule.
  const hint = copy.locator('.gp-policy-hint[data-rule="copy_image"]');
  await hint.waitFor();
  assert.match(await hint.innerText(), /“copy_image” \(rule:context_is_admin\)/);
  assert.equal(await copy.locator('#gp-store-copy-submit').count(), 0);
  // Glance agrees: the same import as demo is refused.
  const refused = await glance('POST', `/v2/images/${id}/import`, { method: { name: 'copy-image' }, stores: ['archive'] });
  assert.equal(refused.status, 403, refused.text);

  const admin = await startPortal();
  try {
    await admin.page.goto(`${admin.base}/images/${id}?tab=actions`);
    await logIn(admin.page, 'admin');
    const panel = admin.page.locator('.gp-store-copy');
    await panel.locator('input[value="archive"]').check();
    await panel.locator('#gp-store-copy-submit').click();
    const done = panel.locator('.gp-store-copy__state[data-state="done"]');
    await done.waitFor({ timeout: 60_000 });
    assert.equal(await done.getAttribute('data-stores'), 'fs,archive');
    assert.match(await panel.locator('.gp-cli__command').innerText(), /openstack image import --method copy-image --store archive --allow-failure/);
  } finally {
    await admin.close();
  }
  const img = (await glance('GET', `/v2/images/${id}`)).json;
  assert.deepEqual(img.stores.split(',').sort(), ['archive', 'fs']);
});
