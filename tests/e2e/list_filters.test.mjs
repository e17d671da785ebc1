// End-to-end: the image list's filters beyond the basics — property filters (from the URL and
// the form), lookup by digest, in: lists, multi-key sort, page sizes up to api_limit_max — and
// the create page's notice that an upload's data is already in the cloud. Every outcome is
// checked against what Glance itself answers for the same query.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  env, test, loggedIn, eventually, issueToken, api, deleteOwnImages, rowNames, say, sayAny, button, openFilters,
  results, filePicker, fileEntry, transfer,
} from './harness.mjs';

const slow = { timeout: 180_000 };
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
const notices = (page) => page.getByRole('listitem').filter({ hasText: sayAny('UrlProblem') }).allInnerTexts();
const apply = (page) => button(page, 'Apply').click();
const textbox = (page, key) => page.getByRole('textbox', { name: say(key), exact: true });
const listbox = (page, key) => page.getByRole('listbox', { name: say(key), exact: true });
/** The filter form's property rows: key and value boxes, and Remove buttons, in row order. */
const properties = (page) => {
  const group = page.getByRole('group', { name: say('FilterProperties') });
  return {
    key: (i) => group.getByRole('combobox', { name: say('FilterPropertyKey'), exact: true }).nth(i),
    value: (i) => group.getByRole('textbox', { name: say('FilterPropertyValue'), exact: true }).nth(i),
    remove: (i) => group.getByRole('button', { name: say('Remove'), exact: true }).nth(i),
    add: () => button(group, 'AddProperty'),
  };
};
/** The image list, as demo, at `path` once the list has loaded. */
const list = (t, path) => loggedIn(t, 'demo', { path });
/** The image list of the suite's images (tag=lf), all of them shown. */
async function allImages(t) {
  const opened = await list(t, '/images?tag=lf');
  await eventually(async () => assert.equal((await rowNames(opened.page)).length, IMAGES.length));
  return opened;
}
const sortButton = (page, column) => page.getByRole('columnheader', { name: new RegExp(`^${column}`) }).getByRole('button');

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
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('two property filters from the URL are sent to Glance, not reported as unknown', slow, async (t) => {
  const { page } = await list(t, '/images?os_distro=ubuntu&os_version=24.04');
  await eventually(async () => assert.deepEqual(await rowNames(page), ['lf-ubuntu-24']));
  assert.deepEqual(await glanceNames('os_distro=ubuntu&os_version=24.04'), ['lf-ubuntu-24']);
  assert.deepEqual(await notices(page), [], 'an unknown key is a property filter, not a problem');
  // The form shows them as property rows, with a blank row to add one more.
  await openFilters(page);
  const row = properties(page);
  assert.equal(await row.key(0).inputValue(), 'os_distro');
  assert.equal(await row.value(0).inputValue(), 'ubuntu');
  assert.equal(await row.key(1).inputValue(), 'os_version');
  assert.equal(await row.value(1).inputValue(), '24.04');
  assert.equal(await row.key(2).inputValue(), '');
  await page.reload();
  await eventually(async () => assert.deepEqual(await rowNames(page), ['lf-ubuntu-24']));
});

test('two property filters from the form, with keys suggested from the loaded images', slow, async (t) => {
  const { page } = await allImages(t);
  await openFilters(page);
  const row = properties(page);
  // The suggestions are the key box's datalist.
  const suggested = await row.key(0).evaluate((input) => [...input.list.options].map((o) => o.value));
  assert.ok(suggested.includes('os_distro') && suggested.includes('os_version'), suggested.join());
  assert.ok(!suggested.includes('self') && !suggested.includes('file'), suggested.join());
  // A key the form has its own field for is refused, naming it; nothing is navigated.
  await row.key(0).fill('name');
  await row.value(0).fill('x');
  await apply(page);
  await page.getByRole('alert').filter({ hasText: say('PropertyReserved', 'en', 'name') }).waitFor();
  assert.doesNotMatch(page.url(), /name=/);
  await row.key(0).fill('os_distro');
  await row.value(0).fill('ubuntu');
  await row.add().click();
  await row.key(1).fill('os_version');
  await row.value(1).fill('22.04');
  await apply(page);
  await eventually(async () => assert.deepEqual(await rowNames(page), ['lf-ubuntu-22']));
  assert.match(page.url(), /os_distro=ubuntu&os_version=22\.04/);
  assert.deepEqual(await glanceNames('tag=lf&os_distro=ubuntu&os_version=22.04'), ['lf-ubuntu-22']);
  // Removing a row widens the filter again.
  await row.remove(1).click();
  await apply(page);
  await eventually(async () => assert.deepEqual(sorted(await rowNames(page)), ['lf-ubuntu-22', 'lf-ubuntu-24']));
  assert.deepEqual(sorted(await glanceNames('tag=lf&os_distro=ubuntu')), ['lf-ubuntu-22', 'lf-ubuntu-24']);
});

