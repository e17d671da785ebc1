// End-to-end: every page and tab passes axe-core's checks with no serious or critical
// violation (WCAG 2.x A/AA rules), in English and Chinese, with real data from the test cloud.
// axe runs in the page through the DevTools protocol, so the strict CSP needs no exception.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { env, startPortal, issueToken, api, deleteOwnImages, logIn } from './harness.mjs';

const require = createRequire(new URL('../../scripts/tools/package.json', import.meta.url));
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const test = (name, fn) => nodeTest(name, { timeout: 180_000 }, fn);

let portal;
let page;
let demo;
let image;

/** The serious and critical violations on the page as it is now, one line each. */
async function violations(where) {
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
  portal = await startPortal();
  page = portal.page;
});

after(async () => {
  await portal?.close();
});

test('every page and tab has no serious or critical accessibility violation, in both languages', async () => {
  const found = [];
  await page.goto(portal.base + '/images');
  await page.locator('.gp-login').waitFor();
  found.push(...await violations('login'));
  await logIn(page, 'demo');
  await page.locator('.gp-results').waitFor();
  for (const lang of ['en', 'zh-CN']) {
    await page.selectOption('#gp-lang', lang);
    const visit = async (url, ready, where) => {
      await page.goto(portal.base + url);
      await page.locator(ready).first().waitFor();
      found.push(...await violations(`${lang} ${where}`));
    };
    await visit('/images', '.gp-table__row', 'image list');
    for (const tab of ['details', 'edit', 'tags', 'sharing', 'actions']) {
      await visit(`/images/${image.id}?tab=${tab}`, `.gp-tabs__panel[data-tab="${tab}"]`, `image ${tab} tab`);
    }
    await visit('/images/new', '#gp-files', 'new image');
    await visit('/shared', '.gp-shared', 'shared with me');
    await visit('/no/such/page', 'main', 'not found');
  }
  await page.selectOption('#gp-lang', 'en');
  assert.deepEqual(found, [], `accessibility violations:\n${found.join('\n')}`);
  // The check itself can fail: a button without a name is reported.
  await page.evaluate(() => document.querySelector('main').append(document.createElement('button')));
  assert.match((await violations('self-check')).join('\n'), /button-name \(critical\)/);
});
