// End-to-end: dist/ hosted as docs/hosting.md tells operators to, with Debian's nginx and the
// repository's recipe (hosting/nginx/): the app boots under the strict CSP (no inline
// script; the harness fails any test that causes a violation), headers and cache rules,
// precompressed assets, the SPA fallback, and the cross-origin variant with CORS.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { env, test, loggedIn, sharedPortal, servePortal, newPage, logIn, results } from './harness.mjs';

let portal; // the file's nginx ({ url, brotli }): its headers and files are checked directly

/** A GET with the given headers: { status, headers, body (raw bytes, not decoded) }. */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
  + "connect-src 'self' ; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
const built = (pattern) => fs.readdirSync(env.dist).find((f) => pattern.test(f));

before(async () => {
  portal = await sharedPortal();
});

test('index.html has no inline script, and the app boots and lists images under the strict CSP', async (t) => {
  const html = fs.readFileSync(path.join(env.dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.equal(scripts.length, 1);
  assert.match(scripts[0], /^<script type="module" src="\/boot-[0-9a-f]{16}\.js" integrity="sha384-/);
  const page = await get(portal.url + '/');
  assert.equal(page.headers['content-security-policy'], CSP);
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
  // The harness fails the test on any CSP violation while the app boots and logs in.
  const { page: app } = await loggedIn(t, 'demo');
  await results(app).waitFor();
});

test('hashed assets are immutable; index.html, config.json and the worker are revalidated', async () => {
  const wasm = built(/^glance-portal-[0-9a-f]{16}_bg\.wasm$/);
  const css = built(/^tokens-[0-9a-f]{16}\.css$/);
  const boot = built(/^boot-[0-9a-f]{16}\.js$/);
  // The pages loaded on demand: the split loader and each module it fetches.
  const loader = built(/^split-loader-[0-9a-f]{16}\.js$/);
  const chunks = fs.readdirSync(env.dist).filter((f) => /^(split|chunk)-[a-z0-9-]+-[0-9a-f]{16}\.wasm$/.test(f));
  assert.ok(loader && chunks.length >= 4, `the split loader and its modules are built: ${loader}, ${chunks}`);
  for (const file of [wasm, css, boot, loader, ...chunks]) {
    const r = await get(`${portal.url}/${file}`);
    assert.equal(r.status, 200, file);
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable', file);
  }
  for (const file of ['index.html', 'config.json', 'hasher_loader.js', 'hasher_bg.wasm', 'download-sw.js']) {
    assert.equal((await get(`${portal.url}/${file}`)).headers['cache-control'], 'no-cache', file);
  }
  // A service worker's script must come as JavaScript, or the browser refuses to register it.
  assert.match((await get(`${portal.url}/download-sw.js`)).headers['content-type'], /^(application|text)\/javascript/);
  // The client-side router's paths get index.html (revalidated too).
  const route = await get(`${portal.url}/images/00000000-0000-0000-0000-000000000000?tab=actions`);
  assert.equal(route.status, 200);
  assert.match(route.body.toString(), /<title>Glance Portal<\/title>/);
  assert.equal(route.headers['cache-control'], 'no-cache');
  // API answers through the proxies keep the services' own headers.
  const api = await get(`${portal.url}/identity/v3`);
  assert.equal(api.status, 200);
  assert.equal(api.headers['cache-control'], undefined);
});

test('the wasm is sent precompressed: brotli where asked, gzip otherwise, never raw to a compressing client', async () => {
  for (const wasm of [built(/^glance-portal-[0-9a-f]{16}_bg\.wasm$/), built(/^split-image-page-[0-9a-f]{16}\.wasm$/)]) {
    await precompressed(wasm);
  }
  // config.json has no precompressed copy (operators edit it after the build): gzip on the fly.
  assert.ok(!fs.existsSync(path.join(env.dist, 'config.json.gz')));
  const config = await get(`${portal.url}/config.json`, { 'accept-encoding': 'gzip' });
  assert.deepEqual(JSON.parse(zlib.gunzipSync(config.body)), JSON.parse(fs.readFileSync(path.join(env.dist, 'config.json'))));
});

/** Asserts that nginx sends `wasm` as the build's .gz or .br copy, as application/wasm. */
async function precompressed(wasm) {
  const raw = fs.readFileSync(path.join(env.dist, wasm));
  const gz = await get(`${portal.url}/${wasm}`, { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers['content-type'], 'application/wasm');
  assert.deepEqual(gz.body, fs.readFileSync(path.join(env.dist, wasm + '.gz')), 'the build’s .gz, as it is');
  assert.deepEqual(zlib.gunzipSync(gz.body), raw);
  if (portal.brotli) {
    const br = await get(`${portal.url}/${wasm}`, { 'accept-encoding': 'br, gzip' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(zlib.brotliDecompressSync(br.body), raw);
    assert.ok(br.body.length < gz.body.length, `brotli ${br.body.length} < gzip ${gz.body.length}`);
  }
}

test('cross-origin: the portal on its own origin reaches Keystone and Glance through CORS under the CSP', async (t) => {
  const port = Number(process.env.GP_E2E_CROSS_ORIGIN_PORT || 0);
  assert.ok(port, 'GP_E2E_CROSS_ORIGIN_PORT (an origin the test cloud allows) is set by scripts/test.sh');
  const origins = [env.keystone, env.glance].map((u) => new URL(u).origin);
  const cross = await servePortal(t, {
    port,
    apiOrigins: origins.join(' '),
    config: { keystone_url: env.keystone, endpoint_overrides: {} },
  });
  const { page } = await newPage(t, { portal: cross });
  const hosts = new Set();
  page.on('request', (r) => hosts.add(new URL(r.url()).origin));
  await page.goto(cross.url + '/images');
  await logIn(page, 'demo');
  await results(page).waitFor();
  for (const origin of origins) assert.ok(hosts.has(origin), `requests went to ${origin}: ${[...hosts]}`);
  const index = await get(cross.url + '/');
  assert.match(index.headers['content-security-policy'], new RegExp(`connect-src 'self' ${origins.join(' ')};`));
});
