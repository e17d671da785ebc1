// List-at-scale benchmark (figures, not a pass/fail test), run by scripts/bench.sh after the
// transfer and page-visit benchmarks; alone: `node tests/e2e/bench_list.mjs` with the test
// cloud's environment. The image list promises that "10,000 images cost what 10 do" (it only
// ever asks Glance for one page), so the same views are measured in a project with 10 images
// and in one with GP_BENCH_LIST_IMAGES (default 10,000), each run in a fresh browser context:
// 1. login submit → the list's first page rendered;
// 2. "Next" → the next page rendered;
// 3. a filter applied through the filter form (tag, Glance's `tag=`) → its result rendered;
// 4. the requests each of those views made to Keystone and Glance (method + path without
//    query, counted), flagging any made twice in one view: a duplicate fetch costs a round
//    trip to a sqlite-backed Glance on every view, at any scale;
// 5. JS heap (after a forced GC), the page's wasm memory, DOM nodes and event listeners
//    after login, after 10 and after 20 page turns, to show whether paging accumulates
//    anything (wasm memory never shrinks: its figure is the high-water mark).
// Each time also gives the part spent waiting for Glance's GET /v2/images (request sent →
// last byte), so that a slower Glance query is told apart from slower rendering.
// "Rendered" is the animation frame in which the list's results block answers the new view
// (its data-loaded-for changed, no longer aria-busy) with a visible row: the frame that
// paints it. Times start at the click event's own timestamp, both taken inside the page, so
// Playwright's round trips are not in the figures.
// Ten images fit the list's default page of 25, so the small project has no Next: its 20
// turns are name-sort clicks (a navigation, one Glance request and a new table, as a Next).
// The images are seeded once through Glance's API (queued, no data) into two projects of
// their own, bench-small and bench-large (bench-large-N for another GP_BENCH_LIST_IMAGES),
// with user `bench` a member of both, and reused while present: never into demo or alt,
// whose images the e2e files delete. Seeding is bound by Keystone, which validates the
// token of every Glance request (the test cloud caches no tokens): on a 2-core machine,
// 10,000 images took about half an hour (5 images/s), once.
// GP_BENCH_RUNS (default 3) runs per project, medians printed; GP_E2E_DIST=<dir> measures
// another build; GP_BENCH_LIST_CONCURRENCY (default 12) seeding requests in flight;
// GP_BENCH_LIST_TURNS (default 20) page turns for the memory figures.
import crypto from 'node:crypto';
import {
  env, startPortal, issueToken, api, pool, say, logIn, openFilters, button,
} from './harness.mjs';

const RUNS = Number(process.env.GP_BENCH_RUNS || 3);
const LARGE = Number(process.env.GP_BENCH_LIST_IMAGES || 10000);
const SMALL = 10;
const CONCURRENCY = Number(process.env.GP_BENCH_LIST_CONCURRENCY || 12);
const TURNS = Number(process.env.GP_BENCH_LIST_TURNS || 20);
// Seeded images carry one of five tiers, so the tag filter finds a fifth of either project:
// a real answer with a full first page in the large project, not an empty result.
const TIERS = 5;
const FILTER_TAG = 'tier-1';
const USER = 'bench';
// A smaller large project (while developing) is a project of its own: seeding 10,000 images
// takes a while, and a quick run must neither delete them nor measure them.
const PROJECTS = {
  small: { name: 'bench-small', images: SMALL },
  large: { name: LARGE === 10000 ? 'bench-large' : `bench-large-${LARGE}`, images: LARGE },
};
const MiB = 1 << 20;
const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : null);

// The bench user's password is derived from the cloud's admin password: nothing to store,
// the same on every run, and different on every cloud.
const PASSWORD = crypto.createHmac('sha256', env.passwords.admin).update('glance-portal bench user').digest('hex').slice(0, 24);

// ---------------------------------------------------------------- accounts and images

