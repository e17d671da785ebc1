// Transfer benchmark (figures, not a pass/fail test), run by scripts/bench.sh against the
// built portal and the real dev cloud:
// - md5 and sha512 in the portal's hashing worker over a generated 512 MiB file, beside
//   hash-wasm (npm, benchmark-only, never shipped) reading the same File the same way in a
//   worker, and beside native md5sum / sha512sum over the same file;
// - both digests as an upload computes them: one worker for both, two workers that each read
//   the file, and two workers sharing one read (A/B in one run: the upload keeps the faster);
// - the wall time of a 1 GiB upload through the portal (until sent, and until verified)
//   beside `curl -T` of the same file to the same Glance, alternating, median of 3;
// - peak JS heap of the page and wasm memory (page, and the hashing workers as they report
//   it with every slice) during the uploads, and the workers' memory after hashing the
//   512 MiB file, to show it does not grow with the file.
// Every digest is checked against md5sum/sha512sum, so a fast wrong answer cannot pass.
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
// Rounds per figure (medians); the variants alternate within each round.
const ROUNDS = Number(process.env.GP_BENCH_ROUNDS || 3);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const HASH_VARIANTS = ['ours_md5', 'hashwasm_md5', 'ours_sha512', 'hashwasm_sha512', 'ours_both',
  'pair_two_reads', 'pair_one_read'];
const hashWasmWorker = `${fs.readFileSync(new URL('../../scripts/tools/node_modules/hash-wasm/dist/index.umd.min.js', import.meta.url), 'utf8')}
onmessage = async (ev) => {
  const { file, chunk, algorithm } = ev.data;
  const hasher = algorithm === 'md5' ? await hashwasm.createMD5() : await hashwasm.createSHA512();
  const started = performance.now();
  hasher.init();
  for (let start = 0; start < file.size; start += chunk) {
    hasher.update(new Uint8Array(await file.slice(start, Math.min(start + chunk, file.size)).arrayBuffer()));
  }
  postMessage({ type: 'done', [algorithm]: hasher.digest('hex'), millis: performance.now() - started });
};
postMessage({ type: 'ready' });
`;

