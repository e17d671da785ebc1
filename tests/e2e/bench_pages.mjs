// Page-visit benchmark (scripts/bench.sh runs it; `node tests/e2e/bench_pages.mjs` alone with
// the test cloud's environment): the time from a click in the list to the page's heading, for
// each page loaded on demand, on a local link. Twice per page: a click as soon as the list is
// shown (the page's code may still be on its way) and one a second later (prefetched). Each
// run is a fresh browser context (nothing cached); the median of RUNS is printed, in ms.
// GP_E2E_DIST=<dir> measures another build (an older commit's dist/, for a before/after).
import { env, startPortal, logIn, results, imageRows, say, issueToken, api } from './harness.mjs';

const RUNS = Number(process.env.GP_BENCH_RUNS || 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const pages = {
  'image page': {
    open: (page) => imageRows(page).first().getByRole('link').first().click(),
    heading: (page) => page.getByRole('tab', { name: say('TabDetails'), selected: true }),
  },
  'create page': {
    open: (page) => page.getByRole('navigation').getByRole('link', { name: say('NewImage'), exact: true }).click(),
    heading: (page) => page.getByRole('heading', { name: say('NewImageTitle'), exact: true }),
  },
  'shared with me': {
    open: (page) => page.getByRole('navigation').getByRole('link', { name: say('NavShared'), exact: true }).click(),
    heading: (page) => page.getByRole('heading', { name: say('SharedTitle'), exact: true }),
  },
};

// The list needs an image to click.
const demo = await issueToken('demo');
const listed = await api(env.glance, demo.token, 'GET', '/v2/images?limit=1');
if (!listed.json.images.length) {
  await api(env.glance, demo.token, 'POST', '/v2/images', { name: 'bench-page-visit', disk_format: 'raw', container_format: 'bare' });
}

const portal = await startPortal();
const browser = portal.page.context().browser();
const figures = {};
try {
  for (const [name, how] of Object.entries(pages)) {
    for (const wait of [0, 1000]) {
      const times = [];
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
        const page = await context.newPage();
        await page.goto(`${portal.base}/images`);
        await logIn(page, 'demo');
        await results(page).first().waitFor({ state: 'attached' });
        await imageRows(page).first().waitFor();
        if (wait) await page.waitForTimeout(wait);
        const start = Date.now();
        await how.open(page);
        await how.heading(page).waitFor({ timeout: 30_000 });
        times.push(Date.now() - start);
        await context.close();
      }
      figures[`${name}, click ${wait ? '1 s after' : 'as soon as'} the list shows`] = median(times);
    }
  }
} finally {
  await portal.close();
}
console.log(`page visits: click in the list → the page's heading (median of ${RUNS}, ms; ${env.dist})`);
for (const [what, ms] of Object.entries(figures)) console.log(`  ${what.padEnd(52)} ${String(ms).padStart(6)}`);
