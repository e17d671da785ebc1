// Command (1), `scripts/dev.sh`, run the way a person runs it: in a fresh copy of the working
// tree with no dev cloud state, waiting for the URL it prints, logging in through trunk's own
// proxy, using the portal for a while, then editing a source file. It asserts that the page
// did not reload and trunk did not rebuild while the dev cloud wrote its logs and databases
// (the bug this guards: trunk watched the whole tree, `.devcloud/` included), and that one
// source edit gives exactly one rebuild and one reload. Everything it started is stopped by pid.
//
// scripts/test.sh runs this file in a private network namespace, so command (1) keeps its real
// ports (8080, 5000, 9292) without touching a dev portal the developer may have running.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(new URL('../../scripts/tools/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
// Under target/ so it is ignored by git and its own cargo target/ stays warm between runs.
const COPY = path.join(ROOT, 'target', 'dev-command', 'portal');
const PORTAL = 'http://127.0.0.1:8080';
// A cold debug build of the app and the worker on a 2-core machine takes minutes.
const FIRST_BUILD_MS = 20 * 60_000;
const USE_FOR_MS = 30_000;

let dev; // the spawned scripts/dev.sh (it execs trunk, so its pid is trunk's)
let output = ''; // everything command (1) printed, ANSI colours removed
let browser;
let page;
let loads = 0; // 'load' events of the page: the first visit, then one per reload

const applied = () => (output.match(/applying new distribution/g) || []).length;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check()` is truthy, or fails with `what` and the tail of command (1)'s output. */
async function waitFor(what, check, timeoutMs) {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    // trunk keeps serving after a failed build; its error is the answer, not a timeout.
    if (/error from build pipeline/.test(output)) assert.fail(`${what}: trunk's build failed\n${output.slice(-4000)}`);
    if (dev.exitCode !== null) assert.fail(`${what}: scripts/dev.sh exited with ${dev.exitCode}\n${output.slice(-4000)}`);
    if (Date.now() - start > timeoutMs) assert.fail(`${what}: not within ${timeoutMs / 1000} s\n${output.slice(-4000)}`);
    await sleep(250);
  }
}

/** Copies the working tree (tracked and untracked, minus what git ignores) into COPY. */
function copyWorkingTree() {
  fs.mkdirSync(COPY, { recursive: true });
  // Keep the copy's own target/ (build cache); everything else is replaced, state included.
  for (const entry of fs.readdirSync(COPY)) {
    if (entry !== 'target') fs.rmSync(path.join(COPY, entry), { recursive: true, force: true });
  }
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT })
    .toString().split('\0').filter((f) => f && fs.existsSync(path.join(ROOT, f)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(COPY, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(COPY, file));
  }
  // The installed tools are shared, so bootstrap finds them and skips (as on a warm machine):
  // the venv of the dev cloud and the npm tools.
  fs.symlinkSync(path.join(ROOT, '.tools'), path.join(COPY, '.tools'));
  fs.symlinkSync(path.join(ROOT, 'scripts/tools/node_modules'), path.join(COPY, 'scripts/tools/node_modules'));
}

/** GET or POST through trunk's proxy, as the page does; resolves to { status, json }. */
function viaProxy(method, pathAndQuery, token, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { 'x-auth-token': token, ...(payload ? { 'content-type': 'application/json' } : {}) };
    const req = http.request(PORTAL + pathAndQuery, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const bytesUnder = (dir) => fs.readdirSync(dir, { recursive: true })
  .map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile())
  .reduce((sum, f) => sum + fs.statSync(f).size, 0);

/** Pids named by the dev cloud's pid files. */
const cloudPids = () => {
  const run = path.join(COPY, '.devcloud', 'run');
  if (!fs.existsSync(run)) return [];
  return fs.readdirSync(run).filter((f) => f.endsWith('.pid'))
    .map((f) => Number(fs.readFileSync(path.join(run, f), 'utf8').trim())).filter(Boolean);
};
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

before(async () => {
  copyWorkingTree();
  assert.ok(!fs.existsSync(path.join(COPY, '.devcloud')), 'the copy starts with no dev cloud state');
  dev = spawn('scripts/dev.sh', [], {
    cwd: COPY,
    detached: true, // its own process group, so a straggler can be found and stopped
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GP_STATE_DIR: '', GP_KEYSTONE_PORT: '', GP_GLANCE_PORT: '' },
  });
  const log = fs.createWriteStream(path.join(ROOT, 'target', 'dev-command', 'dev.log'));
  for (const stream of [dev.stdout, dev.stderr]) {
    stream.on('data', (chunk) => {
      log.write(chunk);
      output += chunk.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '');
    });
  }
});