const admin = await issueToken('admin');
const keystone = (...args) => api(env.keystone, admin.token, ...args);

async function ensureProject(name) {
  const found = (await keystone('GET', `/projects?name=${encodeURIComponent(name)}&domain_id=default`)).json.projects[0];
  if (found) return found;
  const made = await keystone('POST', '/projects', { project: { name, domain_id: 'default', description: 'glance-portal list benchmark (tests/e2e/bench_list.mjs)' } });
  if (made.status !== 201) throw new Error(`creating project ${name}: ${made.status} ${made.text}`);
  console.log(`created project ${name}`);
  return made.json.project;
}

async function ensureUser(projects) {
  let user = (await keystone('GET', `/users?name=${USER}&domain_id=default`)).json.users[0];
  if (!user) {
    const made = await keystone('POST', '/users', { user: { name: USER, password: PASSWORD, domain_id: 'default', default_project_id: projects[0].id, enabled: true } });
    if (made.status !== 201) throw new Error(`creating user ${USER}: ${made.status} ${made.text}`);
    user = made.json.user;
    console.log(`created user ${USER}`);
  }
  const member = (await keystone('GET', '/roles?name=member')).json.roles[0];
  for (const p of projects) {
    const granted = await keystone('PUT', `/projects/${p.id}/users/${user.id}/roles/${member.id}`);
    if (granted.status !== 204) throw new Error(`granting member on ${p.name}: ${granted.status} ${granted.text}`);
  }
  // A cloud whose admin password changed since the user was made: set the derived one again.
  const probe = await api(env.keystone, '', 'POST', '/auth/tokens', { auth: { identity: { methods: ['password'],
    password: { user: { name: USER, password: PASSWORD, domain: { name: 'Default' } } } } } });
  if (probe.status === 401) await keystone('PATCH', `/users/${user.id}`, { user: { password: PASSWORD } });
}

/** Every image the project owns (hidden ones too: they would still be rows in Glance's table). */
async function ownImages(glance, projectId) {
  const images = [];
  for (const hidden of ['false', 'true']) {
    let next = `/v2/images?owner=${projectId}&limit=1000&os_hidden=${hidden}`;
    while (next) {
      const page = await glance('GET', next);
      if (page.status !== 200) throw new Error(`listing images: ${page.status} ${page.text}`);
      images.push(...page.json.images);
      next = page.json.next;
    }
  }
  return images;
}

/** Brings the project to exactly `want` images; returns what it did. */
async function seed(project, want) {
  const { token } = await issueToken(USER, PASSWORD, project.name);
  const glance = (...args) => api(env.glance, token, ...args);
  const have = await ownImages(glance, project.id);
  const start = Date.now();
  let created = 0;
  let deleted = 0;
  if (have.length < want) {
    // Names continue after the highest index present, so a top-up never repeats a name.
    const taken = have.map((i) => Number(i.name?.split('-').pop())).filter(Number.isFinite);
    const from = taken.length ? Math.max(...taken) + 1 : 0;
    const indices = Array.from({ length: want - have.length }, (_, k) => from + k);
    await pool(indices, CONCURRENCY, async (i) => {
      const made = await glance('POST', '/v2/images', {
        name: `${project.name}-${String(i).padStart(5, '0')}`,
        disk_format: 'raw', container_format: 'bare',
        tags: ['bench', `tier-${i % TIERS}`],
      });
      if (made.status !== 201) throw new Error(`creating image ${i} in ${project.name}: ${made.status} ${made.text}`);
      created++;
    });
  } else if (have.length > want) {
    // Images added by hand: the figures must be for the count asked.
    await pool(have.slice(want), CONCURRENCY, async (img) => {
      if (img.protected) await glance('PATCH', `/v2/images/${img.id}`, [{ op: 'replace', path: '/protected', value: false }], 'application/openstack-images-v2.1-json-patch');
      await glance('DELETE', `/v2/images/${img.id}`);
      deleted++;
    });
  }
  return { project: project.name, present: have.length, created, deleted, seconds: (Date.now() - start) / 1000 };
}

