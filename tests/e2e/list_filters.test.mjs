// End-to-end: the image list's filters beyond the basics — property filters (from the URL and
// the form), lookup by digest, in: lists, multi-key sort, page sizes up to api_limit_max — and
// the create page's notice that an upload's data is already in the cloud. Every outcome is
// checked against what Glance itself answers for the same query.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env, startPortal, eventually, issueToken, api, deleteOwnImages, logIn, rowNames } from './harness.mjs';

const test = (name, fn) => nodeTest(name, { timeout: 180_000 }, fn);
let portal;
let page;
let demo;
let dir;
const ids = {};
const data = crypto.randomBytes(64 << 10);
const sha512 = crypto.createHash('sha512').update(data).digest('hex');
const md5 = crypto.createHash('md5').update(data).digest('hex');

const glance = (...args) => api(env.glance, demo.token, ...args);
/** Names Glance lists for `query`, in its order. */
const glanceNames = async (query) => {
  const res = await glance('GET', `/v2/images?${query}`);
  assert.equal(res.status, 200, res.text);
  return res.json.images.map((i) => i.name);
};
const sorted = (a) => [...a].sort();
const notices = () => page.locator('.gp-notices li').allInnerTexts();
const openFilters = async () => {
  // `open` is a boolean attribute (present as ""), so ask the element.
  if (!(await page.locator('details.gp-filters').evaluate((d) => d.open))) await page.click('.gp-filters__summary');
};
const apply = () => page.click('.gp-filters__actions button[type="submit"]');

const IMAGES = [
  { name: 'lf-ubuntu-24', disk_format: 'raw', container_format: 'bare', os_distro: 'ubuntu', os_version: '24.04', data: true },
  { name: 'lf-ubuntu-22', disk_format: 'qcow2', container_format: 'bare', os_distro: 'ubuntu', os_version: '22.04' },
  { name: 'lf-debian-24', disk_format: 'raw', container_format: 'ovf', os_distro: 'debian', os_version: '24.04' },
  { name: 'lf-vmdk', disk_format: 'vmdk', container_format: 'bare' },
  { name: 'lf-plain', disk_format: 'raw', container_format: 'bare', data: true },
];

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-e2e-filters-'));
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  for (const { data: withData, ...body } of IMAGES) {
    const res = await glance('POST', '/v2/images', { ...body, tags: ['lf'] });
    assert.equal(res.status, 201, res.text);
    ids[body.name] = res.json.id;
    if (withData) {
      const up = await glance('PUT', `/v2/images/${res.json.id}/file`, data, 'application/octet-stream');
      assert.equal(up.status, 204, up.text);
    }
  }
  portal = await startPortal();
  page = portal.page;
  await page.goto(portal.base + '/images?tag=lf');
  await logIn(page, 'demo');
  await eventually(async () => assert.equal((await rowNames(page)).length, IMAGES.length));
});

