// Download benchmark (figures, not a pass/fail test), run by scripts/bench.sh against the
// built portal and the real dev cloud: a 512 MiB image (random bytes, uploaded with curl)
// downloaded through the portal until verified (bytes hashed in the hashing workers, kept in
// memory: headless Chromium cannot answer a save dialog) beside `curl -o` of the same image
// from the same Glance, alternating, median of 3; and the same portal download with the
// answer cut once at half the bytes by the test's proxy, resumed with Range, to show what a
// break costs. Each downloaded file is checked against the uploaded one's sha512, so a fast
// wrong answer cannot pass.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env, startPortal, issueToken, api, logIn, button, downloadRow, tabShown, mainActions } from './harness.mjs';
import { startCutProxy } from './cut_proxy.mjs';

const MiB = 1 << 20;
const SIZE = 512 * MiB;
const ROUNDS = Number(process.env.GP_BENCH_ROUNDS || 3);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-bench-download-'));
const sha512 = (file) => execFileSync('sha512sum', [file]).toString().split(' ')[0];

const source = path.join(dir, 'source.bin');
{
  const fd = fs.openSync(source, 'w');
  const block = crypto.randomBytes(16 * MiB);
  for (let left = SIZE; left > 0; left -= block.length) fs.writeSync(fd, block, 0, Math.min(left, block.length));
  fs.closeSync(fd);
}
const expected = sha512(source);
const demo = await issueToken('demo');
const id = (await api(env.glance, demo.token, 'POST', '/v2/images',
  { name: 'bench-download', disk_format: 'raw', container_format: 'bare' })).json.id;
execFileSync('curl', ['-sS', '-f', '-T', source, '-X', 'PUT', '-H', `X-Auth-Token: ${demo.token}`,
  '-H', 'Content-Type: application/octet-stream', `${env.glance}/v2/images/${id}/file`]);

// Both portal variants go through the test's proxy (it passes bytes through untouched until
// a cut is armed), so they differ only by the cut.
const proxy = await startCutProxy(env.glance);
const portal = await startPortal({ image: proxy.url });
const runs = { portal: [], resumed: [], curl: [] };

/** One portal download until verified, in ms; the saved file checked. */
async function portalDownload(first) {
  const { page } = portal;
  await page.goto(`${portal.base}/images/${id}?tab=actions`);
  if (first) await logIn(page, 'demo');
  const panel = await tabShown(page, 'actions');
  await page.evaluate(() => { delete window.showSaveFilePicker; });
  const start = Date.now();
  const [saved] = await Promise.all([
    page.waitForEvent('download', { timeout: 600_000 }),
    button(mainActions(page), 'Download').click(),
  ]);
  await downloadRow(page, 'bench-download').locator('[data-verify="verified"]').waitFor({ timeout: 600_000 });
  const took = Date.now() - start;
  const target = path.join(dir, 'saved.bin');
  await saved.saveAs(target);
  assert.equal(sha512(target), expected, 'the saved file is the image');
  fs.rmSync(target);
  return took;
}

try {
  for (let round = 0; round < ROUNDS; round++) {
    runs.portal.push(await portalDownload(round === 0));
    proxy.cutAnswerOnceAfter(new RegExp(`^GET /v2/images/${id}/file$`), SIZE / 2);
    runs.resumed.push(await portalDownload(false));
    assert.ok(proxy.cuts.length === round + 1, 'the proxy cut the answer once');
    const target = path.join(dir, 'curl.bin');
    const start = process.hrtime.bigint();
    execFileSync('curl', ['-sS', '-f', '-o', target, '-H', `X-Auth-Token: ${demo.token}`,
      `${env.glance}/v2/images/${id}/file`]);
    runs.curl.push(Number(process.hrtime.bigint() - start) / 1e6);
    assert.equal(sha512(target), expected);
    fs.rmSync(target);
  }
} finally {
  await api(env.glance, demo.token, 'DELETE', `/v2/images/${id}`);
  portal.errors.length = 0;
  await portal.close();
  await proxy.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const s = (ms) => (ms / 1000).toFixed(2);
const [unbroken, resumed, curl] = [median(runs.portal), median(runs.resumed), median(runs.curl)];
console.log(`
download 512 MiB (s, median of ${ROUNDS}, alternating)      portal    curl -o    ratio
  until verified (hashed in the workers)  ${s(unbroken).padStart(10)} ${s(curl).padStart(10)} ${(unbroken / curl).toFixed(2).padStart(8)}
  cut once at 256 MiB, resumed with Range ${s(resumed).padStart(10)} ${''.padStart(10)} ${(resumed / unbroken).toFixed(2).padStart(8)} of unbroken
  each run: portal ${runs.portal.map(s).join(', ')}; resumed ${runs.resumed.map(s).join(', ')}; curl ${runs.curl.map(s).join(', ')}
`);
console.log(JSON.stringify({ download_runs_ms: runs }));