const projects = [await ensureProject(PROJECTS.small.name), await ensureProject(PROJECTS.large.name)];
await ensureUser(projects);
const seeding = [];
for (const [i, key] of ['small', 'large'].entries()) seeding.push(await seed(projects[i], PROJECTS[key].images));
for (const s of seeding) {
  console.log(`seeding ${s.project}: ${s.present} images present, ${s.created} created, ${s.deleted} deleted in ${s.seconds.toFixed(1)} s`
    + (s.created ? ` (${(s.created / s.seconds).toFixed(1)} images/s, ${CONCURRENCY} in flight)` : ''));
}

// ---------------------------------------------------------------- in the page

// Installed in every page: arms a watcher for the next click on a button named `startText`
// (any button when null); it resolves with the time from that click's event to the frame in
// which the results block shows a view other than `previousKey` with a visible row.
function pageWatcher() {
  window.gpBenchArm = (previousKey, startText) => {
    window.gpBenchDone = new Promise((resolve, reject) => {
      // An error instead of the view (Glance refused, say) must end the run, not hang it.
      const timer = setTimeout(() => reject(new Error(`no new view of the list within 60 s after a click on ${startText ?? 'a button'}`)), 60_000);
      const onClick = (e) => {
        const target = e.target.closest?.('button');
        if (!target || (startText !== null && target.textContent.trim() !== startText)) return;
        document.removeEventListener('click', onClick, true);
        const t0 = e.timeStamp;
        const check = () => {
          const shown = [...document.querySelectorAll('.gp-results[aria-busy="false"]')].find((r) =>
            r.dataset.loadedFor !== previousKey
            && [...r.querySelectorAll('tr.gp-table__row a.gp-table__link')].some((a) => a.getClientRects().length > 0));
          if (!shown) return requestAnimationFrame(check);
          clearTimeout(timer);
          return resolve({ ms: performance.now() - t0, key: shown.dataset.loadedFor });
        };
        requestAnimationFrame(check);
      };
      document.addEventListener('click', onClick, true);
    });
  };
  // trunk announces the app's wasm exports (its memory included) once started.
  addEventListener('TrunkApplicationStarted', (e) => { window.gpWasm = e.detail.wasm; });
}

/**
 * Every request of the page, to know when it has gone quiet, and a log of those to Keystone
 * and Glance (the portal's proxy paths /identity/ and /image/) to count per view.
 */
