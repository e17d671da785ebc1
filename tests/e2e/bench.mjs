// Transfer benchmark (figures, not a pass/fail test), run by scripts/bench.sh against the
// built portal and the real dev cloud:
// - in-browser md5, sha512 and md5+sha512 throughput in the hashing Web Worker over a
//   generated 512 MiB file, next to native md5sum / sha512sum over the same file;
// - the wall time of a 1 GiB upload through the portal (until sent, and until verified)
//   next to `curl -T` of the same file to the same Glance;
// - peak JS heap of the page and wasm memory (page, and the hashing workers as they report
//   it with every slice) during the upload, next to the workers' memory after hashing the
//   512 MiB file, to show it does not grow with the file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  env, startPortal, issueToken, api, logIn, eventually, button, filePicker, fileEntry, transfers,
} from './harness.mjs';

const MiB = 1 << 20;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-bench-'));
const mbps = (bytes, ms) => (bytes / 1e6) / (ms / 1000);

function randomFile(name, bytes) {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w');
  const block = crypto.randomBytes(16 * MiB);
  for (let left = bytes; left > 0; left -= block.length) fs.writeSync(fd, block, 0, Math.min(left, block.length));
  fs.closeSync(fd);
  return file;
}

function timeCommand(cmd, args) {
  const start = process.hrtime.bigint();
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const results = {};
const hashFile = randomFile('hash-512MiB.bin', 512 * MiB);
const uploadFile = randomFile('upload-1GiB.bin', 1024 * MiB);
fs.readFileSync(hashFile); // warm the page cache so native and browser read from memory alike

const size = fs.statSync(hashFile).size;
results.md5sum = mbps(size, timeCommand('md5sum', [hashFile]));
results.sha512sum = mbps(size, timeCommand('sha512sum', [hashFile]));

const portal = await startPortal();
const page = portal.page;
// trunk announces the app's wasm exports (memory included) once started.
await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.gpWasm = e.detail.wasm; }));
try {
  await page.goto(portal.base + '/images/new');
  await logIn(page, 'demo');
  await filePicker(page).waitFor({ state: 'attached' });
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-file';
    document.body.appendChild(input);
  });
  await page.setInputFiles('#bench-file', hashFile);
  for (const algorithms of ['md5', 'sha512', 'both']) {
    const { millis, wasmBytes } = await page.evaluate(async (algorithms) => {
      const file = document.getElementById('bench-file').files[0];
      const worker = new Worker('/hasher_loader.js');
      const done = await new Promise((resolve, reject) => {
        worker.onmessage = (ev) => {
          if (ev.data.type === 'ready') worker.postMessage({ id: 1, file, chunk: 8 * 1024 * 1024, algorithms });
          else if (ev.data.type === 'done') resolve(ev.data);
          else if (ev.data.type === 'error') reject(new Error(ev.data.message));
        };
      });
      worker.terminate();
      return { millis: done.millis, wasmBytes: done.wasm_bytes };
    }, algorithms);
    results[`browser_${algorithms}`] = mbps(size, millis);
    if (algorithms === 'both') results.worker_wasm_512mib_mib = wasmBytes / MiB;
  }
  // What uploads use: md5 and sha512 in two workers at once.
  const parallelMs = await page.evaluate(async () => {
    const file = document.getElementById('bench-file').files[0];
    const run = (algorithms) => new Promise((resolve, reject) => {
      const worker = new Worker('/hasher_loader.js');
      worker.onmessage = (ev) => {
        if (ev.data.type === 'ready') worker.postMessage({ id: 1, file, chunk: 8 * 1024 * 1024, algorithms });
        else if (ev.data.type === 'done') { worker.terminate(); resolve(); }
        else if (ev.data.type === 'error') reject(new Error(ev.data.message));
      };
    });
    const start = performance.now();
    await Promise.all([run('md5'), run('sha512')]);
    return performance.now() - start;
  });
  results.browser_parallel = mbps(size, parallelMs);

  // Upload through the portal, sampling memory.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peakHeap = 0;
  let peakPageWasm = 0;
  const sampler = setInterval(async () => {
    try {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      peakHeap = Math.max(peakHeap, heap);
      const wasm = await page.evaluate(() => window.gpWasm?.memory?.buffer.byteLength ?? 0);
      peakPageWasm = Math.max(peakPageWasm, wasm);
    } catch { /* page busy; next sample */ }
  }, 100);
  await page.goto(portal.base + '/images/new');
  await filePicker(page).setInputFiles(uploadFile);
  await fileEntry(page, path.basename(uploadFile)).locator('[data-detected="raw"]').waitFor();
  const start = Date.now();
  await button(page, 'CreateAndUpload').click();
  const transfer = transfers(page).last();
  let sentAt = 0;
  await eventually(async () => {
    // The first bar is "Sent".
    if (!sentAt && (await transfer.getByRole('progressbar').first().evaluate((p) => p.value)) >= 100) sentAt = Date.now();
    assert.equal(await transfer.locator('[data-verify="verified"]').count(), 1);
  }, 600_000);
  const verifiedAt = Date.now();
  clearInterval(sampler);
  results.portal_upload_sent_s = ((sentAt || verifiedAt) - start) / 1000;
  results.portal_upload_verified_s = (verifiedAt - start) / 1000;
  results.peak_js_heap_mib = peakHeap / MiB;
  results.page_wasm_mib = peakPageWasm / MiB;
  // Both upload workers together, the largest they reported while hashing the 1 GiB file.
  results.workers_wasm_1gib_mib = Number(await transfer.getAttribute('data-worker-memory')) / MiB;

  // The same file with curl, to the same Glance.
  const demo = await issueToken('demo');
  const created = await api(env.glance, demo.token, 'POST', '/v2/images',
    { name: 'bench-curl', disk_format: 'raw', container_format: 'bare' });
  const curlMs = timeCommand('curl', ['-sS', '-f', '-T', uploadFile, '-X', 'PUT',
    '-H', `X-Auth-Token: ${demo.token}`, '-H', 'Content-Type: application/octet-stream',
    `${env.glance}/v2/images/${created.json.id}/file`]);
  results.curl_upload_s = curlMs / 1000;
} finally {
  portal.errors.length = 0;
  await portal.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const r = (x) => x.toFixed(2);
console.log(`
hashing 512 MiB (MB/s)          browser worker   native    ratio
  md5                           ${r(results.browser_md5).padStart(10)} ${r(results.md5sum).padStart(9)} ${r(results.browser_md5 / results.md5sum).padStart(8)}
  sha512                        ${r(results.browser_sha512).padStart(10)} ${r(results.sha512sum).padStart(9)} ${r(results.browser_sha512 / results.sha512sum).padStart(8)}
  md5 + sha512, one worker      ${r(results.browser_both).padStart(10)}   (vs md5sum) ${r(results.browser_both / results.md5sum)}
  md5 + sha512, two workers     ${r(results.browser_parallel).padStart(10)}   (vs md5sum) ${r(results.browser_parallel / results.md5sum)}
upload 1 GiB (s)                portal           curl -T   ratio
  until sent                    ${r(results.portal_upload_sent_s).padStart(10)} ${r(results.curl_upload_s).padStart(9)} ${r(results.portal_upload_sent_s / results.curl_upload_s).padStart(8)}
  until verified                ${r(results.portal_upload_verified_s).padStart(10)} ${r(results.curl_upload_s).padStart(9)} ${r(results.portal_upload_verified_s / results.curl_upload_s).padStart(8)}
memory (MiB)
  peak JS heap (page), 1 GiB upload                  ${r(results.peak_js_heap_mib)}
  wasm memory (page), 1 GiB upload                   ${r(results.page_wasm_mib)}
  wasm memory, both hashing workers, 1 GiB upload    ${r(results.workers_wasm_1gib_mib)}
  wasm memory, one md5+sha512 worker, 512 MiB file   ${r(results.worker_wasm_512mib_mib)}
`);
console.log(JSON.stringify(results));
