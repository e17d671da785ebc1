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

/** Logs in with a password as `user`, on the login page shown at `at`. */
async function logIn(page, user, at) {
  await page.goto(portal.url + at);
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

test('Firefox, without a file picker, saves a download through its own downloads, and it verifies', slow, async () => {
  // Larger than one chunk queue many times over: the page must wait for the browser.
  const size = 48 << 20;
  const file = scratch.random('firefox-download.raw', size);
  const created = await api(env.glance, demo.token, 'POST', '/v2/images',
    { name: 'firefox-download.raw', disk_format: 'raw', container_format: 'bare' });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  assert.equal((await api(env.glance, demo.token, 'PUT', `/v2/images/${id}/file`, fs.readFileSync(file),
    'application/octet-stream')).status, 204);
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await logIn(page, 'demo', `/images/${id}?tab=actions`);
  assert.equal(await page.evaluate(() => typeof window.showSaveFilePicker), 'undefined');
  // The download worker is registered at start, for its own scope only.
  await page.waitForFunction(async () => {
    const r = await navigator.serviceWorker.getRegistration('/__gp_download/');
    return r?.active?.state === 'activated';
  }, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null, 'the worker controls no page of the portal');
  await (await byText(page, 'button', say('DownloadVerify'))).click();
  // The panel's row says how it was saved and that it verified.
  const verdict = await page.waitForFunction(() => {
    const row = document.querySelector('[data-download]');
    const v = row?.querySelector('[data-verify]');
    return v && v.getAttribute('data-verify') !== 'waiting' && row.textContent;
  }, { timeout: 120_000 });
  const text = await verdict.jsonValue();
  assert.ok(text.includes(say('SavedBrowserDownloads')), text);
  assert.equal(await page.$eval('[data-download] [data-verify]', (e) => e.getAttribute('data-verify')), 'verified');
  assert.equal(await page.$eval('[data-download]', (e) => e.getAttribute('data-bytes')), String(size));
  // And the browser wrote exactly the image's bytes.
  const target = path.join(saved, 'firefox-download.raw');
  await eventually(() => {
    assert.ok(fs.existsSync(target), `saved: ${fs.readdirSync(saved).join(', ')}`);
    assert.equal(fs.statSync(target).size, size);
  }, 60_000);
  assert.equal(digest('sha512sum', target), digest('sha512sum', file));
  assert.deepEqual(errors, []);
  await page.close();
});
