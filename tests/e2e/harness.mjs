// Shared end-to-end plumbing: the built portal served beside the real dev cloud, Debian's
// Chromium driven by playwright-core, and direct API helpers for seeding and for checking
// what the portal did (never a mock: everything talks to the real Keystone and Glance).
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

/**
 * Starts the portal server and a fresh headless Chromium; returns { page, base, close }.
 * `config` merges keys into the served config.json (or, a string, replaces it); `port`
 * fixes nginx's port (a CORS origin the cloud knows) and `apiOrigins` extends the CSP's
 * connect-src (cross-origin hosting); `image` replaces Glance as nginx's upstream for /image/ (a fault-injecting proxy).
 */
export async function startPortal({ config, port, apiOrigins, image = env.glance } = {}) {
  const dist = config ? distWithConfig(config) : env.dist;
  // Real nginx with the README's recipe (hosting/nginx/), as operators serve dist/.
  const server = await serveWithNginx({
    dist,
    identity: env.keystone.replace(/\/v3$/, '/'),
    image: image + '/',
    port,
    apiOrigins,
  });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.GP_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: { width: 1400, height: 900 },
    locale: 'en-US',
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  // The recipe's strict CSP must cost nothing: any violation, in the page or its workers,
  // fails the test that caused it.
  const cspViolations = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return {
    page, base: server.url, errors, server,
    close: async () => {
      await context.close();
      await server.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
      if (dist !== env.dist) fs.rmSync(dist, { recursive: true, force: true });
      assert.deepEqual(errors.map(String), [], 'uncaught errors in the page');
      assert.deepEqual(cspViolations, [], 'Content-Security-Policy violations');
    },
  };
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
  const root = new URL('../..', import.meta.url).pathname;
  const args = rule === null ? ['policy', '--reset'] : ['policy', rule, check];
  execFileSync(path.join(root, 'scripts/devcloud.sh'), args, { stdio: 'inherit' });
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

/** Logs in through the portal's password form. */
export async function logIn(page, user, password = env.passwords[user], project = user) {
  await page.locator('#m-password').check();
  await page.fill('#login-user', user);
  await page.fill('#login-password', password);
  await page.fill('#login-project', project);
  await page.click('.gp-login__submit');
}

/**
 * The preamble the suites share: a fresh portal with `user` logged in through the form on
 * `path`, once `ready` (a selector) is there. Other options go to startPortal.
 */
export async function startLoggedIn(user, { path = '/images', ready = '.gp-results', ...options } = {}) {
  const portal = await startPortal(options);
  await portal.page.goto(portal.base + path);
  await logIn(portal.page, user);
  await portal.page.locator(ready).first().waitFor({ state: 'attached' });
  return portal;
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

/** Names in the visible table, in order. */
export async function rowNames(page) {
  return page.locator('.gp-table__row .gp-table__link').allInnerTexts();
}
