// End-to-end: what a person sees, in both languages — properties by title with their API key
// beside, values in units (IEC sizes with the exact bytes, MiB/GiB minimums, dates in the
// user's language, the owner by name), the image page's summary and main actions, the list's
// toolbar (chips, columns chosen and remembered, the selection's actions), the create page's
// two modes, and the phone layout (a menu for the header, cards for the list, no page that
// scrolls sideways). Real Keystone and Glance, real Chromium.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import {
  env, test, newPage, issueToken, api, deleteOwnImages, logIn, say, results, imageRows, eventually,
  definition, propField, tabShown, mainActions, fileEntry, scratchDir,
} from './harness.mjs';

const LANGS = ['en', 'zh-CN'];
let demo;
let image;
let plain;

before(async () => {
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  const made = await api(env.glance, demo.token, 'POST', '/v2/images', {
    name: 'seen-ubuntu', disk_format: 'raw', container_format: 'bare', tags: ['web', 'lts'],
    os_distro: 'ubuntu', os_version: '24.04', architecture: 'x86_64', min_disk: 10, min_ram: 2048,
    visibility: 'private',
  });
  assert.equal(made.status, 201, made.text);
  image = made.json;
  assert.equal((await api(env.glance, demo.token, 'PUT', `/v2/images/${image.id}/file`,
    Buffer.alloc(4096, 1), 'application/octet-stream')).status, 204);
  const other = await api(env.glance, demo.token, 'POST', '/v2/images',
    { name: 'seen-plain', disk_format: 'raw', container_format: 'bare' });
  assert.equal(other.status, 201, other.text);
  plain = other.json;
});

/** A page logged in as demo in `lang` at `width` px, on `path`; resolves to { page, base }. */
async function signedIn(t, lang, path, { width = 1400 } = {}) {
  const { page, context, base } = await newPage(t, { width, height: width > 640 ? 900 : 844, locale: lang === 'en' ? 'en-US' : 'zh-CN' });
  await context.addInitScript((tag) => { if (!localStorage.getItem('gp.lang')) localStorage.setItem('gp.lang', tag); }, lang);
  await page.goto(base + path);
  await logIn(page, 'demo', undefined, undefined, lang);
  return { page, base };
}

/** How far the page scrolls sideways (0 when it does not). */
const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const lang of LANGS) {
  test(`${lang}: the details tab names properties by title with the API key, in units`, async (t) => {
    const { page } = await signedIn(t, lang, `/images/${image.id}?tab=details`);
    const panel = await tabShown(page, 'details');
    // The title, then the key, small.
    const minDisk = panel.getByRole('term').filter({ hasText: 'min_disk' });
    assert.equal(await minDisk.locator('.gp-prop-title__text').innerText(), say('PropMinDisk', lang));
    assert.equal(await minDisk.getByRole('code').innerText(), 'min_disk');
    assert.equal(await definition(panel, 'min_disk').innerText(), '10 GiB');
    assert.equal(await definition(panel, 'min_ram').innerText(), '2,048 MiB');
    // The size in IEC units, the exact bytes on hover and on its copy button.
    const size = definition(panel, 'size');
    assert.equal(await size.locator('data').innerText(), '4.0 KiB');
    assert.equal(await size.locator('data').getAttribute('title'), say('ExactBytes', lang, '4,096'));
    assert.equal(await size.locator('data').getAttribute('value'), '4096');
    // Visibility and flags in words; the owner by name, its id beside.
    assert.equal(await definition(panel, 'visibility').innerText(), say('VisPrivate', lang));
    assert.equal(await definition(panel, 'protected').innerText(), say('No', lang));
    const owner = definition(panel, 'owner');
    assert.match(await owner.innerText(), new RegExp(`^${say('ThisProject', lang)}\\s+${demo.body.token.project.id}$`));
    // Dates in the user's language and time zone, with their age; the UTC time on hover.
    const created = definition(panel, 'created_at').locator('time');
    assert.equal(await created.getAttribute('datetime'), image.created_at);
    const expected = await page.evaluate(([iso, tag]) => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' })
      .format(new Date(iso)), [image.created_at, lang]);
    assert.ok((await created.innerText()).startsWith(`${expected} · `), await created.innerText());
    // The schema's API links are not properties.
    for (const link of ['self', 'file', 'schema']) {
      assert.equal(await panel.locator(`[data-key="${link}"]`).count(), 0, `${link} is listed`);
    }
    // A well-known property outside the schema has its title too.
    assert.equal(await panel.getByRole('term').filter({ hasText: 'os_version' }).locator('.gp-prop-title__text').innerText(), say('PropOsVersion', lang));
  });

  test(`${lang}: the image page opens on a summary with the main actions`, async (t) => {
    const { page } = await signedIn(t, lang, `/images/${image.id}`);
    const summary = page.getByRole('region', { name: 'seen-ubuntu' });
    await summary.waitFor();
    const fact = (name) => summary.locator(`[data-fact="${name}"] dd`);
    assert.equal(await fact('os').innerText(), 'Ubuntu 24.04 · x86_64');
    assert.match(await fact('size').innerText(), /^4\.0 KiB/);
    assert.equal(await fact('formats').innerText(), 'raw · bare');
    assert.equal(await fact('visibility').innerText(), say('VisPrivate', lang));
    assert.deepEqual(await fact('tags').getByRole('listitem').allInnerTexts(), ['lts', 'web']);
    const actions = mainActions(page);
    const names = await actions.locator('button, a').allInnerTexts();
    assert.deepEqual(names, [say('Download', lang), say('TabEdit', lang), `${say('Copy', lang)} ${say('CopyIdWhat', lang)}`,
      `${say('Copy', lang)} ${say('CopyShowWhat', lang)}`, say('Delete', lang)]);
    await actions.getByRole('button', { name: `${say('Copy', lang)} ${say('CopyIdWhat', lang)}`, exact: true }).waitFor();
    // An image without an OS says so rather than leaving a blank.
    await page.goto(page.url().replace(image.id, plain.id));
    await page.getByRole('region', { name: 'seen-plain' }).locator('[data-fact="os"] dd').getByText(say('SummaryNoOs', lang), { exact: true }).waitFor();
  });
}