test('find images by digest: os_hash_value from the form, checksum from the URL', slow, async (t) => {
  const holders = ['lf-plain', 'lf-ubuntu-24'];
  const { page, base } = await list(t, '/images');
  await openFilters(page);
  // Pasted in capitals: Glance compares exactly, so the portal sends lowercase hex.
  await textbox(page, 'FilterHashValue').fill(sha512.toUpperCase());
  await apply(page);
  await eventually(async () => assert.deepEqual(sorted(await rowNames(page)), holders));
  assert.match(page.url(), new RegExp(`os_hash_value=${sha512}`));
  assert.deepEqual(sorted(await glanceNames(`os_hash_value=${sha512}`)), holders);

  await page.goto(base + `/images?checksum=${md5}`);
  await eventually(async () => assert.deepEqual(sorted(await rowNames(page)), holders));
  assert.deepEqual(sorted(await glanceNames(`checksum=${md5}`)), holders);
  await openFilters(page);
  assert.equal(await textbox(page, 'FilterChecksum').inputValue(), md5);

  // Only a malformed value is reported.
  await page.goto(base + '/images?tag=lf&checksum=not-a-digest');
  await eventually(async () => assert.equal((await rowNames(page)).length, IMAGES.length));
  const said = await notices(page);
  assert.equal(said.length, 1, said.join('\n'));
  assert.match(said[0], /checksum/);
});

test('in: lists from multi-selects: any of several disk formats and statuses', slow, async (t) => {
  const { page } = await allImages(t);
  await openFilters(page);
  const diskFormat = listbox(page, 'FilterDiskFormat');
  const status = listbox(page, 'FilterStatus');
  await diskFormat.selectOption(['qcow2', 'vmdk']);
  await apply(page);
  await eventually(async () => assert.deepEqual(sorted(await rowNames(page)), ['lf-ubuntu-22', 'lf-vmdk']));
  // The list is in the select's order.
  assert.match(page.url(), /disk_format=in%3Avmdk%2Cqcow2/);
  assert.deepEqual(sorted(await glanceNames('tag=lf&disk_format=in:qcow2,vmdk')), ['lf-ubuntu-22', 'lf-vmdk']);

  await diskFormat.selectOption([]);
  await status.selectOption(['active']);
  await textbox(page, 'FilterIds').fill(`${ids['lf-vmdk']}, ${ids['lf-plain']}`);
  await apply(page);
  await eventually(async () => assert.deepEqual(await rowNames(page), ['lf-plain']));
  assert.deepEqual(await glanceNames(`id=in:${ids['lf-vmdk']},${ids['lf-plain']}&status=active`), ['lf-plain']);
  await page.reload();
  await eventually(async () => assert.deepEqual(await rowNames(page), ['lf-plain']));
  await openFilters(page);
  assert.deepEqual(await status.evaluate((s) => [...s.selectedOptions].map((o) => o.value)), ['active']);
});

