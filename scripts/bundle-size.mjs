// Measures what the built portal costs a browser, and holds it to the budget in
// scripts/bundle-budget.json (scripts/bundle-size.sh runs this; the test command fails on a
// breach).
//
// - First load: dist/ is served by nginx with the hosting recipe (tests/e2e/nginx.mjs) and
//   opened in headless Chromium at /images; every file the page fetched until the login form
//   stood there and the network was quiet is counted: raw, gzip and brotli from the build's
//   .gz and .br copies (what nginx sends), and the bytes Chromium received (brotli: Chromium
//   asks a loopback origin for it too). The list needs no more code than the login (it is in the main module; the
//   end-to-end suite checks that logging in fetches no page chunk before the list shows).
// - Each page loaded on demand: its module and the shared chunks it needs, as the split
//   loader lists them, and each chunk alone.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { serveWithNginx } from '../tests/e2e/nginx.mjs';

const ROOT = path.resolve(new URL('..', import.meta.url).pathname);
// playwright-core lives with the other npm tools in scripts/tools/ (scripts/bootstrap.sh).
const { chromium } = createRequire(path.join(ROOT, 'scripts/tools/package.json'))('playwright-core');
const dist = path.resolve(process.argv[2] || path.join(ROOT, 'dist'));
const budget = JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts/bundle-budget.json'), 'utf8'));

const sizeOf = (file) => (fs.existsSync(file) ? fs.statSync(file).size : null);
/** Raw, gzip and brotli bytes of a dist file, from its precompressed copies. */
function sizes(file) {
  const full = path.join(dist, file);
  return { raw: sizeOf(full), gzip: sizeOf(`${full}.gz`) ?? sizeOf(full), brotli: sizeOf(`${full}.br`) ?? sizeOf(full) };
}
const sum = (list) => list.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip, brotli: a.brotli + s.brotli }),
  { raw: 0, gzip: 0, brotli: 0 });
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const row = (name, s) => `  ${name.padEnd(44)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzip ${kb(s.brotli).padStart(10)} brotli`;

// --- The first load, from a real page load --------------------------------------------------
// No cloud: the login form asks Keystone nothing before it is submitted.
const nowhere = 'http://127.0.0.1:9';
const server = await serveWithNginx({ dist, identity: nowhere, image: nowhere });
const browser = await chromium.launch({
  executablePath: process.env.GP_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const fetched = [];
try {
  const page = await browser.newPage();
  page.on('requestfinished', async (request) => {
    const url = new URL(request.url());
    if (url.origin !== server.url) return;
    const { responseBodySize } = await request.sizes();
    const response = await request.response();
    fetched.push({ path: url.pathname, received: responseBodySize, encoding: response?.headers()['content-encoding'] || '' });
  });
  await page.goto(`${server.url}/images`);
  await page.getByRole('button', { name: 'Log in', exact: true }).waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
} finally {
  await browser.close();
  await server.close();
}

const assets = fetched.filter((f) => f.path !== '/config.json').map((f) => (f.path === '/' || !path.extname(f.path) ? '/index.html' : f.path));
const firstFiles = [...new Set(assets)].map((p) => p.slice(1));
const chunkFetched = firstFiles.filter((f) => /^(split|chunk)-.*\.wasm$/.test(f));
const first = sum(firstFiles.map(sizes));
const received = fetched.reduce((a, f) => a + f.received, 0);

// --- Pages on demand, from the split loader --------------------------------------------------
const loaderFile = fs.readdirSync(dist).find((f) => /^split-loader-[0-9a-f]{16}\.js$/.test(f));
if (!loaderFile) throw new Error(`bundle-size: no split loader in ${dist}`);
const loader = fs.readFileSync(path.join(dist, loaderFile), 'utf8');
const chunkVar = new Map(); // __chunk_N → file
for (const m of loader.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)) {
  chunkVar.set(m[1], m[2]);
}
const pages = [];
for (const m of loader.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?, \[([^\]]*)\]\)\)/g)) {
  const deps = m[3].split(',').map((d) => d.trim()).filter(Boolean).map((d) => chunkVar.get(d));
  pages.push({ name: m[1], file: m[2], files: [m[2], ...deps] });
}
const modules = [...new Set([...chunkVar.values(), ...pages.map((p) => p.file)])].sort();

// --- Report and budget -----------------------------------------------------------------------
console.log(`first load (login + list; ${firstFiles.length} files fetched by Chromium, ${kb(received)} received):`);
console.log(row('total', first));
for (const f of firstFiles.sort()) console.log(row(f, sizes(f)));
console.log('pages on demand (the page\'s module + the shared chunks it needs, on a first visit):');
for (const p of pages) console.log(row(p.name, sum(p.files.map(sizes))));
console.log(`modules on demand (${modules.length}):`);
for (const f of modules) console.log(row(f, sizes(f)));
const worker = fs.readdirSync(dist).filter((f) => /^hasher.*\.(js|wasm)$/.test(f));
console.log(row('hashing worker (with a transfer)', sum(worker.map(sizes))));

const breaches = [];
if (chunkFetched.length) breaches.push(`the login page fetched page code it does not need: ${chunkFetched.join(', ')}`);
if (first.gzip > budget.first_load_gzip) {
  breaches.push(`first load ${first.gzip} B gzip > budget ${budget.first_load_gzip} B`);
}
for (const f of modules) {
  const s = sizes(f);
  if (s.gzip > budget.chunk_gzip) breaches.push(`${f}: ${s.gzip} B gzip > budget ${budget.chunk_gzip} B per module`);
}
console.log(`budget (scripts/bundle-budget.json): first load ≤ ${kb(budget.first_load_gzip)} gzip, each module on demand ≤ ${kb(budget.chunk_gzip)} gzip`);
if (breaches.length) {
  console.log(`OVER BUDGET:\n  ${breaches.join('\n  ')}`);
  process.exit(1);
}
console.log('within budget');
