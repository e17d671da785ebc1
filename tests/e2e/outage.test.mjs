// End-to-end faults: Glance, then Keystone, stopped in the middle of a session (their
// gunicorn masters killed by pid) and started again. The page shows the outage with the
// status and a Retry (not a blank page or a spinner forever), and once the service is back
// the next action works without reloading the page.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { env, test, loggedIn, eventually, issueToken, api, say, button, definition } from './harness.mjs';

const slow = { timeout: 180_000 };
const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);

const NAME = `outage-survivor-${Date.now()}`;

/** Stops one of the test cloud's services by its pid file and waits until it is gone. */
async function stopService(name) {
  const pidFile = path.join(process.env.GP_STATE_DIR, 'run', `${name}.pid`);
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  process.kill(pid, 'SIGTERM');
  await eventually(() => assert.throws(() => process.kill(pid, 0)), 30_000);
}
/** Starts whatever of the test cloud is not running (devcloud.sh start is idempotent). */
const startCloud = () => execFileSync(path.join(ROOT, 'scripts/devcloud.sh'), ['start'], { stdio: 'inherit' });

before(async () => {
  const demo = await issueToken('demo');
  const made = await api(env.glance, demo.token, 'POST', '/v2/images',
    { name: NAME, disk_format: 'raw', container_format: 'bare' });
  assert.equal(made.status, 201, made.text);
});

after(() => {
  startCloud(); // whatever happened above, the suites after this one need the cloud
});

/** demo logged in on the image list, in a document marked so that a reload would show. */
async function session(t) {
  const { page } = await loggedIn(t, 'demo');
  // Lives as long as the document: a reload would drop it.
  await page.evaluate(() => { window.gpNoReload = true; });
  return page;
}
/** Goes to "Shared with me" and back to the list, in the app (the list asks Glance again). */
async function backToList(page) {
  const nav = page.getByRole('navigation', { name: say('MainNav') });
  await nav.getByRole('link', { name: say('NavShared'), exact: true }).click();
  await nav.getByRole('link', { name: say('NavImages'), exact: true }).click();
}
const survivor = (page) => page.getByRole('link', { name: NAME, exact: true });

test('glance stopped mid-session: the outage is shown, and after it the next action works without a reload', slow, async (t) => {
  const page = await session(t);
  let error;
  await stopService('glance');
  try {
    // An in-app navigation asks Glance for the list; nginx answers 502 for it.
    await backToList(page);
    error = page.getByRole('main').getByRole('alert').filter({ hasText: say('HttpStatus') }).first();
    await error.waitFor();
    assert.equal(await definition(error, say('HttpStatus')).innerText(), '502');
    assert.equal(await page.getByRole('status').filter({ hasText: say('Loading') }).count(), 0, 'no spinner left waiting');
    assert.ok(await button(page, 'Logout').isVisible(), 'still logged in');
  } finally {
    startCloud();
  }
  await button(error, 'Retry').click();
  await survivor(page).waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.gpNoReload), true, 'the page was not reloaded');
});

test('keystone stopped mid-session: Glance answers 401, the portal asks Keystone, shows the outage and keeps the session', slow, async (t) => {
  const page = await session(t);
  const outage = page.getByRole('alert').filter({ hasText: say('OutageKeystone') });
  await stopService('keystone');
  try {
    await backToList(page);
    // Glance cannot check the token without Keystone and answers 401 (after ~3.6 s); the
    // portal's check of the token with Keystone gets nginx's 502 instead of a verdict.
    await outage.waitFor({ timeout: 30_000 });
    assert.match(await outage.innerText(), /Keystone, the identity service, cannot be reached/);
    assert.equal(await definition(outage, say('HttpStatus')).innerText(), '502');
    assert.equal(await button(page, 'LoginSubmit').count(), 0, 'the session is kept: no login form');
    assert.ok(await button(page, 'Logout').isVisible());
  } finally {
    startCloud();
  }
  await button(outage, 'CheckAgain').click();
  await outage.waitFor({ state: 'detached' });
  await backToList(page);
  await survivor(page).waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.gpNoReload), true, 'the page was not reloaded');
});
