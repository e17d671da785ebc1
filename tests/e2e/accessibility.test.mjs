// End-to-end: every page and tab passes axe-core's checks with no serious or critical
// violation (WCAG 2.x A/AA rules), in English and Chinese, with real data from the test cloud.
// axe runs in the page through the DevTools protocol, so the strict CSP needs no exception.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import {
  env, test, newPage, issueToken, api, deleteOwnImages, logIn, say, results, imageRows,
} from './harness.mjs';

const require = createRequire(new URL('../../scripts/tools/package.json', import.meta.url));
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let demo;
let image;

/** The serious and critical violations on the page as it is now, one line each. */
async function violations(page, where) {
  await page.evaluate(AXE);
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

before(async () => {
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  const made = await api(env.glance, demo.token, 'POST', '/v2/images', {
    name: 'a11y-image', disk_format: 'raw', container_format: 'bare', tags: ['a11y', 'x'], os_distro: 'ubuntu',
  });
  assert.equal(made.status, 201, made.text);
  image = made.json;
  assert.equal((await api(env.glance, demo.token, 'PUT', `/v2/images/${image.id}/file`,
    Buffer.alloc(4096, 1), 'application/octet-stream')).status, 204);
});

const TABS = { details: 'TabDetails', edit: 'TabEdit', tags: 'TabTags', sharing: 'TabSharing', actions: 'TabActions' };

test('every page and tab has no serious or critical accessibility violation, in both languages', { timeout: 180_000 }, async (t) => {
  const { page, base } = await newPage(t);
  const found = [];
  await page.goto(base + '/images');
  await page.getByRole('button', { name: say('LoginSubmit'), exact: true }).waitFor();
  found.push(...await violations(page, 'login'));
  await logIn(page, 'demo');
  await results(page).waitFor();
  for (const lang of ['en', 'zh-CN']) {
    await page.getByRole('combobox', { name: new RegExp(`^(${say('Language')}|${say('Language', 'zh-CN')})$`) }).selectOption(lang);
    const visit = async (url, ready, where) => {
      await page.goto(base + url);
      await ready().first().waitFor();
      found.push(...await violations(page, `${lang} ${where}`));
    };
    await visit('/images', () => imageRows(page), 'image list');
    for (const tab of Object.keys(TABS)) {
      await visit(`/images/${image.id}?tab=${tab}`,
        () => page.getByRole('tab', { name: say(TABS[tab], lang), selected: true }), `image ${tab} tab`);
    }
    await visit('/images/new', () => page.getByLabel(say('ChooseFiles', lang), { exact: true }), 'new image');
    await visit('/shared', () => page.getByRole('heading', { level: 1, name: say('SharedTitle', lang) }), 'shared with me');
    await visit('/no/such/page', () => page.getByRole('heading', { level: 1, name: say('NotFoundTitle', lang) }), 'not found');
  }
  assert.deepEqual(found, [], `accessibility violations:\n${found.join('\n')}`);
  // The check itself can fail: a button without a name is reported.
  await page.evaluate(() => document.querySelector('main').append(document.createElement('button')));
  assert.match((await violations(page, 'self-check')).join('\n'), /button-name \(critical\)/);
});
