// Splits the app's wasm into a main module and the pages loaded on demand
// (src/pages/on_demand.rs), for scripts/post-build.mjs (a trunk post_build hook).
//
// trunk 0.21.14 has no split step, so this redoes trunk's last steps from cargo's raw output:
//   1. wasm-split-cli (crate wasm_split_cli_support) cuts cargo's wasm, linked with
//      --emit-relocs (build.rs), into the main module, one module per split point, shared
//      chunks, and the JS loader that fetches them;
//   2. wasm-bindgen on the main module, keeping the linker's exports the chunks import
//      (memory, the function table, the shared globals);
//   3. wasm-opt -Oz on every module (release builds; index.html's app link has
//      data-wasm-opt="0", since trunk's own optimised copy would be thrown away);
//   4. every file gets a content-hashed name of 16 hex digits, which the hosting recipe
//      caches as immutable, and replaces trunk's js/wasm of the app in the staging dir.
// Measured order and pitfalls: docs/measured-facts.md ("Pages on demand").
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The first 16 hex digits of the sha256 of `data`: the build's content-hash names. */
export function hash16(data) {
  return crypto.createHash('sha256').update(data).digest('hex').slice(0, 16);
}

/** Runs `jobs` (functions returning promises), at most `width` at a time. */
async function pooled(jobs, width) {
  const queue = [...jobs];
  const workers = Array.from({ length: width }, async () => {
    while (queue.length) await queue.shift()();
  });
  await Promise.all(workers);
}

/**
 * Splits `rawWasm` and writes the result into `staging` in place of trunk's app files
 * (`<appBase>.js`, `<appBase>_bg.wasm`). Returns the new base name of the app and the loader's
 * file name, for index.html.
 */
export async function splitApp({ rawWasm, staging, appBase, release, log = () => {} }) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-split-'));
  try {
    const splitDir = path.join(work, 'split');
    const outName = 'app';
    const started = Date.now();
    await run('wasm-split-cli', [rawWasm, splitDir, '--out-name', outName, '--target', 'web']);
    const bindgenDir = path.join(work, 'bindgen');
    const bindgenArgs = ['--target', 'web', '--keep-lld-exports', '--no-typescript',
      '--out-dir', bindgenDir, '--out-name', outName, path.join(splitDir, `${outName}.wasm`)];
    if (!release) bindgenArgs.push('--debug');
    await run('wasm-bindgen', bindgenArgs);

    // Every wasm module: the bound main module, then the split points and shared chunks.
    const modules = [{ file: path.join(bindgenDir, `${outName}_bg.wasm`), name: null }];
    for (const f of fs.readdirSync(splitDir).sort()) {
      if (f.endsWith('.wasm') && f !== `${outName}.wasm`) {
        modules.push({ file: path.join(splitDir, f), name: f.replace(/\.wasm$/, '') });
      }
    }
    if (modules.length < 2) {
      throw new Error('split-wasm.mjs: wasm-split-cli found no split point (is build.rs passing --emit-relocs?)');
    }
    if (release) {
      // Features rustc's wasm32 target enables by default, which wasm-opt must accept.
      const features = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int',
        '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types',
        '--enable-multivalue'];
      await pooled(modules.map((m) => () =>
        run('wasm-opt', ['-Oz', ...features, m.file, '-o', m.file])), Math.max(1, os.availableParallelism()));
    }

    // Names: chunks by their own content; the main module, its JS and the loader by the hash
    // of the whole set (the JS and the loader import each other, so neither can be named by
    // its own content alone).
    const renames = new Map(); // old file name (as the loader refers to it) → new
    const whole = crypto.createHash('sha256');
    for (const m of modules) {
      const bytes = fs.readFileSync(m.file);
      whole.update(bytes);
      if (m.name) renames.set(`${m.name}.wasm`, `${m.name.replace(/_/g, '-')}-${hash16(bytes)}.wasm`);
    }
    let appJs = fs.readFileSync(path.join(bindgenDir, `${outName}.js`), 'utf8');
    let loader = fs.readFileSync(path.join(splitDir, '__wasm_split.js'), 'utf8');
    whole.update(appJs).update(loader);
    const setHash = whole.digest('hex').slice(0, 16);
    const newBase = appBase.replace(/-[0-9a-f]+$/, '') + '-' + setHash;
    const loaderName = `split-loader-${setHash}.js`;

    // The loader imports the main JS and fetches the chunks by name.
    const loaderImport = `from "./${outName}.js"`;
    if (!loader.includes(loaderImport)) throw new Error('split-wasm.mjs: the loader does not import the app as expected');
    loader = loader.replace(loaderImport, `from "./${newBase}.js"`);
    for (const [from, to] of renames) {
      const ref = `"./${from}"`;
      if (!loader.includes(ref)) throw new Error(`split-wasm.mjs: the loader does not fetch ${from}`);
      loader = loader.replaceAll(ref, `"./${to}"`);
    }
    // The main JS imports the loader: only the module specifier changes. The import object's
    // key stays "./__wasm_split.js", the wasm's own import module name, or instantiation
    // fails ("module is not an object or function"; measured).
    const jsImport = /from ['"]\.\/__wasm_split\.js['"]/g;
    if (!jsImport.test(appJs)) throw new Error('split-wasm.mjs: the app JS does not import the loader');
    appJs = appJs.replace(jsImport, `from "./${loaderName}"`);
    appJs = appJs.replaceAll(`${outName}_bg.wasm`, `${newBase}_bg.wasm`);

    for (const f of [`${appBase}.js`, `${appBase}_bg.wasm`]) fs.rmSync(path.join(staging, f), { force: true });
    fs.writeFileSync(path.join(staging, `${newBase}.js`), appJs);
    fs.copyFileSync(modules[0].file, path.join(staging, `${newBase}_bg.wasm`));
    fs.writeFileSync(path.join(staging, loaderName), loader);
    for (const m of modules.slice(1)) fs.copyFileSync(m.file, path.join(staging, renames.get(`${m.name}.wasm`)));
    log(`split into ${modules.length} modules in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { newBase, loaderName };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