// Runs in the page: one hashing variant over the file input's File; resolves to the time it
// took (the worker's own for one worker, the page's wall time for a pair: what an upload
// waits), the digests, and the worker's wasm memory.
async function runHashVariant(variant) {
  const file = document.getElementById('bench-file').files[0];
  const chunk = 8 * 1024 * 1024;
  const start = (url, job, transfer = []) => {
    const worker = new Worker(url);
    return new Promise((resolve, reject) => {
      worker.onmessage = (ev) => {
        if (ev.data.type === 'ready') worker.postMessage({ file, chunk, ...job }, transfer);
        else if (ev.data.type === 'done') { worker.terminate(); resolve(ev.data); }
        else if (ev.data.type === 'error') { worker.terminate(); reject(new Error(ev.data.message)); }
      };
    });
  };
  const ours = (job, transfer) => start('/hasher_loader.js', job, transfer);
  const theirs = (algorithm) => start('/bench-hash-wasm.js', { algorithm });
  const one = (done) => done.then((d) => ({ millis: d.millis, digests: { md5: d.md5, sha512: d.sha512 }, wasmBytes: d.wasm_bytes }));
  const pair = async (md5Job, shaJob) => {
    const began = performance.now();
    const [m, s] = await Promise.all([md5Job(), shaJob()]);
    return { millis: performance.now() - began, digests: { md5: m.md5, sha512: s.sha512 }, wasmBytes: m.wasm_bytes + s.wasm_bytes };
  };
  const clean = (r) => ({ ...r, digests: Object.fromEntries(Object.entries(r.digests).filter(([, v]) => v)) });
  switch (variant) {
    case 'ours_md5': return clean(await one(ours({ algorithms: 'md5' })));
    case 'ours_sha512': return clean(await one(ours({ algorithms: 'sha512' })));
    case 'ours_both': return clean(await one(ours({ algorithms: 'both' })));
    case 'hashwasm_md5': return clean(await one(theirs('md5')));
    case 'hashwasm_sha512': return clean(await one(theirs('sha512')));
    case 'pair_two_reads':
      return clean(await pair(() => ours({ algorithms: 'md5' }), () => ours({ algorithms: 'sha512' })));
    case 'pair_one_read': {
      const channel = new MessageChannel();
      return clean(await pair(
        () => ours({ algorithms: 'md5', relay: 'forward', port: channel.port1 }, [channel.port1]),
        () => ours({ algorithms: 'sha512', relay: 'receive', port: channel.port2 }, [channel.port2])));
    }
    default: throw new Error(`unknown variant ${variant}`);
  }
}
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
const expected = {
  md5: execFileSync('md5sum', [hashFile]).toString().split(' ')[0],
  sha512: execFileSync('sha512sum', [hashFile]).toString().split(' ')[0],
};
const nativeRuns = { md5sum: [], sha512sum: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const cmd of Object.keys(nativeRuns)) nativeRuns[cmd].push(timeCommand(cmd, [hashFile]));
}
results.md5sum = mbps(size, median(nativeRuns.md5sum));
results.sha512sum = mbps(size, median(nativeRuns.sha512sum));

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
  // hash-wasm (npm, benchmark-only) in a worker of the same origin (the recipe's CSP allows
  // no other), reading the same File in the same 8 MiB slices the same way.
  await page.route('**/bench-hash-wasm.js', (route) => route.fulfill({ contentType: 'text/javascript', body: hashWasmWorker }));
  // Each figure is the median of ROUNDS, the variants alternating so that a noisy moment
  // costs each of them alike.
  const samples = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of HASH_VARIANTS) {
      const { millis, digests, wasmBytes } = await page.evaluate(runHashVariant, variant);
      (samples[variant] ??= []).push(millis);
      for (const [name, hex] of Object.entries(digests)) {
        assert.equal(hex, expected[name], `${variant}: ${name} differs from ${name}sum`);
      }
      if (variant === 'ours_both') results.worker_wasm_512mib_mib = wasmBytes / MiB;
    }
  }
  for (const [variant, list] of Object.entries(samples)) results[variant] = mbps(size, median(list));

  // Uploads: the portal and curl alternating, ROUNDS each, memory sampled throughout. Each
  // round's images are deleted after it (1 GiB each in the file store).
  const demo = await issueToken('demo');
  const projectId = demo.body.token.project.id;
  const ownImages = async () => (await api(env.glance, demo.token, 'GET', `/v2/images?owner=${projectId}&limit=1000`)).json.images.map((i) => i.id);
  const before = new Set(await ownImages());
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peakHeap = 0;
  let peakPageWasm = 0;
  let peakWorkers = 0;
  const sampler = setInterval(async () => {
    try {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      peakHeap = Math.max(peakHeap, heap);
      const wasm = await page.evaluate(() => window.gpWasm?.memory?.buffer.byteLength ?? 0);
      peakPageWasm = Math.max(peakPageWasm, wasm);
    } catch { /* page busy; next sample */ }
  }, 100);
  const uploads = { sent: [], verified: [], curl: [] };
  for (let round = 0; round < ROUNDS; round++) {
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
    uploads.sent.push((sentAt || verifiedAt) - start);
    uploads.verified.push(verifiedAt - start);
    // Both upload workers together, the largest they reported while hashing the 1 GiB file.
    peakWorkers = Math.max(peakWorkers, Number(await transfer.getAttribute('data-worker-memory')));

    const created = await api(env.glance, demo.token, 'POST', '/v2/images',
      { name: 'bench-curl', disk_format: 'raw', container_format: 'bare' });
    uploads.curl.push(timeCommand('curl', ['-sS', '-f', '-T', uploadFile, '-X', 'PUT',
      '-H', `X-Auth-Token: ${demo.token}`, '-H', 'Content-Type: application/octet-stream',
      `${env.glance}/v2/images/${created.json.id}/file`]));
    for (const id of await ownImages()) {
      if (!before.has(id)) await api(env.glance, demo.token, 'DELETE', `/v2/images/${id}`);
    }
  }
  clearInterval(sampler);
  results.portal_upload_sent_s = median(uploads.sent) / 1000;
  results.portal_upload_verified_s = median(uploads.verified) / 1000;
  results.curl_upload_s = median(uploads.curl) / 1000;
  results.upload_runs_s = Object.fromEntries(Object.entries(uploads).map(([k, v]) => [k, v.map((ms) => ms / 1000)]));
  results.peak_js_heap_mib = peakHeap / MiB;
  results.page_wasm_mib = peakPageWasm / MiB;
  results.workers_wasm_1gib_mib = peakWorkers / MiB;
} finally {
  portal.errors.length = 0;
  await portal.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const r = (x) => x.toFixed(2);
const row = (label, ours, theirs, native) =>
  `  ${label.padEnd(30)}${r(ours).padStart(10)} ${theirs ? r(theirs).padStart(10) : ''.padStart(10)} ${r(native).padStart(9)} ${theirs ? r(ours / theirs).padStart(9) : ''.padStart(9)} ${r(ours / native).padStart(9)}`;
console.log(`
hashing 512 MiB (MB/s, median of ${ROUNDS})     portal  hash-wasm    native  /hash-wasm  /native
${row('md5', results.ours_md5, results.hashwasm_md5, results.md5sum)}
${row('sha512', results.ours_sha512, results.hashwasm_sha512, results.sha512sum)}
both digests (MB/s of the file; ratio to md5sum)
${row('one worker, both digests', results.ours_both, null, results.md5sum)}
${row('two workers, two reads', results.pair_two_reads, null, results.md5sum)}
${row('two workers, one shared read', results.pair_one_read, null, results.md5sum)}
  shared read vs two reads: ${r(results.pair_one_read / results.pair_two_reads)}×
upload 1 GiB (s, median of ${ROUNDS}, alternating)  portal    curl -T    ratio
  until sent                    ${r(results.portal_upload_sent_s).padStart(10)} ${r(results.curl_upload_s).padStart(10)} ${r(results.portal_upload_sent_s / results.curl_upload_s).padStart(8)}
  until verified                ${r(results.portal_upload_verified_s).padStart(10)} ${r(results.curl_upload_s).padStart(10)} ${r(results.portal_upload_verified_s / results.curl_upload_s).padStart(8)}
  each run: portal verified ${results.upload_runs_s.verified.map(r).join(', ')}; curl ${results.upload_runs_s.curl.map(r).join(', ')}
memory (MiB)
  peak JS heap (page), 1 GiB uploads                 ${r(results.peak_js_heap_mib)}
  wasm memory (page), 1 GiB uploads                  ${r(results.page_wasm_mib)}
  wasm memory, both hashing workers, 1 GiB upload    ${r(results.workers_wasm_1gib_mib)}
  wasm memory, one md5+sha512 worker, 512 MiB file   ${r(results.worker_wasm_512mib_mib)}
`);
console.log(JSON.stringify(results));