function watchNetwork(page, base) {
  const seen = [];
  const inFlight = new Set();
  let last = Date.now();
  const isApi = (url) => url.startsWith(`${base}/identity/`) || url.startsWith(`${base}/image/`);
  page.on('request', (r) => {
    inFlight.add(r);
    last = Date.now();
    if (!isApi(r.url())) return;
    const u = new URL(r.url());
    const service = u.pathname.startsWith('/identity/') ? 'keystone' : 'glance';
    const path = u.pathname.replace(/^\/(identity|image)/, '');
    seen.push({ what: `${service} ${r.method()} ${path}`, url: r.url(), request: r });
  });
  const done = (r) => { if (inFlight.delete(r)) last = Date.now(); };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    mark: () => seen.length,
    since: (mark) => seen.slice(mark),
    // What a view asks for once rendered (owner names, the other pages' code fetched in the
    // background) belongs to it too, and must not land in the next view or a memory sample:
    // wait until nothing is in flight and nothing started for `quietMs`.
    async settle(quietMs = 750, maxMs = 15_000) {
      const start = Date.now();
      while (Date.now() - start < maxMs && (inFlight.size || Date.now() - last < quietMs)) {
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** Counts a view's requests by method + path; flags a path asked twice (same query or not). */
function tally(requests) {
  const by = new Map();
  for (const r of requests) {
    const entry = by.get(r.what) ?? { what: r.what, count: 0, urls: new Set() };
    entry.count++;
    entry.urls.add(r.url);
    by.set(r.what, entry);
  }
  return [...by.values()].map((e) => ({
    what: e.what,
    count: e.count,
    duplicate: e.count > 1 ? (e.urls.size < e.count ? 'same URL' : 'different queries') : null,
  }));
}

/** The requests of all turns together, and whether any single turn made one twice. */
function tallyTurns(perTurn) {
  const by = new Map();
  for (const requests of perTurn) {
    for (const r of requests) {
      const entry = by.get(r.what) ?? { what: r.what, count: 0, duplicate: null };
      entry.count += r.count;
      entry.duplicate ??= r.duplicate;
      by.set(r.what, entry);
    }
  }
  return [...by.values()];
}

async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  const wasm = await page.evaluate(() => window.gpWasm?.memory?.buffer.byteLength ?? 0);
  // DOM nodes and listeners alive after the GC: a view that is gone but still referenced
  // shows here before it shows in megabytes.
  return { js_heap_mib: metric('JSHeapUsedSize') / MiB, wasm_mib: wasm / MiB, nodes: metric('Nodes'), listeners: metric('JSEventListeners') };
}

const pager = (page) => page.getByRole('navigation', { name: say('Pagination'), exact: true });
const currentKey = (page) => page.locator('.gp-results').first().getAttribute('data-loaded-for');

/** Arms the watcher, runs `act` (the click), waits for the view and its requests. */
async function view(page, net, startText, act) {
  const previousKey = await page.locator('.gp-results').count() ? await currentKey(page) : null;
  await page.evaluate(([k, s]) => window.gpBenchArm(k, s), [previousKey, startText]);
  const mark = net.mark();
  await act();
  const { ms, key } = await page.evaluate(() => window.gpBenchDone);
  await net.settle();
  const requests = net.since(mark);
  // How much of the view was Glance answering the list (request sent → last byte), to tell
  // a slower Glance query from slower rendering when the two projects differ.
  const list = requests.filter((r) => r.what === 'glance GET /v2/images').map((r) => r.request.timing().responseEnd).filter((t) => t >= 0);
  return { ms, key, list_ms: list.length ? Math.max(...list) : null, requests: tally(requests) };
}

/** One run in a fresh context: the three views, then the page turns, with memory around them. */
async function run(browser, base, projectName) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  await context.addInitScript(pageWatcher);
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const net = watchNetwork(page, base);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const out = { memory: [] };
  try {
    await page.goto(`${base}/images`);
    await page.getByRole('button', { name: say('LoginSubmit'), exact: true }).waitFor();
    out.login = await view(page, net, say('LoginSubmit'), () => logIn(page, USER, PASSWORD, projectName));
    out.memory.push(await memory(page, cdp));

    const next = pager(page).getByRole('button', { name: say('NextPage'), exact: true });
    const previous = pager(page).getByRole('button', { name: say('PreviousPage'), exact: true });
    const turns = [];
    let turn;
    if (await next.isEnabled()) {
      out.turn_kind = 'Next';
      // Onwards while there are pages; with fewer than TURNS + 1, back and forth at the end.
      turn = async () => {
        const forward = await next.isEnabled();
        return view(page, net, say(forward ? 'NextPage' : 'PreviousPage'), () => (forward ? next : previous).click());
      };
    } else {
      // Ten images fit the default page of 25: there is no Next. The closest list reload a
      // user can make there is a column sort (a navigation, a Glance request, a new table).
      out.turn_kind = 'name sort';
      const nameSort = page.getByRole('columnheader', { name: /^Name/ }).getByRole('button');
      turn = () => view(page, net, null, () => nameSort.click());
    }
    while (turns.length < TURNS) {
      turns.push(await turn());
      if (turns.length === 1 && out.turn_kind === 'Next') out.next = turns[0];
      // Half way too: growth that stops after the first turns is warm-up, growth that goes
      // on is kept per turn.
      if (turns.length === Math.floor(TURNS / 2)) out.memory.push(await memory(page, cdp));
    }
    out.turns_ms = turns.map((t) => t.ms);
    out.turn_requests = tallyTurns(turns.map((t) => t.requests));
    out.memory.push(await memory(page, cdp));

    // The filter: the form's code is loaded on opening, before the timed Apply.
    await openFilters(page);
    await net.settle();
    await page.getByRole('textbox', { name: say('FilterTags'), exact: true }).fill(FILTER_TAG);
    out.filter = await view(page, net, say('Apply'), () => button(page, 'Apply').click());
    if (!out.filter.key.includes(`tag=${FILTER_TAG}`)) throw new Error(`the filter's view is ${out.filter.key}`);
    out.errors = errors;
    return out;
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- runs and report

const portal = await startPortal();
const browser = portal.page.context().browser();
const measured = {};
try {
  // Interleaved, so that a change in the machine's load during the runs falls on both.
  measured.small = [];
  measured.large = [];
  for (let i = 0; i < RUNS; i++) {
    for (const key of ['small', 'large']) measured[key].push(await run(browser, portal.base, PROJECTS[key].name));
  }
} finally {
  portal.errors.length = 0;
  await portal.close();
}

const figures = { runs: RUNS, turns: TURNS, dist: env.dist, filter: `tag=${FILTER_TAG} (filter form, Apply)`, seeding };
const SAMPLES = ['login', `${Math.floor(TURNS / 2)} turns`, `${TURNS} turns`];
for (const key of ['small', 'large']) {
  const runs = measured[key];
  const pick = (f) => median(runs.map(f).filter((x) => x !== undefined && x !== null));
  figures[key] = {
    project: PROJECTS[key].name,
    images: PROJECTS[key].images,
    login_ms: pick((r) => r.login.ms),
    next_ms: pick((r) => r.next?.ms),
    filter_ms: pick((r) => r.filter.ms),
    login_list_ms: pick((r) => r.login.list_ms),
    next_list_ms: pick((r) => r.next?.list_ms),
    filter_list_ms: pick((r) => r.filter.list_ms),
    turn_kind: runs[0].turn_kind,
    turn_median_ms: median(runs.flatMap((r) => r.turns_ms)),
    memory: SAMPLES.map((at, i) => ({
      at,
      js_heap_mib: pick((r) => r.memory[i].js_heap_mib),
      wasm_mib: pick((r) => r.memory[i].wasm_mib),
      nodes: pick((r) => r.memory[i].nodes),
      listeners: pick((r) => r.memory[i].listeners),
    })),
    // Per view, the requests of each run; runs normally agree, and the report says when not.
    requests: Object.fromEntries(['login', 'next', 'filter', 'turns'].map((v) =>
      [v, runs.map((r) => (v === 'turns' ? r.turn_requests : r[v]?.requests) ?? null)])),
    page_errors: runs.flatMap((r) => r.errors),
  };
}
const ratio = (k) => (figures.small[k] && figures.large[k] ? figures.large[k] / figures.small[k] : null);
figures.ratio = {
  login: ratio('login_ms'), next: ratio('next_ms'), filter: ratio('filter_ms'),
  login_list: ratio('login_list_ms'), next_list: ratio('next_list_ms'), filter_list: ratio('filter_list_ms'),
};
// A sort toggle and a Next are different views: their ratio would mean nothing.
if (figures.small.turn_kind === figures.large.turn_kind) figures.ratio.turn = ratio('turn_median_ms');

const S = figures.small;
const L = figures.large;
const ms = (x) => (x === null ? 'n/a' : x.toFixed(0));
const rat = (x) => (x === null || x === undefined ? 'n/a' : `${x.toFixed(2)}×`);
const col = (a, b, c, d = '') => `  ${a.padEnd(46)}${b.padStart(18)}${c.padStart(26)}${d.padStart(8)}`;
const series = (p, f) => p.memory.map(f).join(' → ');
const turnsOf = (p) => (p.turn_kind === 'Next' ? 'Next' : 'name sort asc/desc: one page, no Next');
const lines = [
  '',
  `image list at scale: ${S.images} vs ${L.images} images (median of ${RUNS} runs, a fresh context each; ${env.dist})`,
  `  goal: ${L.images} within 1.1× of ${S.images}; memory flat over ${TURNS} page turns`,
  col('time (ms)', `${S.images} images`, `${L.images} images`, 'ratio'),
  col('login submit → first page rendered', ms(S.login_ms), ms(L.login_ms), rat(figures.ratio.login)),
  col('  of which Glance answering GET /v2/images', ms(S.login_list_ms), ms(L.login_list_ms), rat(figures.ratio.login_list)),
  col('Next → next page rendered', S.next_ms === null ? 'n/a (1 page)' : ms(S.next_ms), ms(L.next_ms), rat(figures.ratio.next)),
  col('  of which Glance answering GET /v2/images', S.next_ms === null ? 'n/a' : ms(S.next_list_ms), ms(L.next_list_ms), rat(figures.ratio.next_list)),
  col(`filter tag=${FILTER_TAG} (form's Apply) → rendered`, ms(S.filter_ms), ms(L.filter_ms), rat(figures.ratio.filter)),
  col('  of which Glance answering GET /v2/images', ms(S.filter_list_ms), ms(L.filter_list_ms), rat(figures.ratio.filter_list)),
  col(`a turn, median of ${TURNS} × ${RUNS}`, ms(S.turn_median_ms), ms(L.turn_median_ms), rat(figures.ratio.turn)),
  `    turns: ${S.images} images: ${turnsOf(S)}; ${L.images} images: ${turnsOf(L)}`,
  col(`memory: ${SAMPLES.join(' → ')}`, `${S.images} images`, `${L.images} images`),
  col('JS heap (MiB, after GC)', series(S, (m) => m.js_heap_mib.toFixed(2)), series(L, (m) => m.js_heap_mib.toFixed(2))),
  col('wasm memory (MiB)', series(S, (m) => m.wasm_mib.toFixed(2)), series(L, (m) => m.wasm_mib.toFixed(2))),
  col('DOM nodes', series(S, (m) => m.nodes), series(L, (m) => m.nodes)),
  col('JS event listeners', series(S, (m) => m.listeners), series(L, (m) => m.listeners)),
  'requests per view to Keystone and Glance (method + path without query)',
];
const requestText = (list) => list.map((r) => `${r.what}${r.count > 1 ? ` ×${r.count}` : ''}${r.duplicate ? `  <- DUPLICATE in one view (${r.duplicate})` : ''}`);
for (const key of ['small', 'large']) {
  for (const v of ['login', 'next', 'filter', 'turns']) {
    const perRun = figures[key].requests[v];
    const name = v === 'turns' ? `all ${TURNS} turns together` : v;
    if (perRun.every((r) => r === null)) { lines.push(`  ${figures[key].images} images, ${name}: n/a`); continue; }
    const distinct = [...new Set(perRun.map((r) => JSON.stringify(r)))];
    const total = JSON.parse(distinct[0]).reduce((n, r) => n + r.count, 0);
    lines.push(`  ${figures[key].images} images, ${name} (${total} requests${distinct.length > 1 ? `; the runs differ: ${distinct.length} variants` : ''}):`);
    for (const d of distinct) {
      if (distinct.length > 1) lines.push('    variant:');
      for (const text of requestText(JSON.parse(d))) lines.push(`    ${text}`);
    }
  }
}
const problems = [...S.page_errors, ...L.page_errors];
if (problems.length) lines.push(`page errors: ${problems.join(' | ')}`);
console.log(lines.join('\n'));
console.log(JSON.stringify(figures));
