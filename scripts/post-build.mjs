// trunk post_build hook (Trunk.toml): splits the app into pages loaded on demand and makes
// dist/ ready for a strict Content-Security-Policy, for long-lived caching and for nginx's
// gzip_static / brotli_static.
//
// 1. The app's wasm is split (scripts/split-wasm.mjs): the login and the list in the main
//    module, each page of src/pages/on_demand.rs in a chunk fetched when it is first visited.
//    trunk's own js/wasm of the app are replaced, and index.html's links and integrity
//    attributes follow.
// 2. Every hashed asset gets a name with 16 hex digits. trunk prints its hash unpadded, so
//    about one build in 16 had a shorter one, which the hosting recipe's immutable-cache rule
//    (`-[0-9a-f]{16}`) missed (measured).
// 3. trunk boots the app from an inline <script type="module"> in index.html, which
//    `script-src 'self'` blocks (the page stays blank), and whose hash changes with every
//    build. The script moves into boot-<hash>.js beside the other hashed assets, loaded with
//    a src and an integrity attribute like trunk's own links.
// 4. Release builds also get .gz and .br copies of every text and wasm asset, so nginx sends
//    them precompressed (at the best levels, which would be too slow to do per request).
//    config.json is left out on purpose: operators edit dist/config.json after the build,
//    and a stale config.json.gz would be served instead of their edit.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { hash16, splitApp } from './split-wasm.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('post-build.mjs runs as a trunk hook (TRUNK_STAGING_DIR is not set)');
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
const indexPath = path.join(staging, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');
const release = process.env.TRUNK_PROFILE === 'release';
const sri = (data) => 'sha384-' + crypto.createHash('sha384').update(data).digest('base64');

// 1. The split.
const appWasm = fs.readdirSync(staging).filter((f) => /^glance-portal-[0-9a-f]+_bg\.wasm$/.test(f));
if (appWasm.length !== 1) throw new Error(`post-build.mjs: expected one app wasm in the staging dir, found ${appWasm.length}`);
const appBase = appWasm[0].replace(/_bg\.wasm$/, '');
const sourceDir = process.env.TRUNK_SOURCE_DIR || process.cwd();
const targetDir = process.env.CARGO_TARGET_DIR || path.join(sourceDir, 'target');
const rawWasm = path.join(targetDir, 'wasm32-unknown-unknown', release ? 'release' : 'debug', 'glance-portal.wasm');
const { newBase, loaderName } = await splitApp({
  rawWasm, staging, appBase, release, log: (m) => console.log(`post-build.mjs: ${m}`),
});
html = html.replaceAll(`${appBase}.js`, `${newBase}.js`).replaceAll(`${appBase}_bg.wasm`, `${newBase}_bg.wasm`);
// The main JS imports the loader: fetch it beside the JS instead of after it.
const appPreload = html.match(new RegExp(`<link rel="modulepreload" href="([^"]*)${newBase}\\.js"[^>]*>`));
if (!appPreload) throw new Error('post-build.mjs: no modulepreload link for the app in index.html');
html = html.replace(appPreload[0], appPreload[0] +
  `\n<link rel="modulepreload" href="${appPreload[1]}${loaderName}" crossorigin="anonymous" integrity="">`);

// 2. 16-digit names for trunk's other hashed assets (css, icons).
for (const file of fs.readdirSync(staging)) {
  const m = file.match(/^(.+)-([0-9a-f]{1,16})\.(css|svg)$/);
  if (!m || !html.includes(file)) continue;
  const renamed = `${m[1]}-${hash16(fs.readFileSync(path.join(staging, file)))}.${m[3]}`;
  fs.renameSync(path.join(staging, file), path.join(staging, renamed));
  html = html.replaceAll(file, renamed);
}
// Integrity of every link to a staged file, recomputed after the replacements above.
html = html.replace(/<link\b[^>]*>/g, (tag) => {
  const href = tag.match(/\bhref="([^"]*)"/);
  if (!href || !/\bintegrity="/.test(tag)) return tag;
  const file = path.join(staging, href[1].slice(publicUrl.length));
  if (!fs.existsSync(file)) return tag;
  return tag.replace(/\bintegrity="[^"]*"/, `integrity="${sri(fs.readFileSync(file))}"`);
});

const inline = /<script type="module">([\s\S]*?)<\/script>/g;
const boots = [...html.matchAll(inline)].filter((m) => /\bimport init\b/.test(m[1]));
if (boots.length !== 1) {
  throw new Error(`post-build.mjs: expected trunk's one inline boot script in index.html, found ${boots.length}`);
}
const [tag, body] = boots[0];
const code = body.trim() + '\n';
const name = `boot-${crypto.createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
fs.writeFileSync(path.join(staging, name), code);
const integrity = sri(code);
html = html.replace(tag, `<script type="module" src="${publicUrl}${name}" integrity="${integrity}"></script>`);
// `trunk serve` (debug or --release) appends its live-reload client inline; the dev server
// sends no CSP, and `trunk build` never adds it.
const inlineLeft = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .filter((m) => !m[1].includes('.well-known/trunk/ws'));
if (inlineLeft.length > 0) {
  throw new Error('post-build.mjs: index.html still holds an inline script');
}
fs.writeFileSync(indexPath, html);

if (release) {
  const compressible = /\.(html|js|wasm|css|svg)$/;
  for (const file of fs.readdirSync(staging)) {
    if (!compressible.test(file) || file === 'config.json') continue;
    const data = fs.readFileSync(path.join(staging, file));
    fs.writeFileSync(path.join(staging, file + '.gz'), zlib.gzipSync(data, { level: 9 }));
    fs.writeFileSync(path.join(staging, file + '.br'), zlib.brotliCompressSync(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }));
  }
}
