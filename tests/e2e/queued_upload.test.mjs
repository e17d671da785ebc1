// End-to-end: an image created without data (as `openstack image create` without --file
// leaves it, `queued`) gets its data from its own page — directly and with glance-direct,
// hashed, verified and recorded as on the create page, or imported from a URL with
// web-download; a file that does not match the image's disk_format is refused before
// anything is sent.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  env, test, onImageTab, issueToken, api, deleteOwnImages, digest, say, button, transfer, webDownload,
} from './harness.mjs';

let demo;
let dir;
const glance = (...args) => api(env.glance, demo.token, ...args);

async function queued(name, disk_format = 'raw') {
  const made = await glance('POST', '/v2/images', { name, disk_format, container_format: 'bare' });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.status, 'queued');
  return made.json;
}

before(async () => {
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-e2e-queued-'));
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The Actions tab's form that sends a queued image its data. */
const sendForm = (panel) => panel.getByRole('region', { name: say('QueuedUploadTitle') });

for (const method of ['direct', 'glance-direct']) {
  test(`a queued image gets its data from its page (${method}), verified and recorded`, async (t) => {
    const img = await queued(`queued-${method}`);
    const file = path.join(dir, `${method}.raw`);
    fs.writeFileSync(file, crypto.randomBytes(2 << 20));
    const { page, panel } = await onImageTab(t, img.id, 'actions');
    const form = sendForm(panel);
    await form.getByLabel(say('QueuedPickFile'), { exact: true }).setInputFiles(file);
    await form.getByRole('combobox', { name: say('UploadWith') }).selectOption(method);
    await button(form, 'QueuedSend').click();
    await form.getByRole('status').filter({ hasText: say('QueuedStarted') }).waitFor();
    const row = transfer(page, `${method}.raw`);
    assert.equal(await row.getAttribute('data-image'), img.id);
    await row.locator('[data-verify="verified"]').waitFor({ timeout: 60_000 });
    const stored = (await glance('GET', `/v2/images/${img.id}`)).json;
    assert.equal(stored.status, 'active');
    assert.equal(stored.checksum, digest('md5sum', file));
    assert.equal(stored.os_hash_value, digest('sha512sum', file));
    assert.equal(stored['owner_specified.openstack.sha512'], stored.os_hash_value);
  });
}

test("a file that does not match the image's disk_format is refused before anything is sent", async (t) => {
  const img = await queued('queued-qcow2', 'qcow2');
  const file = path.join(dir, 'not-qcow2.raw');
  fs.writeFileSync(file, crypto.randomBytes(1 << 20));
  const { page, panel } = await onImageTab(t, img.id, 'actions');
  const puts = [];
  page.on('request', (r) => { if (r.method() === 'PUT') puts.push(r.url()); });
  const form = sendForm(panel);
  await form.getByLabel(say('QueuedPickFile'), { exact: true }).setInputFiles(file);
  await button(form, 'QueuedSend').click();
  const refusal = form.getByRole('alert');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /qcow2/);
  assert.deepEqual(puts, []);
  assert.equal((await glance('GET', `/v2/images/${img.id}`)).json.status, 'queued');
});

test('a queued image imports its data from a URL (web-download) into itself, no new image', async (t) => {
  const img = await queued('queued-from-url');
  const file = path.join(dir, 'served.raw');
  fs.writeFileSync(file, crypto.randomBytes(1 << 20));
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const before = (await glance('GET', '/v2/images?limit=100')).json.images.length;
    const { page } = await onImageTab(t, img.id, 'actions');
    const form = webDownload(page);
    const url = form.getByRole('textbox', { name: 'URL', exact: true });
    await url.waitFor();
    assert.equal(await form.getByRole('textbox', { name: say('ColName'), exact: true }).count(), 0, "the image's own name stands");
    await url.fill(`http://127.0.0.1:${server.address().port}/served.raw`);
    await button(form, 'ImportStart').click();
    const done = form.locator(`[data-state="active"][data-image="${img.id}"]`);
    await done.waitFor({ timeout: 60_000 });
    const stored = (await glance('GET', `/v2/images/${img.id}`)).json;
    assert.equal(stored.status, 'active');
    assert.equal(stored.checksum, digest('md5sum', file));
    assert.equal((await glance('GET', '/v2/images?limit=100')).json.images.length, before, 'no image was created');
  } finally {
    server.close();
  }
});
