// End-to-end: every upload tells Glance how many bytes to expect (x-openstack-image-size),
// so a body cut short on the way (a proxy, a dropped connection) is refused instead of
// becoming an active image with part of the data — direct and glance-direct.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  env, test, loggedIn, eventually, issueToken, api, deleteOwnImages, button, filePicker, fileEntry, transfer,
} from './harness.mjs';

let demo;
let dir;
const glance = (...args) => api(env.glance, demo.token, ...args);

before(async () => {
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-e2e-size-'));
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the upload sends its byte count, and Glance refuses a body of another length', async (t) => {
  const file = path.join(dir, 'sized.raw');
  fs.writeFileSync(file, crypto.randomBytes(3 << 20));
  const { page } = await loggedIn(t, 'demo', { path: '/images/new', ready: filePicker });
  const puts = [];
  page.on('request', (r) => { if (r.method() === 'PUT' && /\/file$/.test(r.url())) puts.push(r); });
  await filePicker(page).setInputFiles([file]);
  await fileEntry(page, 'sized.raw').locator('[data-detected="raw"]').waitFor();
  await button(page, 'CreateAndUpload').click();
  await eventually(async () => assert.equal(await transfer(page, 'sized.raw').locator('[data-verify="verified"]').count(), 1), 60_000);
  assert.equal(puts.length, 1);
  assert.equal((await puts[0].allHeaders())['x-openstack-image-size'], String(3 << 20));

  // What the header buys (measured on Glance 33): fewer bytes than announced are refused and
  // the image stays queued, ready for a retry.
  const made = await glance('POST', '/v2/images', { name: 'short-body', disk_format: 'raw', container_format: 'bare' });
  const cut = await glance('PUT', `/v2/images/${made.json.id}/file`, Buffer.alloc(1000), 'application/octet-stream',
    { 'x-openstack-image-size': '4096' });
  assert.equal(cut.status, 400, cut.text);
  assert.match(cut.text, /Size mismatch: expected 4096 bytes, got 1000 bytes/);
  assert.equal((await glance('GET', `/v2/images/${made.json.id}`)).json.status, 'queued');
});