test('the editor labels fields by title and offers visibility in words', async (t) => {
  const { page } = await signedIn(t, 'zh-CN', `/images/${image.id}?tab=edit`);
  const panel = await tabShown(page, 'edit');
  const minDisk = page.getByLabel(say('PropMinDisk', 'zh-CN'), { exact: true });
  assert.equal(await minDisk.inputValue(), '10');
  assert.equal(await propField(panel, 'min_disk').getAttribute('id'), await minDisk.getAttribute('id'));
  const visibility = propField(panel, 'visibility');
  assert.ok((await visibility.locator('option').allInnerTexts()).includes(say('VisCommunity', 'zh-CN')));
  assert.equal(await visibility.inputValue(), 'private');
});

for (const lang of LANGS) {
  test(`${lang}: the list has one toolbar: search, filters with chips, columns, page size, create`, async (t) => {
    const { page, base } = await signedIn(t, lang, '/images?tag=web&os_distro=ubuntu');
    await results(page).waitFor();
    const chips = page.getByRole('list', { name: say('ActiveFilters', lang) });
    assert.deepEqual(await chips.locator('.gp-chip__text').allInnerTexts(), [say('ChipText', lang, say('ChipTag', lang), 'web'), say('ChipText', lang, say('PropOsDistro', lang), 'ubuntu')]);
    await page.getByRole('button', { name: say('RemoveFilter', lang, say('ChipText', lang, say('PropOsDistro', lang), 'ubuntu')), exact: true }).click();
    await page.waitForURL((url) => url.search === '?tag=web');
    assert.deepEqual(await chips.locator('.gp-chip__text').allInnerTexts(), [say('ChipText', lang, say('ChipTag', lang), 'web')]);
    // The Filters button opens the panel it controls.
    const filters = page.getByRole('button', { name: new RegExp(`^${say('Filters', lang)}`) });
    assert.equal(await filters.getAttribute('aria-expanded'), 'false');
    await filters.click();
    await page.getByRole('button', { name: say('Apply', lang), exact: true }).waitFor();
    assert.equal(await filters.getAttribute('aria-expanded'), 'true');
    await page.getByRole('combobox', { name: say('PageSize', lang), exact: true }).waitFor();
    await page.getByRole('link', { name: say('NewImage', lang), exact: true }).and(page.locator('.gp-toolbar a')).waitFor();
    // The OS column is shown (an image states one); Flags is not (no image is protected or hidden).
    await page.goto(base + '/images');
    await results(page).waitFor();
    const headers = () => page.getByRole('columnheader').allInnerTexts();
    await eventually(async () => assert.ok((await headers()).some((h) => h.startsWith(say('ColOs', lang)))));
    assert.ok(!(await headers()).some((h) => h.startsWith(say('ColFlags', lang))), (await headers()).join());
    const row = imageRows(page).filter({ hasText: 'seen-ubuntu' });
    assert.equal(await row.locator('.gp-col-os').innerText(), 'ubuntu 24.04 x86_64');
    // Columns are the user's choice, remembered in this browser.
    await page.locator('summary').getByText(say('Columns', lang), { exact: true }).click();
    await page.locator('[data-column="visibility"]').uncheck();
    await page.locator('[data-column="min_disk"]').check();
    await eventually(async () => assert.ok((await headers()).some((h) => h.startsWith(say('ColMinDisk', lang)))));
    await page.reload();
    await results(page).waitFor();
    await eventually(async () => {
      const now = await headers();
      assert.ok(now.some((h) => h.startsWith(say('ColMinDisk', lang))) && !now.some((h) => h.startsWith(say('ColVisibility', lang))), now.join());
    });
    assert.equal(await row.locator('.gp-col-min-disk').innerText(), '10 GiB');
    // The selection's actions appear once a row is selected.
    const selection = page.getByRole('group', { name: say('SelectedActions', lang) });
    assert.equal(await selection.count(), 0);
    await row.getByRole('checkbox').check();
    await selection.getByText(say('SelectedCount', lang, 1), { exact: true }).waitFor();
    await selection.getByRole('button', { name: say('ClearSelection', lang), exact: true }).click();
    await selection.waitFor({ state: 'detached' });
  });

  test(`${lang}: the create page has two modes, each with its own button; chosen files stay`, async (t) => {
    const { page } = await signedIn(t, lang, '/images/new');
    const picker = page.getByLabel(say('ChooseFiles', lang), { exact: true });
    await picker.waitFor();
    const dir = scratchDir('modes');
    t.after(dir.remove);
    const file = dir.random('kept.raw', 4096);
    await picker.setInputFiles([file]);
    await fileEntry(page, 'kept.raw').waitFor();
    await page.getByRole('button', { name: say('CreateAndUpload', lang), exact: true }).waitFor();
    await page.getByRole('tab', { name: say('NewFromUrl', lang), exact: true }).click();
    await page.waitForURL(/\?from=url$/);
    const form = page.getByRole('region', { name: say('ImportFromUrl', lang) });
    await form.getByRole('button', { name: say('ImportStart', lang), exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: say('CreateAndUpload', lang), exact: true }).isVisible(), false);
    assert.equal(await picker.isVisible(), false);
    await page.getByRole('tab', { name: say('NewFromFiles', lang), exact: true }).click();
    await fileEntry(page, 'kept.raw').waitFor();
    assert.equal(await form.count(), 0);
    // The upload methods say what they do, not the API.
    const method = page.getByRole('combobox', { name: say('UploadWith', lang), exact: true });
    if (await method.count()) {
      assert.deepEqual(await method.locator('option').allInnerTexts(), [say('UploadDirect', lang), say('UploadGlanceDirect', lang)]);
    }
  });
}