test('a multi-key sort, from the URL, the form and shift-click, in Glance\'s order', slow, async (t) => {
  const expected = await glanceNames('tag=lf&sort=disk_format:asc,name:desc');
  assert.deepEqual(expected, ['lf-ubuntu-22', 'lf-ubuntu-24', 'lf-plain', 'lf-debian-24', 'lf-vmdk']);
  const { page, base } = await list(t, '/images?tag=lf&sort=disk_format:asc,name:desc');
  await eventually(async () => assert.deepEqual(await rowNames(page), expected));

  // The form: container format ascending, then name ascending.
  await openFilters(page);
  const sort = page.getByRole('group', { name: say('SortOrder'), exact: true });
  const direction = (i) => sort.getByRole('combobox', { name: say('SortOrder'), exact: true }).nth(i);
  await sort.getByRole('combobox', { name: say('SortFirst'), exact: true }).selectOption('container_format');
  await direction(0).selectOption('asc');
  // Two keys came from the URL, so there are two "then by" rows: the first is the second key.
  await sort.getByRole('combobox', { name: say('SortThen'), exact: true }).first().selectOption('name');
  await direction(1).selectOption('asc');
  await apply(page);
  const byForm = await glanceNames('tag=lf&sort=container_format:asc,name:asc');
  await eventually(async () => assert.deepEqual(await rowNames(page), byForm));
  assert.match(page.url(), /sort=container_format%3Aasc%2Cname%3Aasc/);

  // An old-style link still works, and is rewritten in the new syntax on the next change.
  await page.goto(base + '/images?tag=lf&sort_key=size&sort_dir=asc');
  await eventually(async () => assert.deepEqual(await rowNames(page), await glanceNames('tag=lf&sort=size:asc')));
  // The shift-click follows at once, before the first click's page has arrived.
  await sortButton(page, say('ColDiskFormat')).click();
  await sortButton(page, say('ColName')).click({ modifiers: ['Shift'] });
  await page.waitForURL(/sort=disk_format%3Aasc%2Cname%3Aasc/);
  const byClicks = await glanceNames('tag=lf&sort=disk_format:asc,name:asc');
  await eventually(async () => assert.deepEqual(await rowNames(page), byClicks));
  // The results (around their "N images on this page") are no longer marked busy.
  assert.equal(await results(page).locator('xpath=..').getAttribute('aria-busy'), 'false');
});

test('page sizes go up to Glance\'s api_limit_max of 1000', slow, async (t) => {
  const { page, base } = await allImages(t);
  const perPage = page.getByRole('combobox', { name: say('PageSize') });
  const sizes = await perPage.getByRole('option').allInnerTexts();
  assert.deepEqual(sizes, ['25', '50', '100', '200', '500', '1000']);
  await perPage.selectOption('1000');
  await page.waitForURL(/limit=1000/);
  await eventually(async () => assert.equal((await rowNames(page)).length, IMAGES.length));
  // Beyond it the portal says what it cannot ask for, instead of Glance silently capping it.
  await page.goto(base + '/images?tag=lf&limit=5000');
  await eventually(async () => assert.match((await notices(page)).join('\n'), /limit.*1000/));
});

test('uploading the same bytes twice names the image that already holds them', slow, async (t) => {
  const first = path.join(dir, 'dup-first.raw');
  const second = path.join(dir, 'dup-second.raw');
  const bytes = crypto.randomBytes(1 << 20);
  fs.writeFileSync(first, bytes);
  fs.writeFileSync(second, bytes);
  const { page, base } = await loggedIn(t, 'demo', { path: '/images/new', ready: filePicker });
  const upload = async (file, name) => {
    await page.goto(base + '/images/new');
    await filePicker(page).setInputFiles([file]);
    await fileEntry(page, `${name}.raw`).locator('[data-detected="raw"]').waitFor();
    await button(page, 'CreateAndUpload').click();
    const row = transfer(page, `${name}.raw`).last();
    await row.locator('[data-verify="verified"]').waitFor({ timeout: 60_000 });
    return row;
  };
  const one = await upload(first, 'dup-first');
  // Nothing else holds fresh random bytes.
  await one.locator('[data-duplicates="none"]').waitFor();
  const firstId = await one.getAttribute('data-image');

  const two = await upload(second, 'dup-second');
  const notice = two.locator('[data-duplicates="found"]');
  await notice.waitFor();
  const links = notice.getByRole('link');
  assert.deepEqual(await links.allInnerTexts(), ['dup-first']);
  assert.equal(await links.first().getAttribute('href'), `/images/${firstId}`);
  const secondId = await two.getAttribute('data-image');
  // Glance agrees: exactly these two images hold this sha512.
  const digest = crypto.createHash('sha512').update(bytes).digest('hex');
  const { json } = await glance('GET', `/v2/images?os_hash_value=${digest}&visibility=all`);
  assert.deepEqual(sorted(json.images.map((i) => i.id)), sorted([firstId, secondId]));
  await links.first().click();
  await page.getByRole('heading', { level: 1, name: 'dup-first', exact: true }).waitFor();
});
