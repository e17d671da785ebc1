// Shared end-to-end plumbing: the built portal served beside the real dev cloud, Debian's
// Chromium driven by playwright-core, and direct API helpers for seeding and for checking
// what the portal did (never a mock: everything talks to the real Keystone and Glance).
import { test as nodeTest, after } from 'node:test';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { serveWithNginx } from './nginx.mjs';

const require = createRequire(new URL('../../scripts/tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const need = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests through scripts/test.sh`);
  return v;
};

export const env = {
  dist: path.resolve(process.env.GP_E2E_DIST || new URL('../../dist', import.meta.url).pathname),
  keystone: need('GP_KEYSTONE_URL').replace(/\/$/, ''), // .../v3
  glance: need('GP_GLANCE_URL').replace(/\/$/, ''),
  passwords: {
    admin: need('GP_ADMIN_PASSWORD'),
    demo: need('GP_DEMO_PASSWORD'),
    alt: need('GP_ALT_PASSWORD'),
  },
};

/**
 * A copy of dist/ whose config.json has `changes` merged in (the way an operator edits
 * dist/config.json for a cloud): links to the built files, a config.json of its own. A
 * string for `changes` is written as the whole file, as it is (an operator's broken edit).
 */
function distWithConfig(changes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-e2e-dist-'));
  fs.chmodSync(dir, 0o755); // nginx's workers read it as another user
  for (const entry of fs.readdirSync(env.dist)) {
    if (entry !== 'config.json') fs.symlinkSync(path.join(env.dist, entry), path.join(dir, entry));
  }
  const config = JSON.parse(fs.readFileSync(path.join(env.dist, 'config.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'config.json'),
    typeof changes === 'string' ? changes : JSON.stringify({ ...config, ...changes }));
  return dir;
}

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const SCREENSHOTS = path.join(ROOT, 'target/e2e-screenshots');

/**
 * Starts nginx serving the portal beside the test cloud; resolves to the server
 * ({ url, brotli, log, close }). `config` merges keys into the served config.json (or, a
 * string, replaces it); `port` fixes nginx's port (a CORS origin the cloud knows) and
 * `apiOrigins` extends the CSP's connect-src (cross-origin hosting); `image` replaces Glance
 * as nginx's upstream for /image/ (a fault-injecting proxy). With a test context `t`, the
 * server is stopped when that test ends; without, the caller stops it.
 */
export async function servePortal(t, { config, port, apiOrigins, image = env.glance } = {}) {
  const dist = config ? distWithConfig(config) : env.dist;
  // Real nginx with the hosting recipe (hosting/nginx/, docs/hosting.md), as operators serve dist/.
  const server = await serveWithNginx({
    dist,
    identity: env.keystone.replace(/\/v3$/, '/'),
    image: image + '/',
    port,
    apiOrigins,
  });
  const stop = server.close;
  server.close = async () => {
    await stop();
    if (dist !== env.dist) fs.rmSync(dist, { recursive: true, force: true });
  };
  if (t) fixturesOf(t).servers.push(server);
  return server;
}

// One Chromium and one nginx (with the default config) per test file: starting them is the
// slow part, and neither holds anything of a test's session. Contexts are per test.
let browser;
let shared;
// Registered by the file's first test(), at its top level, so that it is the file's hook; a
// script that only imports the harness (bench.mjs) must not start node:test's runner.
let closing = false;
function closeAfterFile() {
  if (closing) return;
  closing = true;
  after(async () => {
    await browser?.close();
    await shared?.close();
  });
}

/** The file's nginx with the default config.json, started by the first test that asks. */
export async function sharedPortal() {
  shared ??= await servePortal(null);
  return shared;
}

async function launched() {
  browser ??= await chromium.launch({
    executablePath: process.env.GP_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return browser;
}

// What a running test has opened (contexts, servers), found by its TestContext.
const fixtures = new WeakMap();
function fixturesOf(t) {
  const f = fixtures.get(t);
  if (!f) throw new Error('a fixture needs the TestContext of a test declared with the harness\'s test()');
  return f;
}

/**
 * A new browser context (its own cookies, storage and session: nothing is left from another
 * test) on `portal` (default: the file's shared nginx), with one page; resolves to
 * { page, context, base }. The context is closed when test `t` ends; an uncaught error or a
 * Content-Security-Policy violation in any of its pages fails `t`. `width` × `height` is the
 * viewport (default 1400 × 900) and `locale` the browser's language (default en-US).
 */
export async function newPage(t, { portal, width = 1400, height = 900, locale = 'en-US' } = {}) {
  return openPage(fixturesOf(t), portal || await sharedPortal(), { width, height, locale });
}

async function openPage(f, server, { width = 1400, height = 900, locale = 'en-US' } = {}) {
  const context = await (await launched()).newContext({ viewport: { width, height }, locale });
  const watch = (page) => {
    page.setDefaultTimeout(15000);
    page.on('pageerror', (e) => f.errors.push(String(e)));
    // The recipe's strict CSP must cost nothing: any violation, in the page or its workers,
    // fails the test that caused it.
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) f.csp.push(m.text());
      // A Rust panic reaches the page as a bare "RuntimeError: unreachable" (release builds
      // abort); the panic hook's console line says where and why, so the report carries it.
      if (m.type() === 'error' && m.text().startsWith('panicked at')) f.errors.push(m.text().split('\n\nStack:')[0]);
    });
  };
  context.on('page', watch);
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  f.contexts.push(context);
  const page = await context.newPage();
  return { page, context, base: server.url };
}

/**
 * For scripts outside node:test (bench.mjs): the portal on an nginx of its own, and a page in
 * a new Chromium; resolves to { page, base, server, errors, close }. `options` as for
 * servePortal. Page errors are collected in `errors`, not asserted.
 */
export async function startPortal(options = {}) {
  const f = { contexts: [], servers: [], errors: [], csp: [] };
  const server = await servePortal(null, options);
  const { page } = await openPage(f, server);
  return {
    page, base: server.url, server, errors: f.errors,
    close: async () => {
      for (const context of f.contexts) await context.close();
      await server.close();
      await browser?.close();
      browser = undefined;
    },
  };
}

/**
 * A new context (see newPage) with `user` logged in through the portal's password form on
 * `path`, once the page shows `ready` (a function of the page returning a locator; default:
 * the image list's results region). `portal` is a server from servePortal; `password` and
 * `project` default to the test cloud's account of that name.
 */
export async function loggedIn(t, user, { path: at = '/images', ready, portal, password, project } = {}) {
  const opened = await newPage(t, { portal });
  await opened.page.goto(opened.base + at);
  await logIn(opened.page, user, password, project);
  await (ready ? ready(opened.page) : results(opened.page)).first().waitFor({ state: 'attached' });
  return opened;
}

const order = process.env.GP_E2E_SHUFFLE;
const declared = [];
// With GP_E2E_SHUFFLE, tests are declared to node:test only once the file has declared them
// all, in another order (node:test takes tests declared after the module has loaded).
if (order) {
  setImmediate(() => {
    const given = order === 'random' ? 1 + Math.floor(Math.random() * 100000) : Number(order);
    if (order !== 'reverse' && !(given > 0)) throw new Error(`GP_E2E_SHUFFLE=${order}: use reverse, random or a seed (a positive number)`);
    // A seeded Park–Miller generator, so that a seed printed for a failing order repeats it.
    let seed = given;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const list = order === 'reverse' ? declared.reverse()
      : declared.map((d) => [random(), d]).sort((a, b) => a[0] - b[0]).map(([, d]) => d);
    if (order !== 'reverse') console.log(`# GP_E2E_SHUFFLE=${given}: ${list.map(([name]) => name).join(' | ')}`);
    for (const d of list) nodeTest(...d);
  });
}

/**
 * node:test's `test(name, [options], fn)` for the e2e suites: `options.timeout` defaults to
 * 120 s (a stuck step fails its test instead of hanging the suite); `fn(t)` gets the
 * TestContext that newPage, loggedIn and servePortal take, and what they opened is closed
 * when it ends. A failing test leaves a screenshot of each of its pages in
 * target/e2e-screenshots/. GP_E2E_SHUFFLE=reverse (or =random for a random order, or =N for
 * the order of seed N, which a random run prints) runs the file's tests in another order, to
 * show that none needs another's state.
 */
export function test(name, options, fn) {
  if (typeof options === 'function') [options, fn] = [{}, options];
  closeAfterFile();
  const run = async (t) => {
    const f = { contexts: [], servers: [], errors: [], csp: [] };
    fixtures.set(t, f);
    let failure;
    try {
      await fn(t);
    } catch (e) {
      failure = e;
      await screenshots(t.name, f.contexts);
    }
    for (const context of f.contexts) await context.close().catch(() => {});
    for (const server of f.servers.reverse()) await server.close().catch(() => {});
    if (failure) {
      if (f.errors.length || f.csp.length) console.error('page errors:', f.errors, 'CSP:', f.csp);
      throw failure;
    }
    assert.deepEqual(f.errors, [], 'uncaught errors in the page');
    assert.deepEqual(f.csp, [], 'Content-Security-Policy violations');
  };
  const args = [name, { timeout: 120_000, ...options }, run];
  if (order) declared.push(args);
  else nodeTest(...args);
}

async function screenshots(name, contexts) {
  const slug = name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80);
  const file = path.basename(process.argv[1] || 'e2e', '.test.mjs');
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  let n = 0;
  for (const context of contexts) {
    for (const page of context.pages()) {
      const shot = path.join(SCREENSHOTS, `${file}--${slug}--${n++}.png`);
      await page.screenshot({ path: shot, fullPage: true, timeout: 5000 })
        .then(() => console.error(`screenshot: ${shot}`), () => {});
    }
  }
}

/** Retries `check` until it stops throwing (the UI is asynchronous), or rethrows its last error. */
export async function eventually(check, timeoutMs = 15000) {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() - start > timeoutMs) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Changes one Glance policy rule on the running test cloud (`scripts/devcloud.sh policy`,
 * applied live), or with `null` puts Glance's defaults back (which restarts its worker).
 */
export function setCloudPolicy(rule, check) {
  const args = rule === null ? ['policy', '--reset'] : ['policy', rule, check];
  execFileSync(path.join(ROOT, 'scripts/devcloud.sh'), args, { stdio: 'inherit' });
}

/** Issues a project-scoped token straight from Keystone: { token, body }. */
export async function issueToken(user, password = env.passwords[user], project = user) {
  const res = await api(env.keystone, '', 'POST', '/auth/tokens', { auth: {
    identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: 'Default' } } } },
    scope: { project: { name: project, domain: { name: 'Default' } } },
  } });
  assert.equal(res.status, 201, `token for ${user}: ${res.text}`);
  return { token: res.headers['x-subject-token'], body: res.json };
}

