// End-to-end XSS canaries: script payloads as image names, tags, property keys and values
// (the OS ones in the image page's summary and the list's OS column), filters in a link (as
// chips),
// member ids, a project and a user name (made in Keystone as admin), an upload's file name (also
// gzipped, shown through its decompression)
// and the download of the image it made, shown on every page and tab in English and Chinese. Each view must show the payloads
// as text, hold no element or attribute they would have made, and leave the page-level
// canary `window.__gpXss` unset; the harness also fails on any CSP violation (an injected
// inline handler would raise one).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  env, test, newPage, issueToken, api, logIn, deleteOwnImages, say, sayAny, results, imageRows, tabShown,
  fileEntry, transfer, downloadRow, mainActions,
} from './harness.mjs';

const IMG = '<img src=x onerror=window.__gpXss=1>';
const SCRIPT = '"><script>window.__gpXss=1</script>';
const JS_URL = 'javascript:window.__gpXss=1';
const TEMPLATE = '{{7*7}}';
const SVG = "'><svg onload=window.__gpXss=1>";

const NAME = `${IMG}${SCRIPT}${TEMPLATE}`;
const SHARED_NAME = `${SCRIPT}${IMG} shared`;
const TAGS = [IMG, SCRIPT, JS_URL, TEMPLATE];
const PROPS = { [IMG]: SCRIPT, [`x${TEMPLATE}`]: JS_URL, link: JS_URL, [SVG]: IMG };
// What the image page's summary and the list's OS column show.
const OS = { os_distro: SVG, os_version: TEMPLATE, architecture: IMG };
const MEMBER = `${IMG}${TEMPLATE}`;
const PROJECT = `${IMG}${TEMPLATE}`; // Keystone's project names: at most 64 characters
const USER = `${SCRIPT}${SVG}${TEMPLATE}`;
const FILE = `${IMG}${SVG}.raw`; // no "/" in a file name
const PASSWORD = `pw-${crypto.randomBytes(8).toString('hex')}`;

let admin;
let demo;
let project;
let user;
let mine; // the payload user's image
let shared; // demo's image shared with the payload project
let dir;

const keystone = (...args) => api(env.keystone, admin.token, ...args);

/**
 * What a payload would leave behind if it were parsed as markup rather than shown as text:
 * elements it would create, event-handler attributes (Leptos sets none: it listens with
 * addEventListener) and javascript: URLs. Runs in the page, on `html` when given (the
 * detector's own check, in an inert template), else on the live document.
 */
function injected(html) {
  // A template's content is inert: parsed, never loaded or run.
  let root = document;
  if (html !== undefined) {
    const template = document.createElement('template');
    template.innerHTML = html;
    root = template.content;
  }
  const found = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (tag === 'img' && el.getAttribute('src') === 'x') found.push('img[src=x]');
    if (tag === 'svg' && el.hasAttribute('onload')) found.push('svg[onload]');
    if (tag === 'script' && !el.src && el.textContent.includes('__gpXss')) found.push('inline script');
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) found.push(`${tag}[${a.name}]`);
      if (/^\s*javascript:/i.test(a.value) && ['href', 'src', 'action', 'formaction'].includes(a.name)) found.push(`${tag}[${a.name}=javascript:]`);
    }
  }
  return found;
}