after(async () => {
  await browser?.close();
  const pids = cloudPids();
  if (dev && dev.exitCode === null) {
    process.kill(dev.pid, 'SIGINT'); // Ctrl-C, as a person stops it
    const deadline = Date.now() + 15_000;
    while (dev.exitCode === null && Date.now() < deadline) await sleep(100);
    if (dev.exitCode === null) process.kill(-dev.pid, 'SIGKILL');
  }
  // The cloud outlives Ctrl-C by design; the README's stop command ends it, by its pid files.
  execFileSync('scripts/devcloud.sh', ['stop'], { cwd: COPY, stdio: 'inherit', env: { ...process.env, GP_STATE_DIR: '' } });
  const left = [dev?.pid, ...pids].filter((pid) => pid && alive(pid));
  assert.deepEqual(left, [], 'processes command (1) started are still running');
});

test('command (1) prints the URL and credentials, and serves the portal once built', async () => {
  const printed = await waitFor('the URL and the demo password', () =>
    output.match(/Glance Portal:\s+(http:\/\/\S+)[\s\S]*user demo, password (\S+), project demo/), 10 * 60_000);
  assert.equal(printed[1].replace(/\/$/, ''), PORTAL);
  process.env.GP_DEV_DEMO_PASSWORD = printed[2];
  await waitFor('the first build', () => applied() >= 1, FIRST_BUILD_MS);
  assert.equal(applied(), 1, 'one build at start');
});

test('logged in and in use, the page stays put and trunk does not rebuild', async () => {
  browser = await chromium.launch({
    executablePath: process.env.GP_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  page.setDefaultTimeout(20_000);
  page.on('load', () => { loads += 1; });
  await page.goto(PORTAL + '/images');
  // Through trunk's proxy: config.json's /identity/v3 and the /image override (Trunk.toml).
  await page.locator('#m-password').check();
  await page.fill('#login-user', 'demo');
  await page.fill('#login-password', process.env.GP_DEV_DEMO_PASSWORD);
  await page.fill('#login-project', 'demo');
  await page.click('.gp-login__submit');
  await page.locator('.gp-header__user').waitFor();
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gp.session')).token);
  // A value on window survives only as long as the document: a reload would drop it.
  await page.evaluate(() => { window.gpStayedPut = true; });

  const stateDir = path.join(COPY, '.devcloud');
  const stateBefore = bytesUnder(stateDir);
  const start = Date.now();
  let created = 0;
  for (let round = 0; Date.now() - start < USE_FOR_MS; round++) {
    // Writes (Glance's sqlite and logs) and reads through the proxy, then the page's own.
    const made = await viaProxy('POST', '/image/v2/images', token, {
      name: `dev-command-${round}`, disk_format: 'raw', container_format: 'bare',
    });
    assert.equal(made.status, 201, made.text);
    created += 1;
    assert.equal((await viaProxy('GET', '/image/v2/images?limit=5', token)).status, 200);
    // In-app navigation only (a page.goto would itself be a load): away and back, so the
    // list is fetched again and holds the new image.
    await page.click('#gp-nav-shared');
    await page.waitForURL(/\/shared/);
    await page.click('.gp-header__nav a[href="/images"]');
    await page.locator(`.gp-table__link:text-is("dev-command-${round}")`).click();
    await page.locator(`.gp-detail__name:text-is("dev-command-${round}")`).waitFor();
    await page.goBack();
    await page.locator('.gp-table__link').first().waitFor();
    await sleep(500);
  }
  // Non-source files a developer or a tool writes beside the sources.
  fs.appendFileSync(path.join(COPY, 'README.md'), '\nA note that is not source.\n');
  fs.mkdirSync(path.join(COPY, 'tests', 'e2e', 'screenshots'), { recursive: true });
  fs.writeFileSync(path.join(COPY, 'tests', 'e2e', 'screenshots', 'dev-command.txt'), 'test output');
  await sleep(3_000); // longer than trunk's debounce and cooldown

  assert.ok(created >= 3, `the portal was used (${created} images created)`);
  assert.ok(bytesUnder(stateDir) > stateBefore, 'the dev cloud wrote its state meanwhile (the old trigger)');
  assert.equal(applied(), 1, `trunk rebuilt while the portal was in use:\n${output.slice(-2000)}`);
  assert.equal(loads, 1, 'the page reloaded while in use');
  assert.equal(await page.evaluate(() => window.gpStayedPut === true), true, 'the document was replaced');
});

test('one source edit gives one rebuild and one reload', async () => {
  fs.appendFileSync(path.join(COPY, 'src', 'app.rs'), '\n// Edited by the dev-command test.\n');
  await waitFor('the rebuild after a source edit', () => applied() >= 2, 10 * 60_000);
  await waitFor('the reload after the rebuild', () => loads >= 2, 60_000);
  await sleep(5_000); // a rebuild loop (the build's own writes retriggering it) would show here
  assert.equal(applied(), 2, 'exactly one rebuild');
  assert.equal(loads, 2, 'exactly one reload');
  // The reloaded page still works: the session survives in sessionStorage.
  await page.locator('.gp-header__user').waitFor();
});
