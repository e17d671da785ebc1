// End-to-end faults on the way to Glance and in the session: an upload whose connection a
// proxy cuts at 10 %, 50 % and 90 % of the bytes (the row says so, Glance keeps no active
// image with wrong data, Retry completes into the same image and verifies), and a token that
// dies during an edit (the login comes back, the unsaved edit is still there and saves); a
// download whose answer a proxy cuts goes on with Range from the last byte and verifies.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  env, test, loggedIn, servePortal, onImageTab, eventually, issueToken, api, deleteOwnImages, logIn, digest, say,
  button, definition, propField, filePicker, fileEntry, transfer, tabShown, downloadRow, mainActions,
} from './harness.mjs';
import { startCutProxy } from './cut_proxy.mjs';

const slow = { timeout: 180_000 };
const SIZE = 4 << 20;

let demo;
let dir;

const glance = (...args) => api(env.glance, demo.token, ...args);

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-e2e-faults-'));
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

for (const percent of [10, 50, 90]) {
  test(`an upload cut by a proxy at ${percent} %: the row says so, Glance keeps no wrong data, Retry completes into the same image`, slow, async (t) => {
    // A proxy between nginx and Glance, for this test only.
    const proxy = await startCutProxy(env.glance);
    t.after(() => proxy.close());
    const portal = await servePortal(t, { image: proxy.url });
    const { page } = await loggedIn(t, 'demo', { portal, path: '/images/new', ready: filePicker });
    const name = `cut-${percent}.raw`;
    const file = path.join(dir, name);
    fs.writeFileSync(file, crypto.randomBytes(SIZE));
    const at = Math.floor(SIZE * percent / 100);
    proxy.cutAfter(/^PUT \/v2\/images\/[^/]+\/file$/, at);
    await filePicker(page).setInputFiles([file]);
    await fileEntry(page, name).locator('[data-detected="raw"]').waitFor();
    await button(page, 'CreateAndUpload').click();
    const row = transfer(page, name).last();
    const failed = row.locator('[data-verify="failed"]');
    await failed.waitFor({ timeout: 60_000 });
    const id = await row.getAttribute('data-image');
    assert.equal(proxy.cuts.at(-1).request, `PUT /v2/images/${id}/file`, 'the proxy cut this upload');
    assert.equal(proxy.cuts.at(-1).at, at);
    // What happened, in the row's words, and nginx's answer with its status.
    const cut = row.getByText(/^The connection to Glance broke after /);
    assert.match(await cut.innerText(),
      /^The connection to Glance broke after [\d.]+ [KM]i?B of 4\.0 MiB had been sent, so Glance did not get the whole file\./);
    const error = row.getByRole('alert').filter({ hasText: say('HttpStatus') });
    assert.equal(await definition(error, say('HttpStatus')).innerText(), '502');
    await error.getByText('502 Bad Gateway', { exact: true }).waitFor();
    // Glance holds no image with wrong data: it goes back to queued, without data.
    await eventually(async () => {
      const img = (await glance('GET', `/v2/images/${id}`)).json;
      assert.deepEqual([img.status, img.checksum, img.os_hash_value], ['queued', null, null]);
    }, 30_000);
    proxy.pass();
    await button(row, 'Retry').click();
    await eventually(async () => assert.equal(await row.locator('[data-verify="verified"]').count(), 1,
      await row.innerText()), 60_000);
    assert.equal(await row.getAttribute('data-image'), id, 'the same image');
    assert.equal(await cut.count(), 0, 'the cut note went with the retry');
    const img = (await glance('GET', `/v2/images/${id}`)).json;
    assert.equal(img.status, 'active');
    assert.equal(img.size, SIZE);
    assert.equal(img.checksum, digest('md5sum', file));
    assert.equal(img.os_hash_value, digest('sha512sum', file));
    // One image per file: the retry made no second one.
    assert.equal((await glance('GET', `/v2/images?name=cut-${percent}`)).json.images.length, 1);
  });
}

