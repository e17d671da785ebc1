// End-to-end, in Firefox: a browser without showSaveFilePicker saves a download through its
// own downloads (the portal's service worker, public/download-sw.js, streams the bytes the
// page fetched and hashed), larger than the page ever holds, and the verdict still covers
// every byte. Debian's Firefox ESR is driven by puppeteer-core over WebDriver BiDi (Playwright
// drives only its own patched Firefox, which cannot be fetched here); it saves into a
// directory of the test's, where the file is compared with the original.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import {
  env, servePortal, issueToken, api, say, scratchDir, digest, eventually,
} from './harness.mjs';
import { startCutProxy } from './cut_proxy.mjs';

const require = createRequire(new URL('../../scripts/tools/package.json', import.meta.url));
const puppeteer = require('puppeteer-core');

const FIREFOX = process.env.GP_FIREFOX || '/usr/bin/firefox-esr';
const slow = { timeout: 240_000 };
let portal;
let browser;
let scratch;
let saved;
let demo;

before(async () => {
  scratch = scratchDir('firefox');
  saved = path.join(scratch.dir, 'saved');
  fs.mkdirSync(saved);
  demo = await issueToken('demo');
  portal = await servePortal(null);
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    extraPrefsFirefox: {
      // Downloads go to the test's directory, without a dialog.
      'browser.download.folderList': 2,
      'browser.download.dir': saved,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.helperApps.neverAsk.saveToDisk': 'application/octet-stream',
    },
  });
});

after(async () => {
  await browser?.close();
  await portal?.close();
  scratch?.remove();
});

/** The element that `selector` finds and whose text is `text`, once there. */
async function byText(page, selector, text, timeout = 30_000) {
  const handle = await page.waitForFunction((sel, want) =>
    [...document.querySelectorAll(sel)].find((e) => e.textContent.trim() === want), { timeout }, selector, text);
  return handle.asElement();
}

/** Logs in with a password as `user`, on the login page shown at `at` of `base`. */
async function logIn(page, user, base, at) {
  await page.goto(base + at);
  await page.waitForSelector('input[type="password"]');
  await page.evaluate((want) => {
    const label = [...document.querySelectorAll('label')].find((l) => l.control?.type === 'radio' && l.textContent.trim() === want);
    label.control.click();
  }, say('MethodPassword'));
  // The text or password input labelled `want`.
  const field = async (want) => (await page.waitForFunction((text) => {
    const label = [...document.querySelectorAll('label')]
      .find((l) => l.control && l.control.type !== 'radio' && l.textContent.trim() === text);
    return label?.control;
  }, {}, want)).asElement();
  await (await field(say('FieldUser'))).type(user);
  await (await field(say('FieldPassword'))).type(env.passwords[user]);
  await (await field(say('FieldProject'))).type(user);
  await (await byText(page, 'button', say('LoginSubmit'))).click();
}

/** An image named `name` holding `size` random bytes; resolves to { id, file }. */
async function imageWithData(name, size) {
  const file = scratch.random(name, size);
  const created = await api(env.glance, demo.token, 'POST', '/v2/images',
    { name, disk_format: 'raw', container_format: 'bare' });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  assert.equal((await api(env.glance, demo.token, 'PUT', `/v2/images/${id}/file`, fs.readFileSync(file),
    'application/octet-stream')).status, 204);
  return { id, file };
}

/**
 * Downloads image `id` from its Actions tab on `base` in a new Firefox page, once the
 * download worker is active; resolves to the panel row's text when it has a verdict, with
 * the page.
 */
async function downloadInFirefox(base, id) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await logIn(page, 'demo', base, `/images/${id}?tab=actions`);
  assert.equal(await page.evaluate(() => typeof window.showSaveFilePicker), 'undefined');
  // The download worker is registered at start, for its own scope only.
  await page.waitForFunction(async () => {
    const r = await navigator.serviceWorker.getRegistration('/__gp_download/');
    return r?.active?.state === 'activated';
  }, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null, 'the worker controls no page of the portal');
  await (await byText(page, 'button', say('Download'))).click();
  const verdict = await page.waitForFunction(() => {
    const row = document.querySelector('[data-download]');
    const v = row?.querySelector('[data-verify]');
    return v && v.getAttribute('data-verify') !== 'waiting' && row.textContent;
  }, { timeout: 120_000 });
  return { page, text: await verdict.jsonValue(), errors };
}

/** Waits for the browser to have written `name` in full into the downloads directory. */
async function savedFile(name, size) {
  const target = path.join(saved, name);
  await eventually(() => {
    assert.ok(fs.existsSync(target), `saved: ${fs.readdirSync(saved).join(', ')}`);
    assert.equal(fs.statSync(target).size, size);
  }, 60_000);
  return target;
}

test('Firefox, without a file picker, saves a download through its own downloads, and it verifies', slow, async () => {
  // Larger than the worker's queue many times over: the page must wait for the browser.
  const size = 48 << 20;
  const { id, file } = await imageWithData('firefox-download.raw', size);
  const { page, text, errors } = await downloadInFirefox(portal.url, id);
  assert.ok(text.includes(say('SavedBrowserDownloads')), text);
  assert.equal(await page.$eval('[data-download] [data-verify]', (e) => e.getAttribute('data-verify')), 'verified');
  assert.equal(await page.$eval('[data-download]', (e) => e.getAttribute('data-bytes')), String(size));
  // And the browser wrote exactly the image's bytes.
  const target = await savedFile('firefox-download.raw', size);
  assert.equal(digest('sha512sum', target), digest('sha512sum', file));
  assert.deepEqual(errors, []);
  await page.close();
});

test('in Firefox, a download cut mid-way resumes with Range into the same browser download', slow, async () => {
  const size = 8 << 20;
  const { id, file } = await imageWithData('firefox-resumed.raw', size);
  const proxy = await startCutProxy(env.glance);
  const cutPortal = await servePortal(null, { image: proxy.url });
  try {
    const at = 3_000_000;
    proxy.cutAnswerOnceAfter(new RegExp(`^GET /v2/images/${id}/file$`), at);
    const { page, text, errors } = await downloadInFirefox(cutPortal.url, id);
    assert.ok(text.includes(say('SavedBrowserDownloads')), text);
    assert.equal(await page.$eval('[data-download] [data-verify]', (e) => e.getAttribute('data-verify')), 'verified');
    assert.equal(await page.$eval('[data-download] [data-resumed]', (e) => e.getAttribute('data-resumed')), '1');
    const asked = proxy.heads.filter((h) => h.request === `GET /v2/images/${id}/file`);
    assert.equal(asked.length, 2, JSON.stringify(asked));
    assert.match(asked[1].range, /^bytes=[1-9]\d*-$/);
    // One file, whole: the resumed bytes went on into the same browser download.
    const target = await savedFile('firefox-resumed.raw', size);
    assert.equal(digest('sha512sum', target), digest('sha512sum', file));
    assert.deepEqual(fs.readdirSync(saved).filter((f) => f.startsWith('firefox-resumed')), ['firefox-resumed.raw']);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await cutPortal.close();
    await proxy.close();
  }
});
