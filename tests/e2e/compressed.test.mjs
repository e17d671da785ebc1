// End-to-end: compressed disk images (gzip, xz, zstd, bzip2, made here with the real tools) are
// decompressed in the browser, into the Origin Private File System, and the disk inside is what
// is sniffed, uploaded and verified; the temporary files go once the upload holds the data, on
// cancel and on removal; too little storage is said before anything is written, and when it
// runs out on the way; damaged data is named as such.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import {
  env, test, loggedIn, eventually, issueToken, api, deleteOwnImages, digest, scratchDir, say, button,
  propField, filePicker, fileEntry, transfer, logIn,
} from './harness.mjs';

const slow = { timeout: 180_000 };
let demo;
let scratch;

const glance = (...args) => api(env.glance, demo.token, ...args);

before(async () => {
  scratch = scratchDir('compressed');
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
});

after(() => {
  scratch?.remove();
});

/**
 * A raw disk of `mib` MiB: random quarters around zeros, so it compresses but not to nothing.
 * Returns its path.
 */
function rawDisk(name, mib) {
  const file = path.join(scratch.dir, name);
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < mib; i++) {
    fs.writeSync(fd, i % 4 === 0 ? crypto.randomBytes(1 << 20) : Buffer.alloc(1 << 20));
  }
  fs.closeSync(fd);
  return file;
}

/** Runs `tool args… file` (the tool writes `file` + its suffix, keeping `file`); returns that path. */
function compress(file, tool, suffix, args = []) {
  execFileSync(tool, [...args, '-k', file]);
  return `${file}${suffix}`;
}

/** The create page's entry for `name`, knowing its name. */
const entryOf = (page, name) => Object.assign(fileEntry(page, name), { fileName: name });

/**
 * Waits until the decompression of the entry for `file` is in `state`, reading the page's
 * DOM in the page itself every 250 ms.
 */
async function unpackState(entry, state, timeoutMs = 60_000) {
  const page = entry.page();
  const file = entry.fileName;
  const start = Date.now();
  let seen;
  while (Date.now() - start < timeoutMs) {
    seen = await page.evaluate((name) => [...document.querySelectorAll('article[data-file]')]
      .find((a) => a.dataset.file === name)?.querySelector('[data-unpack]')?.dataset.unpack ?? 'none', file);
    if (seen === state) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  const shown = await page.evaluate(() => document.querySelector('main')?.innerText.slice(0, 800));
  assert.fail(`${file}: decompression ${seen} after ${timeoutMs} ms, not ${state}; the page shows ${JSON.stringify(shown)}`);
}

const newImagePage = (t) => loggedIn(t, 'demo', { path: '/images/new', ready: filePicker });

/** Every file in the page's Origin Private File System, as paths. */
const opfsFiles = (page) => page.evaluate(async () => {
  const found = [];
  const walk = async (dir, prefix) => {
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'file') found.push(prefix + name);
      else await walk(handle, `${prefix}${name}/`);
    }
  };
  await walk(await navigator.storage.getDirectory(), '');
  return found;
});

/** Records, per entry (by its chosen file's name), each value `data-unpack` takes from now on. */
const watchUnpack = (page) => page.evaluate(() => {
  window.gpUnpackSeen = {};
  const look = () => {
    for (const el of document.querySelectorAll('article[data-file] [data-unpack]')) {
      const seen = (window.gpUnpackSeen[el.closest('article').dataset.file] ??= []);
      if (seen.at(-1) !== el.dataset.unpack) seen.push(el.dataset.unpack);
    }
  };
  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true });
});

/** Checks the active image named `name` holds exactly `file`'s bytes. */
async function assertStored(name, file) {
  const { json } = await glance('GET', `/v2/images?name=${name}`);
  assert.equal(json.images.length, 1, name);
  const img = json.images[0];
  assert.equal(img.status, 'active');
  assert.equal(img.size, fs.statSync(file).size);
  assert.equal(img.checksum, digest('md5sum', file));
  assert.equal(img.os_hash_value, digest('sha512sum', file));
  return img;
}