/** Asserts the page shows `texts` literally and nothing ran or was injected. */
async function clean(page, where, texts) {
  const body = await page.locator('body').innerText();
  const values = await page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((i) => i.value));
  for (const text of texts) {
    assert.ok(body.includes(text) || values.includes(text), `${where}: shows ${JSON.stringify(text)} literally`);
  }
  assert.deepEqual(await page.evaluate(injected), [], `${where}: nothing injected`);
  assert.equal(await page.evaluate(() => typeof window.__gpXss), 'undefined', `${where}: the canary is untouched`);
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-e2e-xss-'));
  admin = await issueToken('admin');
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  await removeAccounts();
  // A project and a user with payload names, member of it.
  const p = await keystone('POST', '/projects', { project: { name: PROJECT, domain_id: 'default', description: SCRIPT } });
  assert.equal(p.status, 201, p.text);
  project = p.json.project;
  const u = await keystone('POST', '/users', { user: { name: USER, password: PASSWORD, domain_id: 'default', default_project_id: project.id } });
  assert.equal(u.status, 201, u.text);
  user = u.json.user;
  const member = (await keystone('GET', '/roles?name=member')).json.roles[0];
  assert.equal((await keystone('PUT', `/projects/${project.id}/users/${user.id}/roles/${member.id}`)).status, 204);
  const x = await issueToken(USER, PASSWORD, PROJECT);
  const glance = (...args) => api(env.glance, x.token, ...args);
  // Its image: payloads for the name, tags, property keys and values and a member id.
  const made = await glance('POST', '/v2/images', { name: NAME, disk_format: 'raw', container_format: 'bare',
    visibility: 'shared', tags: TAGS, ...PROPS, ...OS });
  assert.equal(made.status, 201, made.text);
  mine = made.json;
  assert.equal((await glance('POST', `/v2/images/${mine.id}/members`, { member: MEMBER })).status, 200);
  // demo's image shared with the payload project, for its "Shared with me".
  const s = await api(env.glance, demo.token, 'POST', '/v2/images',
    { name: SHARED_NAME, disk_format: 'raw', container_format: 'bare', visibility: 'shared', tags: [IMG] });
  assert.equal(s.status, 201, s.text);
  shared = s.json;
  assert.equal((await api(env.glance, demo.token, 'POST', `/v2/images/${shared.id}/members`, { member: project.id })).status, 200);
});

/** Removes the payload user and project and their images (a run that died left them). */
async function removeAccounts() {
  for (const u of (await keystone('GET', `/users?name=${encodeURIComponent(USER)}`)).json.users) {
    await keystone('DELETE', `/users/${u.id}`);
  }
  for (const p of (await keystone('GET', `/projects?name=${encodeURIComponent(PROJECT)}`)).json.projects) {
    const images = (await api(env.glance, admin.token, 'GET', `/v2/images?owner=${p.id}`)).json.images;
    for (const img of images) await api(env.glance, admin.token, 'DELETE', `/v2/images/${img.id}`);
    await keystone('DELETE', `/projects/${p.id}`);
  }
}

after(async () => {
  await cleanUp();
});