after(async () => {
  await portal?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('two property filters from the URL are sent to Glance, not reported as unknown', async () => {
  await page.goto(portal.base + '/images?os_distro=ubuntu&os_version=24.04');
  await eventually(async () => assert.deepEqual(await rowNames(page), ['lf-ubuntu-24']));
  assert.deepEqual(await glanceNames('os_distro=ubuntu&os_version=24.04'), ['lf-ubuntu-24']);
  assert.deepEqual(await notices(), [], 'an unknown key is a property filter, not a problem');
  // The form shows them as property rows, with a blank row to add one more.
  await openFilters();
  assert.equal(await page.inputValue('#f-prop-key-0'), 'os_distro');
  assert.equal(await page.inputValue('#f-prop-value-0'), 'ubuntu');
  assert.equal(await page.inputValue('#f-prop-key-1'), 'os_version');
  assert.equal(await page.inputValue('#f-prop-value-1'), '24.04');
  assert.equal(await page.inputValue('#f-prop-key-2'), '');
  await page.reload();
  await eventually(async () => assert.deepEqual(await rowNames(page), ['lf-ubuntu-24']));
});

test('two property filters from the form, with keys suggested from the loaded images', async () => {
  await page.goto(portal.base + '/images?tag=lf');
  await eventually(async () => assert.equal((await rowNames(page)).length, IMAGES.length));
  await openFilters();
  const suggested = await page.locator('#gp-property-keys option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(suggested.includes('os_distro') && suggested.includes('os_version'), suggested.join());
  assert.ok(!suggested.includes('self') && !suggested.includes('file'), suggested.join());
  // A key the form has its own field for is refused, naming it; nothing is navigated.
  await page.fill('#f-prop-key-0', 'name');
  await page.fill('#f-prop-value-0', 'x');
  await apply();
  await eventually(async () =>
    assert.match(await page.locator('.gp-filters__errors').innerText(), /“name” is not a property/));
  assert.doesNotMatch(page.url(), /name=/);
  await page.fill('#f-prop-key-0', 'os_distro');
  await page.fill('#f-prop-value-0', 'ubuntu');
  await page.click('#f-prop-add');
  await page.fill('#f-prop-key-1', 'os_version');
  await page.fill('#f-prop-value-1', '22.04');
  await apply();
  await eventually(async () => assert.deepEqual(await rowNames(page), ['lf-ubuntu-22']));
  assert.match(page.url(), /os_distro=ubuntu&os_version=22\.04/);
  assert.deepEqual(await glanceNames('tag=lf&os_distro=ubuntu&os_version=22.04'), ['lf-ubuntu-22']);
  // Removing a row widens the filter again.
  await page.click('.gp-filters__property[data-row="1"] .gp-filters__property-remove');
  await apply();
  await eventually(async () => assert.deepEqual(sorted(await rowNames(page)), ['lf-ubuntu-22', 'lf-ubuntu-24']));
  assert.deepEqual(sorted(await glanceNames('tag=lf&os_distro=ubuntu')), ['lf-ubuntu-22', 'lf-ubuntu-24']);
});

test('find images by digest: os_hash_value from the form, checksum from the URL', async () => {
  const holders = ['lf-plain', 'lf-ubuntu-24'];
  await page.goto(portal.base + '/images');
  await openFilters();
  // Pasted in capitals: Glance compares exactly, so the portal sends lowercase hex.
  await page.fill('#f-os-hash-value', sha512.toUpperCase());
  await apply();
  await eventually(async () => assert.deepEqual(sorted(await rowNames(page)), holders));
  assert.match(page.url(), new RegExp(`os_hash_value=${sha512}`));
  assert.deepEqual(sorted(await glanceNames(`os_hash_value=${sha512}`)), holders);

  await page.goto(portal.base + `/images?checksum=${md5}`);
  await eventually(async () => assert.deepEqual(sorted(await rowNames(page)), holders));
  assert.deepEqual(sorted(await glanceNames(`checksum=${md5}`)), holders);
  assert.equal(await page.inputValue('#f-checksum'), md5);

  // Only a malformed value is reported.
  await page.goto(portal.base + '/images?tag=lf&checksum=not-a-digest');
  await eventually(async () => assert.equal((await rowNames(page)).length, IMAGES.length));
  const said = await notices();
  assert.equal(said.length, 1, said.join('\n'));
  assert.match(said[0], /checksum/);
});

test('in: lists from multi-selects: any of several disk formats and statuses', async () => {
  await page.goto(portal.base + '/images?tag=lf');
  await eventually(async () => assert.equal((await rowNames(page)).length, IMAGES.length));
  await openFilters();
  await page.selectOption('#f-disk-format', ['qcow2', 'vmdk']);
  await apply();
  await eventually(async () => assert.deepEqual(sorted(await rowNames(page)), ['lf-ubuntu-22', 'lf-vmdk']));
  // The list is in the select's order.
  assert.match(page.url(), /disk_format=in%3Avmdk%2Cqcow2/);
  assert.deepEqual(sorted(await glanceNames('tag=lf&disk_format=in:qcow2,vmdk')), ['lf-ubuntu-22', 'lf-vmdk']);

  await page.selectOption('#f-disk-format', []);
  await page.selectOption('#f-status', ['active']);
  await page.fill('#f-ids', `${ids['lf-vmdk']}, ${ids['lf-plain']}`);
  await apply();
  await eventually(async () => assert.deepEqual(await rowNames(page), ['lf-plain']));
  assert.deepEqual(await glanceNames(`id=in:${ids['lf-vmdk']},${ids['lf-plain']}&status=active`), ['lf-plain']);
  await page.reload();
  await eventually(async () => assert.deepEqual(await rowNames(page), ['lf-plain']));
  assert.deepEqual(await page.locator('#f-status').evaluate((s) => [...s.selectedOptions].map((o) => o.value)), ['active']);
});

test('a multi-key sort, from the URL, the form and shift-click, in Glance\'s order', async () => {
  const expected = await glanceNames('tag=lf&sort=disk_format:asc,name:desc');
  assert.deepEqual(expected, ['lf-ubuntu-22', 'lf-ubuntu-24', 'lf-plain', 'lf-debian-24', 'lf-vmdk']);
  await page.goto(portal.base + '/images?tag=lf&sort=disk_format:asc,name:desc');
  await eventually(async () => assert.deepEqual(await rowNames(page), expected));

  // The form: container format ascending, then name ascending.
  await openFilters();
  await page.selectOption('#f-sort-key-0', 'container_format');
  await page.selectOption('#f-sort-dir-0', 'asc');
  await page.selectOption('#f-sort-key-1', 'name');
  await page.selectOption('#f-sort-dir-1', 'asc');
  await apply();
  const byForm = await glanceNames('tag=lf&sort=container_format:asc,name:asc');
  await eventually(async () => assert.deepEqual(await rowNames(page), byForm));
  assert.match(page.url(), /sort=container_format%3Aasc%2Cname%3Aasc/);

  // An old-style link still works, and is rewritten in the new syntax on the next change.
  await page.goto(portal.base + '/images?tag=lf&sort_key=size&sort_dir=asc');
  await eventually(async () => assert.deepEqual(await rowNames(page), await glanceNames('tag=lf&sort=size:asc')));
  // The shift-click follows at once, before the first click's page has arrived.
  await page.click('button[data-sort="disk_format"]');
  await page.click('button[data-sort="name"]', { modifiers: ['Shift'] });
  await page.waitForURL(/sort=disk_format%3Aasc%2Cname%3Aasc/);
  const byClicks = await glanceNames('tag=lf&sort=disk_format:asc,name:asc');
  await eventually(async () => assert.deepEqual(await rowNames(page), byClicks));
  assert.equal(await page.getAttribute('.gp-results', 'aria-busy'), 'false');
});

test('page sizes go up to Glance\'s api_limit_max of 1000', async () => {
  await page.goto(portal.base + '/images?tag=lf');
  await eventually(async () => assert.equal((await rowNames(page)).length, IMAGES.length));
  const sizes = await page.locator('.gp-pager__size option').allInnerTexts();
  assert.deepEqual(sizes, ['25', '50', '100', '200', '500', '1000']);
  await page.selectOption('.gp-pager__size select', '1000');
  await page.waitForURL(/limit=1000/);
  await eventually(async () => assert.equal((await rowNames(page)).length, IMAGES.length));
  // Beyond it the portal says what it cannot ask for, instead of Glance silently capping it.
  await page.goto(portal.base + '/images?tag=lf&limit=5000');
  await eventually(async () => assert.match((await notices()).join('\n'), /limit.*1000/));
});

test('uploading the same bytes twice names the image that already holds them', async () => {
  const first = path.join(dir, 'dup-first.raw');
  const second = path.join(dir, 'dup-second.raw');
  const bytes = crypto.randomBytes(1 << 20);
  fs.writeFileSync(first, bytes);
  fs.writeFileSync(second, bytes);
  const upload = async (file, name) => {
    await page.goto(portal.base + '/images/new');
    await page.locator('#gp-files').waitFor({ state: 'attached' });
    await page.setInputFiles('#gp-files', [file]);
    await page.locator(`.gp-new__file[data-file="${name}.raw"] .gp-new__detected[data-detected="raw"]`).waitFor();
    await page.click('#gp-create-upload');
    const transfer = page.locator('.gp-transfer', { hasText: `${name}.raw` }).last();
    await transfer.locator('[data-verify="verified"]').waitFor({ timeout: 60_000 });
    return transfer;
  };
  const one = await upload(first, 'dup-first');
  // Nothing else holds fresh random bytes.
  await one.locator('[data-duplicates="none"]').waitFor();
  const firstId = await one.getAttribute('data-image');

  const two = await upload(second, 'dup-second');
  const notice = two.locator('[data-duplicates="found"]');
  await notice.waitFor();
  const links = notice.locator('a');
  assert.deepEqual(await links.allInnerTexts(), ['dup-first']);
  assert.equal(await links.first().getAttribute('href'), `/images/${firstId}`);
  const secondId = await two.getAttribute('data-image');
  // Glance agrees: exactly these two images hold this sha512.
  const digest = crypto.createHash('sha512').update(bytes).digest('hex');
  const { json } = await glance('GET', `/v2/images?os_hash_value=${digest}&visibility=all`);
  assert.deepEqual(sorted(json.images.map((i) => i.id)), sorted([firstId, secondId]));
  await links.first().click();
  await page.locator('.gp-detail__name').waitFor();
  assert.equal(await page.locator('.gp-detail__name').innerText(), 'dup-first');
});