for (const lang of LANGS) {
  test(`${lang} at 390 px: a header menu, list cards, and no page scrolls sideways`, async (t) => {
    const { page, base } = await signedIn(t, lang, '/images', { width: 390 });
    await results(page).waitFor();
    // The header folds into a menu.
    const menu = page.getByRole('button', { name: say('Menu', lang), exact: true });
    const nav = page.getByRole('navigation', { name: say('MainNav', lang) });
    assert.equal(await nav.isVisible(), false);
    const tall = await page.locator('header').first().evaluate((h) => h.getBoundingClientRect().height);
    console.log(`# ${lang}: the header at 390 px is ${tall} px tall`);
    assert.ok(tall <= 64, `the closed header takes ${tall} px`);
    await menu.click();
    await nav.waitFor();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await nav.getByRole('link', { name: say('NavShared', lang), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: say('SharedTitle', lang) }).waitFor();
    assert.equal(await nav.isVisible(), false, 'the menu closes on navigation');
    // The list is cards: name, status, OS and size, each row a box of its own.
    await page.goto(base + '/images');
    const row = imageRows(page).filter({ hasText: 'seen-ubuntu' });
    await row.waitFor();
    assert.equal(await row.evaluate((r) => getComputedStyle(r).display), 'grid');
    for (const cell of ['.gp-col-name', '.gp-col-status', '.gp-col-os', '.gp-col-size']) {
      assert.ok(await row.locator(cell).isVisible(), `${cell} is on the card`);
    }
    assert.equal(await row.locator('.gp-col-created').isVisible(), false);
    const box = await row.boundingBox();
    assert.ok(box.width <= 390 && box.x >= 0, JSON.stringify(box));
    for (const path of ['/images', `/images/${image.id}?tab=details`, `/images/${image.id}?tab=edit`,
      `/images/${image.id}?tab=sharing`, `/images/${image.id}?tab=actions`, '/images/new', '/shared']) {
      await page.goto(base + path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForTimeout(300);
      assert.ok(await sideways(page) <= 0, `${path} scrolls sideways by ${await sideways(page)} px`);
    }
  });
}
