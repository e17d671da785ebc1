// End-to-end: bad input, each with a clear message and nothing the user typed or chose lost —
// a reserved os_glance_* property key, a 256-character name (Glance's limit is 255), a 0-byte
// file, a malformed image id and an unknown route in the URL, and a config.json that is not
// JSON or names a Keystone nobody answers at. Each case is checked against Glance too: nothing
// was sent that should not have been. Each test has its own browser context.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  env, test, newPage, loggedIn, servePortal, eventually, issueToken, api, deleteOwnImages, logIn, say, sayAny,
  button, propField, onImageTab, definition, filePicker, fileEntry, transfer, results, passwordField,
} from './harness.mjs';

let demo;
let dir;

const glance = (...args) => api(env.glance, demo.token, ...args);
async function createImage(body) {
  const r = await glance('POST', '/v2/images', { disk_format: 'raw', container_format: 'bare', ...body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const named = async (name) => (await glance('GET', `/v2/images?name=${encodeURIComponent(name)}`)).json.images;
const newImagePage = (t) => loggedIn(t, 'demo', { path: '/images/new', ready: filePicker });

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-e2e-bad-'));
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the editor refuses a reserved os_glance_* key and a 256-character name inline, sends nothing, keeps what was typed', async (t) => {
  const img = await createImage({ name: 'bad-edit' });
  const { page, panel } = await onImageTab(t, img.id, 'edit');
  const custom = panel.getByRole('group', { name: say('SectionCustom') });
  const key = custom.getByRole('textbox', { name: say('PropertyKey'), exact: true });
  const value = custom.getByRole('textbox', { name: say('PropertyValue'), exact: true });
  await key.fill('os_glance_mine');
  await value.fill('kept');
  await button(custom, 'AddProperty').click();
  assert.equal(await custom.getByRole('alert').innerText(), say('KeyReserved'));
  assert.equal(await key.inputValue(), 'os_glance_mine', 'the key stays in its box');
  assert.equal(await value.inputValue(), 'kept', 'the value stays in its box');

  const long = 'n'.repeat(256);
  const identity = panel.getByRole('group', { name: 'Identity' });
  const name = propField(identity, 'name');
  await name.fill(long);
  assert.equal(await identity.getByRole('alert').innerText(), say('VTooLong', 'en', 255));
  await button(panel, 'Save').click();
  await panel.getByRole('alert').filter({ hasText: /nothing was sent/ }).waitFor();
  assert.equal(await name.inputValue(), long, 'not truncated, not dropped');
  const stored = (await glance('GET', `/v2/images/${img.id}`)).json;
  assert.equal(stored.name, 'bad-edit');
  assert.equal(stored.os_glance_mine, undefined);
  // Both inline messages follow a language switch, and back.
  const language = page.getByRole('combobox', { name: sayAny('Language') });
  await language.selectOption('zh-CN');
  await panel.getByRole('alert').filter({ hasText: say('KeyReserved', 'zh-CN') }).waitFor();
  await panel.getByRole('alert').filter({ hasText: say('VTooLong', 'zh-CN', 255) }).waitFor();
  assert.equal(await panel.getByRole('alert').filter({ hasText: say('KeyReserved') }).count(), 0);
  await language.selectOption('en');
  await identity.getByRole('alert').filter({ hasText: say('VTooLong', 'en', 255) }).waitFor();
  // One character less is what Glance takes.
  await name.press('End');
  await name.press('Backspace');
  assert.equal(await identity.getByRole('alert').count(), 0);
  await button(panel, 'Save').click();
  await eventually(async () => assert.equal((await glance('GET', `/v2/images/${img.id}`)).json.name, long.slice(1)));
});

test('the new-image form says a 256-character name is too long before sending, keeps it, and says it again in Chinese after a switch', async (t) => {
  const file = path.join(dir, 'long-name.raw');
  fs.writeFileSync(file, crypto.randomBytes(64 << 10));
  const { page } = await newImagePage(t);
  await filePicker(page).setInputFiles([file]);
  const entry = fileEntry(page, 'long-name.raw');
  await entry.locator('[data-detected="raw"]').waitFor();
  const long = 'm'.repeat(256);
  const name = propField(entry, 'name');
  await name.fill(long);
  const tooLong = (lang) => entry.getByRole('alert').filter({ hasText: new RegExp(`^${say('VTooLong', lang, 255).replace('.', '\\.')}$`) });
  await tooLong('en').waitFor();
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  await button(page, 'CreateAndUpload').click();
  const refused = (lang) => entry.getByRole('alert').filter({ hasText: say('FormFieldProblem', lang, 'name', say('VTooLong', lang, 255)) });
  await refused('en').waitFor();
  assert.equal(await name.inputValue(), long);
  assert.equal((await named(long)).length, 0, 'nothing was created');
  assert.equal(await transfer(page, 'long-name.raw').count(), 0);
  // Both messages follow a language switch: they are kept as problems, worded when shown.
  await page.getByRole('combobox', { name: say('Language') }).selectOption('zh-CN');
  await tooLong('zh-CN').waitFor();
  await refused('zh-CN').waitFor();
  assert.equal(await tooLong('en').count(), 0);
  assert.equal(await refused('en').count(), 0);
});

test('the create button comes with the cloud\'s choices, and stays where it appeared', async (t) => {
  const { page, base } = await newPage(t);
  // Stores answer late: the button must not be there yet, then not move once it is.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/v2\/info\/stores$/, async (route) => { await held; await route.continue(); });
  const schemaAnswered = page.waitForResponse(/\/v2\/schemas\/image$/);
  await page.goto(base + '/images/new');
  await logIn(page, 'demo');
  await schemaAnswered;
  await filePicker(page).waitFor();
  const create = button(page, 'CreateAndUpload');
  await page.getByRole('status').filter({ hasText: say('Loading') }).waitFor();
  assert.equal(await create.count(), 0, 'no button while the stores are unanswered');
  release();
  await create.waitFor();
  const first = await create.boundingBox();
  await page.locator('#gp-upload-store').waitFor();
  await page.locator('#gp-upload-method').waitFor();
  assert.deepEqual(await create.boundingBox(), first);
});

test('a 0-byte file is refused with a reason and stays listed; the other files of the batch still upload', async (t) => {
  const empty = path.join(dir, 'empty.raw');
  fs.writeFileSync(empty, '');
  const full = path.join(dir, 'beside-empty.raw');
  fs.writeFileSync(full, crypto.randomBytes(256 << 10));
  const { page } = await newImagePage(t);
  await filePicker(page).setInputFiles([empty, full]);
  const entry = fileEntry(page, 'empty.raw');
  // Said as soon as the file is chosen.
  const notice = entry.getByRole('alert').filter({ hasText: say('FormEmptyFile') });
  await notice.waitFor();
  assert.equal(await notice.innerText(), say('FormEmptyFile'));
  await fileEntry(page, 'beside-empty.raw').locator('[data-detected="raw"]').waitFor();
  await button(page, 'CreateAndUpload').click();
  await transfer(page, 'beside-empty.raw').locator('[data-verify="verified"]').waitFor({ timeout: 60_000 });
  // The notice, and now the error the create gave.
  await eventually(async () => assert.equal(await entry.getByRole('alert').filter({ hasText: /This file is empty \(0 bytes\)/ }).count(), 2));
  assert.equal(await entry.count(), 1, 'still listed');
  assert.equal(await transfer(page, 'empty.raw').count(), 0);
  assert.equal((await named('empty')).length, 0, 'no image of size 0 was made');
  assert.equal((await named('beside-empty'))[0].status, 'active');
});

test('a malformed image id in the URL is named as such, and nothing is asked of Glance for it', async (t) => {
  const { page, base } = await loggedIn(t, 'demo');
  const asked = [];
  page.on('request', (req) => { if (new URL(req.url()).pathname.startsWith('/image/')) asked.push(req.url()); });
  const main = page.getByRole('main');
  // The second would otherwise reach Glance's schema: nginx decodes %2F and resolves "..".
  for (const [inUrl, shown] of [['not-a-uuid', 'not-a-uuid'], ['..%2Fschemas%2Fimage', '../schemas/image']]) {
    asked.length = 0;
    await page.goto(`${base}/images/${inUrl}?tab=edit`);
    const error = main.getByRole('alert').filter({ hasText: shown });
    await error.getByText(`“${shown}” in this address is not an image ID: Glance's image IDs are UUIDs, like 0b7d6f1e-7a0e-4c3b-9d6b-7f0c1d2e3f4a. Nothing was asked of Glance; check the link you followed.`, { exact: true }).waitFor();
    assert.equal(await main.getByRole('link', { name: say('BackToImages'), exact: true }).getAttribute('href'), '/images');
    assert.equal(await page.getByRole('tabpanel').count(), 0, 'no tab of an image that is not there');
    assert.deepEqual(asked.filter((u) => u.includes('/v2/images/')), [], 'no image request for it');
  }
  // A well-formed id of no image: Glance's own 404, with its request id.
  const missing = '00000000-0000-4000-8000-000000000000';
  await page.goto(`${base}/images/${missing}`);
  const error = main.getByRole('alert').filter({ hasText: missing });
  await error.getByText(`No image found with ID ${missing}`, { exact: true }).waitFor();
  assert.equal(await definition(error, say('HttpStatus')).innerText(), '404');
  assert.match(await definition(error, say('RequestId')).innerText(), /^req-/);
});

test('an unknown route says there is nothing there, logged in, with a way back', async (t) => {
  const { page, base } = await loggedIn(t, 'demo');
  await page.goto(`${base}/no/such/page?x=1`);
  const main = page.getByRole('main');
  await main.getByRole('heading', { level: 1, name: say('NotFoundTitle'), exact: true }).waitFor();
  const back = main.getByRole('link', { name: say('BackToImages'), exact: true });
  assert.equal(await back.getAttribute('href'), '/images');
  assert.ok(await button(page, 'Logout').isVisible(), 'still logged in');
  await back.click();
  await results(page).waitFor({ state: 'attached' });
});

test('a config.json that is not JSON stops the portal with the file’s name and where it breaks', async (t) => {
  const broken = await servePortal(t, { config: '{"keystone_url": "/identity/v3",\n' });
  const { page } = await newPage(t, { portal: broken });
  await page.goto(broken.url + '/images');
  const error = page.getByRole('alert').filter({ hasText: say('ConfigError') });
  await error.getByText(say('ConfigError'), { exact: true }).waitFor();
  await error.getByText(/^config\.json: .*line 2 column 0/).waitFor();
});

test('a config.json naming a Keystone nobody answers at: the login says where it looked and keeps what was typed', async (t) => {
  const nowhere = 'http://127.0.0.1:9/v3'; // the discard port: nothing listens on it here
  const lost = await servePortal(t, { config: { keystone_url: nowhere }, apiOrigins: 'http://127.0.0.1:9' });
  const { page } = await newPage(t, { portal: lost });
  await page.goto(lost.url + '/images');
  await logIn(page, 'demo');
  const login = page.getByRole('region', { name: say('LoginTitle') });
  const error = login.getByRole('alert').filter({ hasText: say('LoginFailed') });
  await error.waitFor({ timeout: 30_000 });
  await error.getByText(say('LoginFailed'), { exact: true }).waitFor();
  await error.getByText(/POST http:\/\/127\.0\.0\.1:9\/v3\/auth\/tokens got no answer/).waitFor();
  await login.getByText(say('LoginKeystoneUnreachable', 'en', nowhere), { exact: true }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: say('FieldUser'), exact: true }).inputValue(), 'demo');
  assert.equal(await passwordField(page).inputValue(), env.passwords.demo);
  assert.equal(await page.getByRole('textbox', { name: say('FieldProject'), exact: true }).inputValue(), 'demo');
});
