// End-to-end: bad input, each with a clear message and nothing the user typed or chose lost —
// a reserved os_glance_* property key, a 256-character name (Glance's limit is 255), a 0-byte
// file, a malformed image id and an unknown route in the URL, and a config.json that is not
// JSON or names a Keystone nobody answers at. Each case is checked against Glance too: nothing
// was sent that should not have been.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env, startPortal, startLoggedIn, eventually, issueToken, api, deleteOwnImages, logIn } from './harness.mjs';

const test = (name, fn) => nodeTest(name, { timeout: 120_000 }, fn);

let portal;
let page;
let demo;
let dir;

const glance = (...args) => api(env.glance, demo.token, ...args);
async function createImage(body) {
  const r = await glance('POST', '/v2/images', { disk_format: 'raw', container_format: 'bare', ...body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const named = async (name) => (await glance('GET', `/v2/images?name=${encodeURIComponent(name)}`)).json.images;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-e2e-bad-'));
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  portal = await startLoggedIn('demo');
  page = portal.page;
});

after(async () => {
  await portal?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the editor refuses a reserved os_glance_* key and a 256-character name inline, sends nothing, keeps what was typed', async () => {
  const img = await createImage({ name: 'bad-edit' });
  await page.goto(`${portal.base}/images/${img.id}?tab=edit`);
  await page.locator('.gp-tabs__panel[data-tab="edit"]').waitFor();
  await page.fill('#gp-new-key', 'os_glance_mine');
  await page.fill('#gp-new-value', 'kept');
  await page.locator('.gp-edit__add button[type="submit"]').click();
  assert.equal(await page.locator('.gp-edit__custom > .gp-field__error').innerText(), 'Glance reserves this property name.');
  assert.equal(await page.inputValue('#gp-new-key'), 'os_glance_mine', 'the key stays in its box');
  assert.equal(await page.inputValue('#gp-new-value'), 'kept', 'the value stays in its box');

  const long = 'n'.repeat(256);
  const name = page.locator('.gp-prop[data-key="name"]');
  await name.locator('input').fill(long);
  assert.equal(await name.locator('.gp-field__error').innerText(), 'Use at most 255 characters.');
  await page.click('#gp-save');
  assert.match(await page.locator('.gp-edit__notice').innerText(), /nothing was sent/);
  assert.equal(await name.locator('input').inputValue(), long, 'not truncated, not dropped');
  const stored = (await glance('GET', `/v2/images/${img.id}`)).json;
  assert.equal(stored.name, 'bad-edit');
  assert.equal(stored.os_glance_mine, undefined);
  // One character less is what Glance takes.
  await name.locator('input').press('End');
  await name.locator('input').press('Backspace');
  assert.equal(await name.locator('.gp-field__error').count(), 0);
  await page.click('#gp-save');
  await eventually(async () => assert.equal((await glance('GET', `/v2/images/${img.id}`)).json.name, long.slice(1)));
});

test('the new-image form says a 256-character name is too long before sending, and keeps it', async () => {
  const file = path.join(dir, 'long-name.raw');
  fs.writeFileSync(file, crypto.randomBytes(64 << 10));
  await page.goto(portal.base + '/images/new');
  await page.setInputFiles('#gp-files', [file]);
  const entry = page.locator('.gp-new__file[data-file="long-name.raw"]');
  await entry.locator('.gp-new__detected[data-detected="raw"]').waitFor();
  const long = 'm'.repeat(256);
  const name = entry.locator('[data-key="name"]');
  await name.locator('input').fill(long);
  assert.equal(await name.locator('.gp-field__error').innerText(), 'Use at most 255 characters.');
  await page.click('#gp-create-upload');
  const error = entry.locator('.gp-error');
  await error.waitFor();
  assert.match(await error.innerText(), /name: Use at most 255 characters\./);
  assert.equal(await name.locator('input').inputValue(), long);
  assert.equal((await named(long)).length, 0, 'nothing was created');
  assert.equal(await page.locator('.gp-transfer', { hasText: 'long-name.raw' }).count(), 0);
  // Chinese too.
  await page.selectOption('#gp-lang', 'zh-CN');
  try {
    assert.match(await name.locator('.gp-field__error').innerText(), /255/);
    assert.notEqual(await name.locator('.gp-field__error').innerText(), 'Use at most 255 characters.');
  } finally {
    await page.selectOption('#gp-lang', 'en');
  }
});

test('a 0-byte file is refused with a reason and stays listed; the other files of the batch still upload', async () => {
  const empty = path.join(dir, 'empty.raw');
  fs.writeFileSync(empty, '');
  const full = path.join(dir, 'beside-empty.raw');
  fs.writeFileSync(full, crypto.randomBytes(256 << 10));
  await page.goto(portal.base + '/images/new');
  await page.setInputFiles('#gp-files', [empty, full]);
  const entry = page.locator('.gp-new__file[data-file="empty.raw"]');
  // Said as soon as the file is chosen.
  const notice = entry.locator('.gp-new__empty');
  await notice.waitFor();
  assert.equal(await notice.innerText(), 'This file is empty (0 bytes): it holds no disk image, so no image is created from it.');
  await page.locator('.gp-new__file[data-file="beside-empty.raw"] .gp-new__detected[data-detected="raw"]').waitFor();
  await page.click('#gp-create-upload');
  await page.locator('.gp-transfer', { hasText: 'beside-empty.raw' }).locator('[data-verify="verified"]').waitFor({ timeout: 60_000 });
  assert.match(await entry.locator('.gp-error').innerText(), /This file is empty \(0 bytes\)/);
  assert.equal(await page.locator('.gp-new__file[data-file="empty.raw"]').count(), 1, 'still listed');
  assert.equal(await page.locator('.gp-transfer', { hasText: 'empty.raw' }).filter({ hasNotText: 'beside' }).count(), 0);
  assert.equal((await named('empty')).length, 0, 'no image of size 0 was made');
  assert.equal((await named('beside-empty'))[0].status, 'active');
});

test('a malformed image id in the URL is named as such, and nothing is asked of Glance for it', async () => {
  const asked = [];
  const record = (req) => { if (new URL(req.url()).pathname.startsWith('/image/')) asked.push(req.url()); };
  page.on('request', record);
  try {
    // The second would otherwise reach Glance's schema: nginx decodes %2F and resolves "..".
    for (const [inUrl, shown] of [['not-a-uuid', 'not-a-uuid'], ['..%2Fschemas%2Fimage', '../schemas/image']]) {
      asked.length = 0;
      await page.goto(`${portal.base}/images/${inUrl}?tab=edit`);
      const error = page.locator('main .gp-error');
      await error.waitFor();
      assert.equal(await error.locator('.gp-error__message').innerText(),
        `“${shown}” in this address is not an image ID: Glance's image IDs are UUIDs, like 0b7d6f1e-7a0e-4c3b-9d6b-7f0c1d2e3f4a. Nothing was asked of Glance; check the link you followed.`);
      assert.equal(await page.locator('main a.gp-back').getAttribute('href'), '/images');
      assert.equal(await page.locator('.gp-tabs__panel').count(), 0, 'no tab of an image that is not there');
      assert.deepEqual(asked.filter((u) => u.includes('/v2/images/')), [], 'no image request for it');
    }
  } finally {
    page.off('request', record);
  }
  // A well-formed id of no image: Glance's own 404, with its request id.
  const missing = '00000000-0000-4000-8000-000000000000';
  await page.goto(`${portal.base}/images/${missing}`);
  const error = page.locator('main .gp-error');
  await error.waitFor();
  assert.equal(await error.locator('.gp-error__message').innerText(), `No image found with ID ${missing}`);
  assert.equal(await error.locator('.gp-error__status').innerText(), '404');
  assert.match(await error.locator('.gp-error__request-id').innerText(), /^req-/);
});

test('an unknown route says there is nothing there, logged in, with a way back', async () => {
  await page.goto(`${portal.base}/no/such/page?x=1`);
  const empty = page.locator('main .gp-empty');
  await empty.waitFor();
  assert.equal(await empty.locator('h1').innerText(), 'Page not found');
  assert.equal(await empty.locator('a').getAttribute('href'), '/images');
  assert.ok(await page.locator('.gp-header__user').isVisible(), 'still logged in');
  await empty.locator('a').click();
  await page.locator('.gp-results').waitFor({ state: 'attached' });
});

test('a config.json that is not JSON stops the portal with the file’s name and where it breaks', async () => {
  const broken = await startPortal({ config: '{"keystone_url": "/identity/v3",\n' });
  try {
    await broken.page.goto(broken.base + '/images');
    const error = broken.page.locator('.gp-error');
    await error.waitFor();
    assert.equal(await error.locator('.gp-error__title').innerText(), "The portal's configuration (config.json) could not be used");
    assert.match(await error.locator('.gp-error__message').innerText(), /^config\.json: .*line 2 column 0/);
  } finally {
    await broken.close();
  }
});

test('a config.json naming a Keystone nobody answers at: the login says where it looked and keeps what was typed', async () => {
  const nowhere = 'http://127.0.0.1:9/v3'; // the discard port: nothing listens on it here
  const lost = await startPortal({ config: { keystone_url: nowhere }, apiOrigins: 'http://127.0.0.1:9' });
  try {
    await lost.page.goto(lost.base + '/images');
    await logIn(lost.page, 'demo');
    const error = lost.page.locator('.gp-login .gp-error');
    await error.waitFor({ timeout: 30_000 });
    assert.equal(await error.locator('.gp-error__title').innerText(), 'Login failed');
    assert.match(await error.locator('.gp-error__message').innerText(), /POST http:\/\/127\.0\.0\.1:9\/v3\/auth\/tokens got no answer/);
    assert.equal(await lost.page.locator('.gp-login__unreachable').innerText(),
      `Keystone did not answer at ${nowhere}, so your credentials were not checked. Check that Keystone is running and that this address is right: it comes from keystone_url in the portal's config.json, or from Keystone URL under Advanced.`);
    assert.equal(await lost.page.inputValue('#login-user'), 'demo');
    assert.equal(await lost.page.inputValue('#login-password'), env.passwords.demo);
    assert.equal(await lost.page.inputValue('#login-project'), 'demo');
  } finally {
    await lost.close();
  }
});
