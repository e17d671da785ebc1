// End-to-end: the `openstack` line the portal shows for a create + upload, a glance-direct
// import and a download is run, as shown, with the real python-openstackclient from the
// project's venv against the same cloud — and does what the portal did. A line that only
// looked plausible (a wrong flag, a lost option, bad quoting) fails here.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  env, test, loggedIn, onImageTab, issueToken, api, deleteOwnImages, digest, scratchDir, say, button, cli,
  propField, filePicker, fileEntry, transfer, webDownload, downloadRow, mainActions, fromUrl,
} from './harness.mjs';

const slow = { timeout: 180_000 };
const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const VENV = process.env.GP_VENV || path.join(ROOT, '.tools/venv');
let demo;
let scratch;

const glance = (...args) => api(env.glance, demo.token, ...args);

/** Runs a command line as a user would paste it: in bash, in the files' directory, as demo. */
function runAsDemo(line) {
  return execFileSync('bash', ['-c', line], {
    cwd: scratch.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PATH: `${VENV}/bin:${process.env.PATH}`,
      OS_AUTH_URL: env.keystone,
      OS_IDENTITY_API_VERSION: '3',
      OS_USERNAME: 'demo',
      OS_PASSWORD: env.passwords.demo,
      OS_PROJECT_NAME: 'demo',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_INTERFACE: 'public',
    },
  });
}

async function imagesNamed(name) {
  return (await glance('GET', `/v2/images?name=${encodeURIComponent(name)}`)).json.images;
}

const newImagePage = (t) => loggedIn(t, 'demo', { path: '/images/new', ready: filePicker });

/** Uploads `file` as image `name` through the create page; returns the transfer row. */
async function uploadThroughPortal(t, file, name, method) {
  const { page } = await newImagePage(t);
  await page.getByRole('combobox', { name: say('UploadWith') }).selectOption(method);
  await filePicker(page).setInputFiles([file]);
  const entry = fileEntry(page, path.basename(file));
  await entry.locator('[data-detected="raw"]').waitFor();
  await propField(entry, 'name').fill(name);
  await propField(entry, 'min_ram').fill('64');
  await button(page, 'CreateAndUpload').click();
  const row = transfer(page, path.basename(file)).last();
  await row.locator('[data-verify="verified"]').waitFor({ timeout: 60_000 });
  return row;
}

/** The portal's image and the CLI's agree on everything the create said, and on the data. */
function assertSameImage(fromCli, fromPortal, file) {
  for (const key of ['status', 'disk_format', 'container_format', 'visibility', 'min_ram', 'size', 'checksum', 'os_hash_value']) {
    assert.equal(fromCli[key], fromPortal[key], key);
  }
  assert.equal(fromCli.checksum, digest('md5sum', file));
}

before(async () => {
  scratch = scratchDir('cli');
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
});

after(() => {
  scratch?.remove();
});

test("a direct upload's CLI line is one image create --file, and running it makes the same image", slow, async (t) => {
  const file = scratch.random('cli direct.raw', 2 << 20);
  const row = await uploadThroughPortal(t, file, "cli direct's", 'direct');
  const line = await cli(row).innerText();
  assert.match(line, /^openstack image create .*--file 'cli direct\.raw' 'cli direct'\\''s'$/);
  assert.match(line, /--min-ram 64/);
  const [fromPortal] = await imagesNamed("cli direct's");
  runAsDemo(line);
  const both = await imagesNamed("cli direct's");
  assert.equal(both.length, 2, 'the CLI made a second image');
  const fromCli = both.find((i) => i.id !== fromPortal.id);
  assertSameImage(fromCli, (await glance('GET', `/v2/images/${fromPortal.id}`)).json, file);
});

test("a glance-direct upload's CLI line is image create --file --import, and running it imports the same data", slow, async (t) => {
  const file = scratch.random('cli-staged.raw', 2 << 20);
  const row = await uploadThroughPortal(t, file, 'cli-staged', 'glance-direct');
  const line = await cli(row).innerText();
  assert.match(line, /^openstack image create .*--file cli-staged\.raw --import cli-staged$/);
  const [fromPortal] = await imagesNamed('cli-staged');
  runAsDemo(line);
  // The CLI returns once the import is accepted; Glance finishes it on its own.
  let fromCli;
  for (let i = 0; i < 60; i++) {
    fromCli = (await imagesNamed('cli-staged')).find((img) => img.id !== fromPortal.id);
    if (fromCli?.status === 'active') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  assertSameImage(fromCli, (await glance('GET', `/v2/images/${fromPortal.id}`)).json, file);
});

test("a download's CLI line is image save --file, and running it saves the same bytes", slow, async (t) => {
  const file = scratch.random('cli-download.raw', 1 << 20);
  const created = await glance('POST', '/v2/images', { name: 'cli-download', disk_format: 'raw', container_format: 'bare' });
  const id = created.json.id;
  assert.equal((await glance('PUT', `/v2/images/${id}/file`, fs.readFileSync(file), 'application/octet-stream')).status, 204);
  const { page, panel } = await onImageTab(t, id, 'actions');
  await page.evaluate(() => { delete window.showSaveFilePicker; });
  await Promise.all([page.waitForEvent('download'), button(mainActions(page), 'Download').click()]);
  const download = downloadRow(page, 'cli-download');
  await download.locator('[data-verify="verified"]').waitFor();
  const line = await cli(download).innerText();
  assert.equal(line, `openstack image save --file cli-download ${id}`);
  runAsDemo(line);
  assert.equal(digest('sha512sum', path.join(scratch.dir, 'cli-download')), digest('sha512sum', file));
});

test("a web-download's CLI line names the method, the URI and the store choice", slow, async (t) => {
  const { page } = await newImagePage(t);
  const form = await fromUrl(page);
  // Nothing listens here: the line is shown once Glance accepted the import request, before
  // the download itself (which then fails and is reported on its own).
  await form.getByRole('textbox', { name: 'URL', exact: true }).fill('http://127.0.0.1:9/a b.img');
  await form.getByRole('textbox', { name: say('ColName'), exact: true }).fill('cli-url');
  await button(form, 'ImportStart').click();
  const line = await cli(form).innerText();
  const [img] = await imagesNamed('cli-url');
  const [create, importing, ...rest] = line.split(' && ');
  assert.equal(rest.length, 0, line);
  assert.match(create, /^openstack image create .* cli-url$/);
  for (const flag of ['--container-format bare', '--disk-format raw', '--private']) assert.ok(create.includes(flag), create);
  assert.equal(importing, `openstack image import --method web-download --uri 'http://127.0.0.1:9/a b.img' ${img.id}`);
});