test('a .qcow2.xz made with qemu-img and xz uploads as the qcow2 inside, verified, and leaves no file behind', slow, async (t) => {
  const raw = rawDisk('source.raw', 24);
  const qcow2 = path.join(scratch.dir, 'noble.qcow2');
  execFileSync('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'qcow2', raw, qcow2]);
  const xz = compress(qcow2, 'xz', '.xz', ['-T1']);
  const { page } = await newImagePage(t);
  await watchUnpack(page);
  await filePicker(page).setInputFiles([xz]);
  const entry = entryOf(page, 'noble.qcow2.xz');
  await unpackState(entry, 'done', 60_000);
  // The disk inside was sniffed: qcow2 with the raw disk's virtual size.
  await entry.locator('[data-detected="qcow2"]').waitFor();
  assert.match(await entry.locator('[data-detected]').innerText(), /virtual size 24 MiB/);
  assert.equal(await propField(entry, 'disk_format').inputValue(), 'qcow2');
  assert.equal(await propField(entry, 'name').inputValue(), 'noble');
  assert.equal(await entry.locator('.gp-new__file-name').innerText(), 'noble.qcow2');
  const line = await entry.getByRole('status').filter({ hasText: 'noble.qcow2.xz' }).innerText();
  assert.match(line, /^Decompressed in this browser from noble\.qcow2\.xz \(xz, /);
  assert.deepEqual((await opfsFiles(page)).map((f) => path.basename(f)), ['noble.qcow2']);

  await button(page, 'CreateAndUpload').click();
  const row = transfer(page, 'noble.qcow2').last();
  await eventually(async () => assert.equal(await row.locator('[data-verify="verified"]').count(), 1,
    await row.innerText()), 120_000);
  const img = await assertStored('noble', qcow2);
  assert.equal(img.disk_format, 'qcow2');
  assert.equal(img.virtual_size, 24 << 20);
  // Glance holds the data: the decompressed copy is gone.
  await eventually(async () => assert.deepEqual(await opfsFiles(page), []));
  assert.equal((await page.evaluate(() => window.gpUnpackSeen))['noble.qcow2.xz'].at(-1), 'done');
});

test('.raw.gz, .raw.zst and .raw.bz2 each upload as the raw disk inside, with progress on the way', slow, async (t) => {
  const raw = rawDisk('disk.raw', 96);
  const files = [
    compress(raw, 'gzip', '.gz'),
    compress(raw, 'zstd', '.zst', ['-q']),
    compress(raw, 'bzip2', '.bz2'),
  ];
  const names = ['gz-disk', 'zst-disk', 'bz2-disk'];
  const { page } = await newImagePage(t);
  await watchUnpack(page);
  await filePicker(page).setInputFiles(files);
  for (const [i, file] of files.entries()) {
    const entry = entryOf(page, path.basename(file));
    await unpackState(entry, 'done', 120_000);
    await entry.locator('[data-detected="raw"]').waitFor();
    assert.equal(await entry.locator('.gp-new__file-name').innerText(), 'disk.raw');
    await propField(entry, 'name').fill(names[i]);
  }
  // The slowest of them (bzip2) was seen on its way, then done (its check of room may come
  // before its form is drawn, while the schema loads).
  const seen = (await page.evaluate(() => window.gpUnpackSeen))['disk.raw.bz2'];
  assert.deepEqual(seen.filter((s) => s !== 'checking'), ['running', 'done'], seen.join());
  await button(page, 'CreateAndUpload').click();
  for (const name of names) {
    await eventually(async () => {
      const { json } = await glance('GET', `/v2/images?name=${name}`);
      assert.equal(json.images[0]?.status, 'active', name);
    }, 120_000);
    const img = await assertStored(name, raw);
    assert.equal(img.disk_format, 'raw');
  }
  await eventually(async () => assert.deepEqual(await opfsFiles(page), []));
});

test('a decompression can be cancelled (its file removed, Create held back) and started again; removing the entry removes the disk', slow, async (t) => {
  const raw = rawDisk('big.raw', 768);
  const zst = compress(raw, 'zstd', '.zst', ['-q', '-1']);
  fs.rmSync(raw);
  const { page } = await newImagePage(t);
  await filePicker(page).setInputFiles([zst]);
  const entry = entryOf(page, 'big.raw.zst');
  await unpackState(entry, 'running', 60_000);
  assert.match(await entry.getByRole('status').first().innerText(), /^Decompressing \(zstd\): \d+% — /);
  assert.equal(await button(page, 'CreateAndUpload').isDisabled(), true);
  await button(entry, 'CancelDecompression').click();
  await unpackState(entry, 'cancelled');
  assert.equal(await entry.getByRole('status').first().innerText(), say('UnpackCancelled'));
  assert.equal(await button(page, 'CreateAndUpload').isDisabled(), true, 'the compressed bytes are not uploaded as a disk');
  await eventually(async () => assert.deepEqual(await opfsFiles(page), []));

  await button(entry, 'DecompressAgain').click();
  await unpackState(entry, 'done', 120_000);
  assert.equal((await opfsFiles(page)).length, 1);
  assert.equal(await button(page, 'CreateAndUpload').isDisabled(), false);
  await button(entry, 'RemoveFile').click();
  await eventually(async () => assert.deepEqual(await opfsFiles(page), []));
});

/** CRC-32 (IEEE), as xz checks its index and footer with. */
function crc32(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) {
    let c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** xz's variable-length integer. */
function varint(n) {
  const out = [];
  for (; n >= 0x80n; n >>= 7n) out.push(Number(n & 0x7fn) | 0x80);
  out.push(Number(n));
  return out;
}

/**
 * A real xz file (one block) whose index is rewritten to claim `claimed` bytes inside, with
 * its index and footer CRCs made right: what a file too large for the browser looks like to
 * the check that runs before anything is written.
 */
function xzClaiming(realXz, claimed) {
  const d = fs.readFileSync(realXz);
  const footer = d.subarray(d.length - 12);
  const start = d.length - 12 - (footer.readUInt32LE(4) + 1) * 4;
  let at = 2; // past the indicator and the record count (1)
  while (d[start + at] & 0x80) at++;
  const body = [0x00, 0x01, ...d.subarray(start + 2, start + at + 1), ...varint(BigInt(claimed))];
  while (body.length % 4) body.push(0);
  const index = Buffer.alloc(body.length + 4);
  Buffer.from(body).copy(index);
  index.writeUInt32LE(crc32(Buffer.from(body)), body.length);
  const newFooter = Buffer.alloc(12);
  newFooter.writeUInt32LE(index.length / 4 - 1, 4);
  footer.copy(newFooter, 8, 8, 10);
  newFooter.write('YZ', 10, 'latin1');
  newFooter.writeUInt32LE(crc32(newFooter.subarray(4, 10)), 0);
  return Buffer.concat([d.subarray(0, start), index, newFooter]);
}

test('too little storage is said before anything is written, and storage running out on the way is said too', slow, async (t) => {
  const raw = rawDisk('roomy.raw', 32);
  const xz = compress(raw, 'xz', '.xz', ['-T1']);
  const bz2 = compress(raw, 'bzip2', '.bz2');
  const { page } = await newImagePage(t);

  // An xz file whose index says 1 GiB more than the browser says is free: refused first.
  const { quota, usage } = await page.evaluate(() => navigator.storage.estimate());
  const huge = path.join(scratch.dir, 'huge.raw.xz');
  fs.writeFileSync(huge, xzClaiming(xz, quota - usage + 2 ** 30));
  execFileSync('xz', ['--list', '--robot', huge]); // xz itself reads the rewritten index
  await filePicker(page).setInputFiles([huge]);
  const refused = entryOf(page, 'huge.raw.xz');
  await unpackState(refused, 'failed', 30_000);
  assert.match(await refused.getByRole('alert').innerText(),
    /Decompressing needs at least [\d.]+ GiB of the browser's storage, and [\d.]+ GiB is free for this site\./);
  assert.deepEqual(await opfsFiles(page), []);

  // bzip2 says nothing of its size, and the quota (8 MiB, set through the DevTools protocol)
  // is below the 32 MiB disk: the write runs out, and says so.
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 8 << 20 });
  await filePicker(page).setInputFiles([bz2]);
  const ranOut = entryOf(page, 'roomy.raw.bz2');
  await unpackState(ranOut, 'failed', 60_000);
  assert.match(await ranOut.getByRole('alert').innerText(), /The browser's storage ran out while decompressing: /);
  await eventually(async () => assert.deepEqual(await opfsFiles(page), []));

  // With room again, Retry goes through.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await button(ranOut, 'Retry').click();
  await unpackState(ranOut, 'done', 60_000);
  await ranOut.locator('[data-detected="raw"]').waitFor();
});

test('damaged compressed data is named as such, and nothing is kept', slow, async (t) => {
  const raw = rawDisk('damaged.raw', 8);
  const xz = compress(raw, 'xz', '.xz', ['-T1']);
  const bytes = fs.readFileSync(xz);
  for (let i = 4096; i < 4096 + 64; i++) bytes[i] ^= 0xff;
  fs.writeFileSync(xz, bytes);
  const { page } = await newImagePage(t);
  await filePicker(page).setInputFiles([xz]);
  const entry = entryOf(page, 'damaged.raw.xz');
  await unpackState(entry, 'failed', 60_000);
  assert.match(await entry.getByRole('alert').innerText(), /The xz data could not be decompressed \(it is damaged, or not xz\): /);
  assert.equal(await button(page, 'CreateAndUpload').isDisabled(), true);
  await eventually(async () => assert.deepEqual(await opfsFiles(page), []));
});

test('the decompressed files of a tab that closed are removed by the next tab\'s first decompression, a live tab\'s are kept', slow, async (t) => {
  const gz = compress(rawDisk('left.raw', 2), 'gzip', '.gz');
  const { page: first, context, base } = await newImagePage(t);
  /** Another tab of the same browser (same storage), logged in on the create page, `file` decompressed in it. */
  const tabWith = async (file) => {
    const tab = await context.newPage();
    await tab.goto(`${base}/images/new`);
    await logIn(tab, 'demo');
    await filePicker(tab).waitFor();
    await filePicker(tab).setInputFiles([file]);
    await unpackState(entryOf(tab, path.basename(file)), 'done');
    return tab;
  };
  await filePicker(first).setInputFiles([gz]);
  await unpackState(entryOf(first, 'left.raw.gz'), 'done');
  const dirOf = (f) => f.split('/').slice(0, 2).join('/');
  const [firstFile] = await opfsFiles(first);
  const second = await tabWith(gz);
  const both = await opfsFiles(second);
  assert.equal(both.length, 2, 'the first tab is open: its file stays');
  const secondFile = both.find((f) => dirOf(f) !== dirOf(firstFile));
  // The first tab goes without removing its file (as a crash would leave it).
  await first.close({ runBeforeUnload: false });
  const third = await tabWith(gz);
  const left = await opfsFiles(third);
  assert.ok(!left.some((f) => dirOf(f) === dirOf(firstFile)), `the closed tab's file is gone: ${left}`);
  assert.ok(left.includes(secondFile), `the open tab's file stays: ${left}`);
  assert.equal(left.length, 2);
});