async function cleanUp() {
  if (shared) await api(env.glance, demo.token, 'DELETE', `/v2/images/${shared.id}`);
  await removeAccounts();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

test('the canary detector sees a payload that was parsed as markup', async (t) => {
  // On a blank page, not the portal's: the portal's CSP reports even inert handlers it parses.
  const { page: blank } = await newPage(t);
  const found = await blank.evaluate(injected, `<p>${IMG}${SCRIPT}${SVG}<a href="${JS_URL}">x</a></p>`);
  for (const what of ['img[src=x]', 'img[onerror]', 'inline script', 'svg[onload]', 'a[href=javascript:]']) {
    assert.ok(found.includes(what), `${what} in ${found}`);
  }
});

test('payload names, tags, properties, members, project, user and file name render literally on every page, in both languages', { timeout: 300_000 }, async (t) => {
  const { page, base } = await newPage(t);
  const anyButton = (scope, key) => scope.getByRole('button', { name: sayAny(key) });
  // Login and header: the payload user into the payload project, through the form.
  await page.goto(base + '/images');
  await logIn(page, USER, PASSWORD, PROJECT);
  await results(page).waitFor({ state: 'attached' });
  const file = path.join(dir, FILE);
  fs.writeFileSync(file, crypto.randomBytes(128 << 10));
  // The same file gzipped: its name shows in the decompression's line, the disk's as the entry's.
  const gzipped = path.join(dir, `${FILE}.gz`);
  fs.writeFileSync(gzipped, zlib.gzipSync(fs.readFileSync(file)));
  let uploaded = false;
  for (const lang of ['en', 'zh-CN']) {
    await page.getByRole('combobox', { name: sayAny('Language') }).selectOption(lang);
    const at = (where) => `${where} (${lang})`;
    const header = [USER, PROJECT];

    await page.goto(base + '/images');
    await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' }); // the choice held
    await imageRows(page).first().waitFor();
    await clean(page, at('image list'), [...header, NAME, ...Object.values(OS)]);
    // A filter from a crafted link shows as a chip, as text.
    await page.goto(`${base}/images?os_distro=${encodeURIComponent(SCRIPT)}&tag=${encodeURIComponent(IMG)}`);
    await page.getByRole('list', { name: sayAny('ActiveFilters') }).waitFor();
    await clean(page, at('filter chips'), [SCRIPT, IMG]);

    for (const tab of ['details', 'edit', 'tags', 'sharing', 'actions']) {
      await page.goto(`${base}/images/${mine.id}?tab=${tab}`);
      await tabShown(page, tab);
      await page.waitForLoadState('networkidle');
      const expect = {
        details: [NAME, ...Object.keys(PROPS), ...Object.values(PROPS), ...TAGS],
        edit: [NAME, ...Object.keys(PROPS), ...Object.values(PROPS)],
        tags: TAGS,
        sharing: [MEMBER],
        actions: [NAME],
      }[tab];
      // The summary above every tab: the OS line and the tags.
      await clean(page, at(`detail, ${tab} tab`), [...header, ...expect, `${SVG} ${TEMPLATE} · ${IMG}`, ...TAGS]);
    }
    // The delete confirmation names the image inside a sentence.
    await anyButton(mainActions(page), 'Delete').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('paragraph').first().waitFor();
    await clean(page, at('delete confirmation'), [NAME]);
    await anyButton(dialog, 'Cancel').click();

    await page.goto(base + '/shared');
    await page.getByRole('row').filter({ has: page.getByRole('link', { name: SHARED_NAME, exact: true }) }).waitFor();
    await clean(page, at('shared with me'), [...header, SHARED_NAME]);

    // New image: the file name in the form, the name made from it, then the transfers panel.
    await page.goto(base + '/images/new');
    await page.getByLabel(sayAny('ChooseFiles')).setInputFiles([file]);
    const entry = fileEntry(page, FILE);
    await entry.locator('[data-detected="raw"]').waitFor();
    await clean(page, at('new image form'), [...header, FILE, FILE.replace(/\.raw$/, '')]);
    await page.getByLabel(sayAny('ChooseFiles')).setInputFiles([gzipped]);
    const unpacked = fileEntry(page, `${FILE}.gz`);
    await unpacked.locator('[data-unpack="done"]').waitFor({ timeout: 30_000 });
    await unpacked.locator('[data-detected="raw"]').waitFor();
    await clean(page, at('decompressed file'), [`${FILE}.gz`, FILE]);
    await anyButton(unpacked, 'RemoveFile').click();
    if (!uploaded) {
      await anyButton(page, 'CreateAndUpload').click();
      await transfer(page, FILE).locator('[data-verify="verified"]').waitFor({ timeout: 60_000 });
      // Its download, named after the payload-named image, joins the panel: reached inside
      // the app (a reload would empty the panel).
      await transfer(page, FILE).locator('.gp-transfer__name').click();
      await page.getByRole('tab', { name: sayAny('TabActions') }).click();
      const actions = await tabShown(page, 'actions');
      await page.evaluate(() => { delete window.showSaveFilePicker; });
      await Promise.all([page.waitForEvent('download'), anyButton(mainActions(page), 'Download').click()]);
      await downloadRow(page, FILE.replace(/\.raw$/, '')).locator('[data-verify="verified"]').waitFor();
      uploaded = true;
    }
    await clean(page, at('transfers panel'), [FILE, FILE.replace(/\.raw$/, '')]);
  }
  // The login form after logging out remembers the payload user name, as a value.
  await page.getByRole('combobox', { name: sayAny('Language') }).selectOption('en');
  await page.getByRole('button', { name: say('Logout'), exact: true }).click();
  await page.getByRole('button', { name: say('LoginSubmit'), exact: true }).waitFor();
  await clean(page, 'login form after logout', [USER]);
  // The upload is the payload-named image Glance holds.
  const x = await issueToken(USER, PASSWORD, PROJECT);
  const names = (await api(env.glance, x.token, 'GET', `/v2/images?owner=${project.id}`)).json.images.map((i) => i.name);
  assert.ok(names.includes(FILE.replace(/\.raw$/, '')), names.join(', '));
});
