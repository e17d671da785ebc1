// trunk post_build hook (Trunk.toml): makes dist/ ready for a strict Content-Security-Policy
// and for nginx's gzip_static / brotli_static.
//
// 1. trunk boots the app from an inline <script type="module"> in index.html, which
//    `script-src 'self'` blocks (the page stays blank), and whose hash changes with every
//    build. The script moves into boot-<hash>.js beside the other hashed assets, loaded with
//    a src and an integrity attribute like trunk's own links.
// 2. Release builds also get .gz and .br copies of every text and wasm asset, so nginx sends
//    them precompressed (at the best levels, which would be too slow to do per request).
//    config.json is left out on purpose: operators edit dist/config.json after the build,
//    and a stale config.json.gz would be served instead of their edit.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('post-build.mjs runs as a trunk hook (TRUNK_STAGING_DIR is not set)');
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
const indexPath = path.join(staging, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');

const inline = /<script type="module">([\s\S]*?)<\/script>/g;
const boots = [...html.matchAll(inline)].filter((m) => /\bimport init\b/.test(m[1]));
if (boots.length !== 1) {
  throw new Error(`post-build.mjs: expected trunk's one inline boot script in index.html, found ${boots.length}`);
}
const [tag, body] = boots[0];
const code = body.trim() + '\n';
const name = `boot-${crypto.createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
fs.writeFileSync(path.join(staging, name), code);
const integrity = 'sha384-' + crypto.createHash('sha384').update(code).digest('base64');
html = html.replace(tag, `<script type="module" src="${publicUrl}${name}" integrity="${integrity}"></script>`);
// `trunk serve` appends its live-reload client inline; the dev server sends no CSP, and a
// release build never has it.
const inlineLeft = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .filter((m) => !(process.env.TRUNK_PROFILE !== 'release' && m[1].includes('.well-known/trunk/ws')));
if (inlineLeft.length > 0) {
  throw new Error('post-build.mjs: index.html still holds an inline script');
}
fs.writeFileSync(indexPath, html);

if (process.env.TRUNK_PROFILE === 'release') {
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
