// End-to-end: every page and tab, in English and Chinese, at a desktop width (1400 px) and a
// phone's (390 px), with real data from the test cloud: axe-core's WCAG 2.x A/AA checks and
// best practices (no violation of any impact), no page that scrolls sideways on the phone, and a
// screenshot of each into target/screens/ (the gallery scripts/screens.sh copies to
// docs/screens/, so a change to what a person sees is visible in review). axe runs in the page
// through the DevTools protocol, so the strict CSP needs no exception.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  env, test, newPage, issueToken, api, deleteOwnImages, logIn, say, results, imageRows,
} from './harness.mjs';

const require = createRequire(new URL('../../scripts/tools/package.json', import.meta.url));
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENS = path.resolve(new URL('../../target/screens', import.meta.url).pathname);
const WIDTHS = [1400, 390];
const LANGS = ['en', 'zh-CN'];
let image;

/** Every violation on the page as it is now, one line each with its impact. */
async function violations(page, where) {
  await page.evaluate(AXE);
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  return results.violations.map((v) => ({
    impact: v.impact,
    line: `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`,
  }));
}

before(async () => {
  const demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  const made = await api(env.glance, demo.token, 'POST', '/v2/images', {
    name: 'a11y-image', disk_format: 'raw', container_format: 'bare', tags: ['a11y', 'x'],
    os_distro: 'ubuntu', os_version: '24.04', architecture: 'x86_64', min_disk: 10, min_ram: 2048,
  });
  assert.equal(made.status, 201, made.text);
  image = made.json;
  assert.equal((await api(env.glance, demo.token, 'PUT', `/v2/images/${image.id}/file`,
    Buffer.alloc(4096, 1), 'application/octet-stream')).status, 204);
  fs.rmSync(SCREENS, { recursive: true, force: true });
});

const TABS = { details: 'TabDetails', edit: 'TabEdit', tags: 'TabTags', sharing: 'TabSharing', actions: 'TabActions' };

/** Every page and tab a person meets, each with what shows it is ready, in `lang`. */
function pages(lang) {
  const heading = (key) => (page) => page.getByRole('heading', { level: 1, name: say(key, lang) });
  return [
    ['list', '/images', (page) => imageRows(page)],
    ...Object.keys(TABS).map((tab) => [`image-${tab}`, `/images/${image.id}?tab=${tab}`,
      (page) => page.getByRole('tab', { name: say(TABS[tab], lang), selected: true })]),
    ['new', '/images/new', (page) => page.getByLabel(say('ChooseFiles', lang), { exact: true })],
    ['new-url', '/images/new?from=url', (page) => page.getByRole('region', { name: say('ImportFromUrl', lang) })],
    ['shared', '/shared', heading('SharedTitle')],
    ['not-found', '/no/such/page', heading('NotFoundTitle')],
  ];
}

test('every page and tab, in both languages and at both widths, is screenshot, passes axe and fits the screen', { timeout: 300_000 }, async (t) => {
  const found = [];
  const shots = [];
  const wide = [];
  for (const width of WIDTHS) {
    for (const lang of LANGS) {
      const { page, context, base } = await newPage(t, { width, height: width > 600 ? 900 : 844, locale: lang === 'en' ? 'en-US' : 'zh-CN' });
      // The language a person chose before, as the switcher stores it.
      await context.addInitScript((tag) => localStorage.setItem('gp.lang', tag), lang);
      const look = async (name, where) => {
        const file = path.join(SCREENS, `${width}`, `${lang}-${name}.png`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // Relative times and spinners settle; the shot is of the page at rest.
        await page.waitForTimeout(200);
        await page.screenshot({ path: file, fullPage: true });
        shots.push(file);
        found.push(...await violations(page, `${width}px ${lang} ${where}`));
        const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (over > 0) wide.push(`${width}px ${lang} ${where}: scrolls sideways by ${over} px`);
      };
      await page.goto(base + '/images');
      await page.getByRole('button', { name: say('LoginSubmit', lang), exact: true }).waitFor();
      await look('login', 'login');
      await logIn(page, 'demo', undefined, undefined, lang);
      await results(page).waitFor();
      for (const [name, url, ready] of pages(lang)) {
        await page.goto(base + url);
        await ready(page).first().waitFor();
        await look(name, name);
      }
      await context.close();
    }
  }
  const byImpact = {};
  for (const v of found) byImpact[v.impact] = (byImpact[v.impact] || 0) + 1;
  console.log(`# gallery: ${shots.length} screenshots in ${SCREENS}; axe violations by impact: ${JSON.stringify(byImpact)}`);
  for (const v of found) console.log(`#   ${v.line}`);
  assert.deepEqual(found.map((v) => v.line), [], 'accessibility violations');
  assert.deepEqual(wide, [], 'pages wider than the screen');
  assert.equal(shots.length, WIDTHS.length * LANGS.length * (1 + pages('en').length));
});

test('the axe check can fail: a button without a name is reported', async (t) => {
  const { page, base } = await newPage(t);
  await page.goto(base + '/images');
  await page.getByRole('button', { name: say('LoginSubmit'), exact: true }).waitFor();
  await page.evaluate(() => document.querySelector('main').append(document.createElement('button')));
  assert.match((await violations(page, 'self-check')).map((v) => v.line).join('\n'), /button-name \(critical\)/);
});
