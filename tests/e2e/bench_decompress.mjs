// Decompression benchmark (figures, not a pass/fail test), run by scripts/bench.sh against the
// built portal: a 1 GiB raw disk (every fourth MiB the same random MiB, the rest zeros; xz's
// window sees the repeats and makes it 1 MiB, the others do not) made
// with gzip, xz, zstd and bzip2 at their default levels, chosen on the create page and timed
// until its entry says decompressed (read, decoded in the worker, written to the Origin
// Private File System), beside the tool's own `-dc > /dev/null`, median of 3. The disk the
// browser wrote is read back in the page: its length, and 16 slices at random offsets against
// the source's bytes, so a fast wrong answer cannot pass.
import assert from 'node:assert/strict';
import { execFileSync, execSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPortal, logIn } from './harness.mjs';

const MiB = 1 << 20;
const SIZE_MIB = Number(process.env.GP_BENCH_DECOMPRESS_MIB || 1024);
const ROUNDS = Number(process.env.GP_BENCH_ROUNDS || 3);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-bench-decompress-'));
const source = path.join(dir, 'disk.raw');
{
  const fd = fs.openSync(source, 'w');
  const random = crypto.randomBytes(MiB);
  for (let i = 0; i < SIZE_MIB; i++) fs.writeSync(fd, i % 4 === 0 ? random : Buffer.alloc(MiB));
  fs.closeSync(fd);
}
const tools = [['gzip', '.gz'], ['xz', '.xz', ['-T1']], ['zstd', '.zst', ['-q']], ['bzip2', '.bz2']];
for (const [tool, suffix, args = []] of tools) execFileSync(tool, [...args, '-k', source]);

const portal = await startPortal();
const { page } = portal;
const rows = [];
try {
  await page.goto(`${portal.base}/images/new`);
  await logIn(page, 'demo');
  const picker = page.getByLabel('Choose or drop disk image files (each becomes its own image)', { exact: true });
  await picker.waitFor();
  for (const [tool, suffix] of tools) {
    const file = `${source}${suffix}`;
    const runs = { portal: [], cli: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const start = Date.now();
      await picker.setInputFiles([file]);
      const entry = page.locator(`article[data-file="disk.raw${suffix}"]`);
      for (;;) {
        const state = await entry.locator('[data-unpack]').getAttribute('data-unpack').catch(() => null);
        if (state === 'done') break;
        assert.notEqual(state, 'failed', await entry.innerText());
        await new Promise((r) => setTimeout(r, 50));
      }
      runs.portal.push(Date.now() - start);
      if (round === 0) {
        // The disk written: its length, and 16 slices at random offsets, against the source.
        const offsets = Array.from({ length: 16 }, () => Math.floor(Math.random() * (SIZE_MIB * MiB - 65536)));
        const written = await page.evaluate(async (at) => {
          const walk = async (d) => {
            for await (const [, h] of d.entries()) {
              const f = h.kind === 'file' ? await h.getFile() : await walk(h);
              if (f) return f;
            }
            return null;
          };
          const file = await walk(await navigator.storage.getDirectory());
          const hex = (b) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');
          const slices = [];
          for (const o of at) slices.push(hex(await crypto.subtle.digest('SHA-256', await file.slice(o, o + 65536).arrayBuffer())));
          return { size: file.size, slices };
        }, offsets);
        assert.equal(written.size, SIZE_MIB * MiB, `${tool}: the disk's length`);
        const fd = fs.openSync(source, 'r');
        offsets.forEach((o, i) => {
          const b = Buffer.alloc(65536);
          fs.readSync(fd, b, 0, 65536, o);
          assert.equal(written.slices[i], crypto.createHash('sha256').update(b).digest('hex'), `${tool}: bytes at ${o}`);
        });
        fs.closeSync(fd);
      }
      await entry.getByRole('button', { name: 'Remove file', exact: true }).click();
      await entry.waitFor({ state: 'detached' });
      const cliStart = process.hrtime.bigint();
      execSync(`${tool} -dc ${file} > /dev/null`);
      runs.cli.push(Number(process.hrtime.bigint() - cliStart) / 1e6);
    }
    rows.push({ tool, compressed: fs.statSync(`${source}${suffix}`).size, ...runs });
  }
} finally {
  portal.errors.length = 0;
  await portal.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const s = (ms) => (ms / 1000).toFixed(2);
console.log(`\ndecompress a ${SIZE_MIB} MiB disk in the browser until written (s, median of ${ROUNDS})`);
console.log('  format   compressed    portal   tool -dc   MiB/s (portal)');
for (const r of rows) {
  const p = median(r.portal);
  console.log(`  ${r.tool.padEnd(8)} ${`${(r.compressed / MiB).toFixed(0)} MiB`.padStart(10)} ${s(p).padStart(9)} ${s(median(r.cli)).padStart(10)} ${(SIZE_MIB / (p / 1000)).toFixed(0).padStart(10)}`);
}
console.log(JSON.stringify({ decompress_runs_ms: rows }));