test('a download cut by a proxy mid-way goes on with Range from the last byte and verifies', slow, async (t) => {
  const proxy = await startCutProxy(env.glance);
  t.after(() => proxy.close());
  const portal = await servePortal(t, { image: proxy.url });
  const file = path.join(dir, 'resume-me.raw');
  fs.writeFileSync(file, crypto.randomBytes(SIZE));
  const id = (await glance('POST', '/v2/images', { name: 'resume-me', disk_format: 'raw', container_format: 'bare' })).json.id;
  assert.equal((await glance('PUT', `/v2/images/${id}/file`, fs.readFileSync(file), 'application/octet-stream')).status, 204);
  const { page, panel } = await onImageTab(t, id, 'actions', { portal });
  // Headless Chromium cannot answer a save dialog: the in-memory path ends in a download
  // the test reads back.
  await page.evaluate(() => { delete window.showSaveFilePicker; });
  const at = 1_500_000;
  proxy.cutAnswerOnceAfter(new RegExp(`^GET /v2/images/${id}/file$`), at);
  const [saved] = await Promise.all([page.waitForEvent('download'), button(mainActions(page), 'Download').click()]);
  const target = path.join(dir, 'resumed.raw');
  await saved.saveAs(target);
  const download = downloadRow(page, 'resume-me');
  await download.locator('[data-verify="verified"]').waitFor();
  assert.deepEqual(proxy.cuts.at(-1), { request: `GET /v2/images/${id}/file`, at, answer: true });
  // The second request asked for the rest: from where the first one's bytes stopped coming.
  const asked = proxy.heads.filter((h) => h.request === `GET /v2/images/${id}/file`);
  assert.equal(asked.length, 2, JSON.stringify(asked));
  assert.equal(asked[0].range, null);
  const from = Number(/^bytes=(\d+)-$/.exec(asked[1].range)?.[1]);
  assert.ok(from > 0 && from <= at, `resumed from ${asked[1].range}, ${at} bytes had come`);
  assert.equal(await download.locator('[data-resumed]').getAttribute('data-resumed'), '1');
  assert.equal(await download.getAttribute('data-bytes'), String(SIZE));
  assert.equal(digest('md5sum', target), digest('md5sum', file));
  assert.equal(digest('sha512sum', target), digest('sha512sum', file));
});

test('a download goes on while the user moves to another page, and the panel shows its verdict there', slow, async (t) => {
  const proxy = await startCutProxy(env.glance);
  t.after(() => proxy.close());
  const portal = await servePortal(t, { image: proxy.url });
  const file = path.join(dir, 'keep-going.raw');
  fs.writeFileSync(file, crypto.randomBytes(SIZE));
  const id = (await glance('POST', '/v2/images', { name: 'keep-going', disk_format: 'raw', container_format: 'bare' })).json.id;
  assert.equal((await glance('PUT', `/v2/images/${id}/file`, fs.readFileSync(file), 'application/octet-stream')).status, 204);
  const { page, panel } = await onImageTab(t, id, 'actions', { portal });
  await page.evaluate(() => { delete window.showSaveFilePicker; });
  // The answer stops after 1 MB until released: the download is surely under way when the
  // user leaves the page.
  proxy.holdAnswerOnceAfter(new RegExp(`^GET /v2/images/${id}/file$`), 1_000_000);
  await button(mainActions(page), 'Download').click();
  const row = downloadRow(page, 'keep-going');
  await eventually(async () => assert.equal(proxy.held(), 1), 30_000);
  await row.locator('.gp-transfer__cancel').waitFor();
  await page.getByRole('link', { name: say('NavImages'), exact: true }).first().click();
  await page.waitForURL((url) => url.pathname === '/images');
  const [saved] = await Promise.all([page.waitForEvent('download'), proxy.release()]);
  await row.locator('[data-verify="verified"]').waitFor();
  const target = path.join(dir, 'kept-going.raw');
  await saved.saveAs(target);
  assert.equal(digest('sha512sum', target), digest('sha512sum', file));
  assert.equal(new URL(page.url()).pathname, '/images', 'still on the list');
});

test('a token revoked during an edit: the login comes back, the unsaved edit is still there and saves', slow, async (t) => {
  const made = await glance('POST', '/v2/images', { name: 'edit-me', disk_format: 'raw', container_format: 'bare' });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  const { page, panel } = await onImageTab(t, id, 'edit');
  const name = propField(panel, 'name');
  await name.fill('edited-while-expired');
  const minRam = propField(panel, 'min_ram');
  await minRam.fill('2048');
  // Keystone revokes the portal's token, as expiry ends it: Glance answers 401 from now on.
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gp.session')).token);
  const revoked = await api(env.keystone, token, 'DELETE', '/auth/tokens', undefined, 'application/json',
    { 'x-subject-token': token });
  assert.equal(revoked.status, 204, revoked.text);
  assert.equal((await api(env.glance, token, 'GET', `/v2/images/${id}`)).status, 401);
  // Save is the next request with the dead token, unless one the page makes by itself (the
  // transfers panel's, say) gets there first: either brings the login back.
  const login = page.getByRole('region', { name: say('LoginTitle') });
  await Promise.race([button(panel, 'Save').click().catch(() => {}), login.waitFor()]);
  await login.waitFor();
  await login.getByText(/Your session has ended/).waitFor();
  assert.equal((await glance('GET', `/v2/images/${id}`)).json.name, 'edit-me', 'nothing was saved with a dead token');
  await logIn(page, 'demo');
  await login.waitFor({ state: 'detached' });
  // Back on the edit tab, with what was typed.
  await tabShown(page, 'edit');
  assert.equal(new URL(page.url()).pathname, `/images/${id}`);
  assert.equal(await name.inputValue(), 'edited-while-expired');
  assert.equal(await minRam.inputValue(), '2048');
  await button(panel, 'Save').click();
  await eventually(async () => {
    const img = (await glance('GET', `/v2/images/${id}`)).json;
    assert.deepEqual([img.name, img.min_ram], ['edited-while-expired', 2048]);
  });
});