/**
 * Calls an API with a token; returns { status, json, text, headers }. Uses node:http without
 * keep-alive: gunicorn closes idle connections after 2 s, and a pooled socket closed under
 * fetch's feet fails the request ("fetch failed") before it was even sent.
 */
export function api(base, token, method, pathAndQuery, body, contentType = 'application/json', extraHeaders = {}) {
  const url = new URL(base + pathAndQuery);
  const payload = body === undefined ? undefined
    : (contentType === 'application/json' || contentType.includes('json-patch')) ? JSON.stringify(body) : body;
  const headers = { ...(token ? { 'x-auth-token': token } : {}), ...extraHeaders };
  if (payload !== undefined) {
    headers['content-type'] = contentType;
    headers['content-length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, json, text, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Deletes every image the token's project owns (tests start from a known state). */
export async function deleteOwnImages(token, projectId) {
  for (let round = 0; ; round++) {
    const listed = await Promise.all(['false', 'true'].map((hidden) =>
      api(env.glance, token, 'GET', `/v2/images?owner=${projectId}&limit=200&os_hidden=${hidden}`)));
    const images = listed.flatMap((r) => r.json.images);
    if (images.length === 0) return;
    if (round >= 5) {
      throw new Error(`cannot clean up images: ${images.map((i) => `${i.name} (${i.status})`).join(', ')}`);
    }
    await pool(images, 4, async (img) => {
      if (img.protected) await api(env.glance, token, 'PATCH', `/v2/images/${img.id}`,
        [{ op: 'replace', path: '/protected', value: false }], 'application/openstack-images-v2.1-json-patch');
      await api(env.glance, token, 'DELETE', `/v2/images/${img.id}`);
    });
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool(items, limit, fn) {
  const results = [];
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }));
  return results;
}

// The portal's own words (crates/core/src/i18n/catalog.rs), for finding elements by the names a user reads.
const CATALOG = new Map();
for (const m of fs.readFileSync(path.join(ROOT, 'crates/core/src/i18n/catalog.rs'), 'utf8')
  .matchAll(/^\s*(\w+) => ("(?:[^"\\]|\\.)*"), ("(?:[^"\\]|\\.)*");$/gm)) {
  CATALOG.set(m[1], { en: JSON.parse(m[2]), 'zh-CN': JSON.parse(m[3]) });
}

/**
 * The catalog's text for `key` in `lang` ('en' or 'zh-CN'), with `{0}`, `{1}`… replaced by
 * `args`: what the portal shows, for getByRole's `name` and getByText.
 */
export function say(key, lang = 'en', ...args) {
  const entry = CATALOG.get(key);
  if (!entry) throw new Error(`no catalog entry ${key} in crates/core/src/i18n/catalog.rs`);
  return entry[lang].replace(/\{(\d+)\}/g, (_, i) => String(args[i]));
}

/** A RegExp matching the catalog's text for `key` in either language, any `{n}` as anything. */
export function sayAny(key) {
  const entry = CATALOG.get(key);
  if (!entry) throw new Error(`no catalog entry ${key} in crates/core/src/i18n/catalog.rs`);
  const pattern = (s) => s.split(/\{\d+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^(?:${pattern(entry.en)}|${pattern(entry['zh-CN'])})$`);
}

/** The login form's password box (its label is also the Password method's). */
export const passwordField = (page) =>
  page.getByLabel(say('FieldPassword'), { exact: true }).and(page.locator('input[type="password"]'));

/** Logs in through the portal's password form, worded in `lang` (default English). */
export async function logIn(page, user, password = env.passwords[user], project = user, lang = 'en') {
  await page.getByRole('radio', { name: say('MethodPassword', lang), exact: true }).check();
  await page.getByRole('textbox', { name: say('FieldUser', lang), exact: true }).fill(user);
  await page.getByLabel(say('FieldPassword', lang), { exact: true }).and(page.locator('input[type="password"]')).fill(password);
  await page.getByRole('textbox', { name: say('FieldProject', lang), exact: true }).fill(project);
  await page.getByRole('button', { name: say('LoginSubmit', lang), exact: true }).click();
}

/** The image list's "N images on this page": there once a page of the list has loaded. */
export const results = (page) => page.getByRole('status').filter({ hasText: sayAny('OnThisPage') });

/** The image list's rows (each has its image's name as a link). */
export const imageRows = (page) => page.getByRole('table').getByRole('row').filter({ has: page.getByRole('link') });

/** Names in the visible table, in order. */
export async function rowNames(page) {
  return imageRows(page).getByRole('link').allInnerTexts();
}

/** The hex digest a coreutils tool (`md5sum`, `sha512sum`) prints for `file`. */
export const digest = (cmd, file) => execFileSync(cmd, [file]).toString().split(/\s+/)[0];

/**
 * A scratch directory for a test file's data: `random(name, bytes)` writes a file of random
 * bytes there (in 1 MiB writes, so large files never sit in memory) and returns its path;
 * `remove()` deletes the directory.
 */
export function scratchDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gp-e2e-${prefix}-`));
  return {
    dir,
    random(name, bytes) {
      const file = path.join(dir, name);
      const fd = fs.openSync(file, 'w');
      for (let left = bytes; left > 0; left -= 1 << 20) fs.writeSync(fd, crypto.randomBytes(Math.min(left, 1 << 20)));
      fs.closeSync(fd);
      return file;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The value beside `term` in a description list inside `scope` (a <dt>/<dd> pair: an
 * error's HTTP status and request ID, a property on the details tab by its API key, which
 * follows its title).
 */
export const definition = (scope, term) =>
  scope.getByRole('term').filter({ hasText: new RegExp(`(^|\\s)${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .locator('xpath=following-sibling::dd[1]');

/** Opens the image list's filter form, unless it is open already. */
export async function openFilters(page) {
  const apply = page.getByRole('button', { name: say('Apply'), exact: true });
  if (!(await apply.isVisible())) await page.getByText(say('Filters'), { exact: true }).click();
  await apply.waitFor();
}

/** The button named by catalog entry `key` (with `args`), in English, inside `scope`. */
export const button = (scope, key, ...args) => scope.getByRole('button', { name: say(key, 'en', ...args), exact: true });

/** The image page's main actions (download, edit, copy, delete) in its summary header. */
export const mainActions = (page) => page.getByRole('group', { name: sayAny('ImageMainActions') });

/** The command of each "Equivalent CLI command" inside `scope`. */
export const cli = (scope) => scope.getByRole('group', { name: say('CliEquivalent') }).getByRole('code');

/** A schema property's control (edit tab, create form), by its API key. */
export const propField = (scope, key) =>
  scope.locator(`.gp-prop[data-key="${key}"]`).locator('input, select, textarea').first();

const TAB_LABEL = { details: 'TabDetails', edit: 'TabEdit', tags: 'TabTags', sharing: 'TabSharing', actions: 'TabActions' };

/** Waits until `tab` (details, edit, …) is an image page's selected tab; resolves to its panel. */
export async function tabShown(page, tab) {
  await page.getByRole('tab', { name: sayAny(TAB_LABEL[tab]), selected: true }).waitFor();
  const panel = page.getByRole('tabpanel');
  await panel.waitFor();
  return panel;
}

/** Goes to `tab` of image `id` on `base`; resolves to the tab's panel. */
export async function openTab(page, base, id, tab) {
  await page.goto(`${base}/images/${id}?tab=${tab}`);
  return tabShown(page, tab);
}

/**
 * A new context with `user` (default demo) logged in on `tab` of image `id`; resolves to
 * { page, context, base, panel }. `portal` as for loggedIn.
 */
export async function onImageTab(t, id, tab, { user = 'demo', portal } = {}) {
  const opened = await loggedIn(t, user, { path: `/images/${id}?tab=${tab}`, portal, ready: (p) => p.getByRole('tabpanel') });
  return { ...opened, panel: await tabShown(opened.page, tab) };
}

/** The create page's file picker (a file input, labelled). */
export const filePicker = (page) => page.getByLabel(say('ChooseFiles'), { exact: true });

/** The create page's entry for a chosen file, by the file's name. */
export const fileEntry = (page, file) =>
  page.getByRole('region', { name: sayAny('NewImageTitle') }).getByRole('article', { name: file, exact: true });

/** The transfers panel's rows for a file, by the file's name (the last is the newest). */
export const transfer = (page, file) =>
  page.getByRole('region', { name: sayAny('Transfers') }).getByRole('article', { name: file, exact: true });

/** The transfers panel's download row for an image, by the image's name (the newest). */
export const downloadRow = (page, name) =>
  page.getByRole('region', { name: sayAny('Transfers') })
    .getByRole('article', { name, exact: true }).and(page.locator('[data-download]')).last();

/** Every row of the transfers panel. */
export const transfers = (page) => page.getByRole('region', { name: sayAny('Transfers') }).getByRole('article');

/** The web-download form (create page, or a queued image's Actions tab). */
export const webDownload = (page) => page.getByRole('region', { name: sayAny('ImportFromUrl') });

/** Switches the create page to its "From a URL" mode; resolves to the web-download form. */
export async function fromUrl(page) {
  await page.getByRole('tab', { name: sayAny('NewFromUrl') }).click();
  return webDownload(page);
}
