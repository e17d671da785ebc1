// End-to-end: login (three ways, and a wrong password), the image list with paging, filters,
// sort, reload, back/forward, language switch, project switch, session expiry and logout —
// in Debian's headless Chromium against the built portal and the real dev cloud.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  env, startPortal, eventually, issueToken, api, deleteOwnImages, pool, logIn, rowNames,
} from './harness.mjs';

let portal;
let page;
let demo; // { token, body } from Keystone directly, for seeding and checks
const IMAGE_COUNT = 120;
// A stuck step fails its test instead of hanging the suite.
const test = (name, fn) => nodeTest(name, { timeout: 120_000 }, fn);
const name = (i) => `e2e-img-${String(i).padStart(3, '0')}`;

const rows = () => page.locator('.gp-table__row');
const pageLabel = () => page.locator('.gp-pager__page').innerText();
const heading = () => page.locator('#gp-images-title').innerText();

before(async () => {
  demo = await issueToken('demo');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  portal = await startPortal();
  page = portal.page;
});

after(async () => {
  await portal?.close();
});

test('a wrong password gives a clear error with status and request id', async () => {
  await page.goto(portal.base + '/images');
  await logIn(page, 'demo', 'not-the-password');
  const error = page.locator('.gp-error');
  await error.waitFor();
  assert.match(await error.innerText(), /Login failed/);
  assert.equal(await page.locator('.gp-error__status').innerText(), '401');
  assert.match(await page.locator('.gp-error__request-id').innerText(), /^req-/);
  assert.match(await page.locator('.gp-login__hint').innerText(), /Check the user name, password/);
  // Nothing is lost: the form keeps what was typed (except that the password may be retyped).
  assert.equal(await page.inputValue('#login-user'), 'demo');
});

test('demo logs in and sees the designed empty state', async () => {
  await page.fill('#login-password', env.passwords.demo);
  await page.click('.gp-login__submit');
  await page.locator('[data-empty="no-images"]').waitFor();
  assert.equal(await heading(), 'Images');
  assert.match(await page.locator('.gp-header__user').innerText(), /demo/);
  // The token lives in sessionStorage only.
  const stored = await page.evaluate(() => ({
    session: sessionStorage.getItem('gp.session'),
    local: JSON.stringify(localStorage),
  }));
  assert.ok(JSON.parse(stored.session).token.length > 20);
  assert.ok(!stored.local.includes(JSON.parse(stored.session).token), 'token leaked to localStorage');
  assert.ok(!stored.local.includes(env.passwords.demo), 'password leaked to localStorage');
  // The configured Keystone URL is not pinned in localStorage: a later config.json change
  // must still reach this browser.
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('gp.login'))).auth_url, '');
});

test('seeded images page through at 50 per page without gaps or repeats', async () => {
  const created = await pool([...Array(IMAGE_COUNT).keys()], 4, async (i) => {
    const { status, json } = await api(env.glance, demo.token, 'POST', '/v2/images', {
      name: name(i), disk_format: 'raw', container_format: 'bare', visibility: 'private',
      tags: i % 10 === 0 ? ['e2e', 'tenth'] : ['e2e'],
    });
    assert.equal(status, 201);
    return json.id;
  });
  // Three images get data and become active; the rest stay queued.
  for (const id of created.slice(0, 3)) {
    const up = await api(env.glance, demo.token, 'PUT', `/v2/images/${id}/file`,
      Buffer.alloc(4096, 7), 'application/octet-stream');
    assert.equal(up.status, 204, up.text);
  }
  await page.click('#gp-refresh');
  await eventually(async () => assert.equal(await rows().count(), 25));
  await page.selectOption('.gp-pager__size select', '50');
  await eventually(async () => {
    assert.equal(await rows().count(), 50);
    assert.equal(await pageLabel(), 'Page 1');
  });
  assert.match(page.url(), /limit=50/);
  const seen = new Set(await rowNames(page));
  await page.click('.gp-pager__next');
  await eventually(async () => assert.equal(await pageLabel(), 'Page 2'));
  await eventually(async () => assert.equal(await rows().count(), 50));
  (await rowNames(page)).forEach((n) => seen.add(n));
  await page.click('.gp-pager__next');
  await eventually(async () => {
    assert.equal(await pageLabel(), 'Page 3');
    assert.equal(await rows().count(), 20);
  });
  (await rowNames(page)).forEach((n) => seen.add(n));
  assert.equal(seen.size, IMAGE_COUNT, 'every image exactly once across the pages');
  assert.ok(await page.locator('.gp-pager__next').isDisabled(), 'no next page after the last');
  await page.click('.gp-pager__prev');
  await eventually(async () => {
    assert.equal(await pageLabel(), 'Page 2');
    assert.equal(await rows().count(), 50);
  });
  // Browser back returns to page 3, forward again to page 2: history is the URL.
  await page.goBack();
  await eventually(async () => assert.equal(await pageLabel(), 'Page 3'));
  await page.goForward();
  await eventually(async () => assert.equal(await pageLabel(), 'Page 2'));
});

test('a trailing empty page says there are no more images and leads back', async () => {
  // Exactly one full page: Glance still links a next page, which comes back empty.
  const full = [...Array(25).keys()].map(name).join(',');
  await page.goto(portal.base + '/images?name=' + encodeURIComponent('in:' + full));
  await eventually(async () => assert.equal(await rows().count(), 25));
  assert.ok(await page.locator('.gp-pager__next').isEnabled());
  await page.click('.gp-pager__next');
  await page.locator('[data-empty="no-more"]').waitFor();
  assert.equal(await page.locator('[data-empty="no-images"]').count(), 0);
  assert.ok(await page.locator('.gp-pager__next').isDisabled(), 'no next page after the end');
  await page.click('#gp-back-to-first');
  await eventually(async () => {
    assert.equal(await pageLabel(), 'Page 1');
    assert.equal(await rows().count(), 25);
  });
  assert.doesNotMatch(page.url(), /marker=/);
});

test('an exact name filter may start with "in:" or hold a colon', async () => {
  const odd = ['in:' + name(1), 'e2e:colon'];
  const ids = [];
  try {
    for (const n of odd) {
      const { status, json } = await api(env.glance, demo.token, 'POST', '/v2/images', {
        name: n, disk_format: 'raw', container_format: 'bare',
      });
      assert.equal(status, 201);
      ids.push(json.id);
    }
    await page.goto(portal.base + '/images');
    await eventually(async () => assert.ok((await rows().count()) > 0));
    await page.click('.gp-filters__summary');
    for (const n of odd) {
      await page.fill('#f-name', n);
      await page.click('.gp-filters__actions button[type="submit"]');
      await eventually(async () => assert.deepEqual(await rowNames(page), [n]));
      // The portal's URL uses Glance's syntax, so the exact name carries the eq: operator.
      assert.match(page.url(), /name=eq%3A/);
      await page.reload();
      await eventually(async () => assert.deepEqual(await rowNames(page), [n]));
      assert.equal(await page.inputValue('#f-name'), n);
    }
  } finally {
    for (const id of ids) await api(env.glance, demo.token, 'DELETE', `/v2/images/${id}`);
  }
  // The next tests start from the unfiltered list at 50 per page.
  await page.goto(portal.base + '/images?limit=50');
  await eventually(async () => assert.equal(await rows().count(), 50));
});

test('sorting by name works both ways and resets to page 1', async () => {
  await page.click('button[data-sort="name"]');
  await eventually(async () => {
    assert.equal(await pageLabel(), 'Page 1');
    assert.deepEqual((await rowNames(page)).slice(0, 3), [name(0), name(1), name(2)]);
  });
  assert.equal(await page.getAttribute('th.gp-col-name', 'aria-sort'), 'ascending');
  await page.click('button[data-sort="name"]');
  await eventually(async () =>
    assert.deepEqual((await rowNames(page)).slice(0, 2), [name(IMAGE_COUNT - 1), name(IMAGE_COUNT - 2)]));
  assert.equal(await page.getAttribute('th.gp-col-name', 'aria-sort'), 'descending');
  const names = await rowNames(page);
  assert.deepEqual(names, [...names].sort().reverse());
});

test('filter by status, then by tag; reload reproduces the view', async () => {
  const filters = page.locator('details.gp-filters');
  if (!(await filters.getAttribute('open'))) await page.click('.gp-filters__summary');
  await page.selectOption('#f-status', 'active');
  await page.click('.gp-filters__actions button[type="submit"]');
  await eventually(async () => assert.equal(await rows().count(), 3));
  const statuses = await page.locator('.gp-table__row .gp-badge').evaluateAll((els) => els.map((e) => e.dataset.status));
  assert.deepEqual(statuses, ['active', 'active', 'active']);
  assert.match(page.url(), /status=active/);

  await page.selectOption('#f-status', []);
  await page.fill('#f-tags', 'tenth');
  await page.click('.gp-filters__actions button[type="submit"]');
  await eventually(async () => assert.equal(await rows().count(), IMAGE_COUNT / 10));
  const tagged = await rowNames(page);
  assert.ok(tagged.every((n) => Number(n.slice(-3)) % 10 === 0), tagged.join());
  const url = page.url();
  assert.match(url, /tag=tenth/);
  assert.doesNotMatch(url, /status=/);

  await page.reload();
  await eventually(async () => assert.deepEqual(await rowNames(page), tagged));
  assert.equal(page.url(), url);
  assert.equal(await page.inputValue('#f-tags'), 'tenth');

  // A copied link opens the same view in a fresh tab, after that tab's own login (the token
  // is per tab, in sessionStorage).
  const other = await page.context().newPage();
  await other.goto(url);
  await other.locator('.gp-login').waitFor();
  await other.fill('#login-password', env.passwords.demo);
  await other.click('.gp-login__submit');
  await eventually(async () => assert.deepEqual(await rowNames(other), tagged));
  assert.equal(other.url(), url);
  await other.close();

  // The page-local search narrows what is loaded, and says so; it leaves unapplied filter
  // edits alone.
  await page.fill('#f-owner', 'unapplied');
  await page.fill('#gp-search', '-040');
  await eventually(async () => assert.deepEqual(await rowNames(page), [name(40)]));
  assert.equal(await page.inputValue('#f-owner'), 'unapplied');
  await page.fill('#f-owner', '');
  assert.match(await page.locator('#gp-search-hint').innerText(), /only the 12 images loaded on this page/);
  await page.fill('#gp-search', 'no-such-image');
  await page.locator('[data-empty="no-search-match"]').waitFor();
  await page.fill('#gp-search', '');

  // A filter that matches nothing offers to clear it.
  await page.fill('#f-tags', 'no-such-tag');
  await page.click('.gp-filters__actions button[type="submit"]');
  await page.locator('[data-empty="no-match"]').waitFor();
  await page.click('[data-empty="no-match"] button');
  await eventually(async () => assert.equal(await rows().count(), 50));
});

test('bad values in the URL are reported, not silently dropped', async () => {
  await page.goto(portal.base + '/images?limit=7&sort_key=owner&status=active');
  await eventually(async () => assert.equal(await rows().count(), 3));
  const notices = await page.locator('.gp-notices li').allInnerTexts();
  assert.equal(notices.length, 2, notices.join('\n'));
  assert.match(notices.join('\n'), /limit/);
  assert.match(notices.join('\n'), /sort_key/);
});

test('the language switches at runtime and is remembered', async () => {
  await page.selectOption('#gp-lang', 'zh-CN');
  await eventually(async () => assert.equal(await heading(), '镜像'));
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.locator('.gp-pager__page').innerText(), /第 1 页/);
  assert.equal(await page.getAttribute('.gp-pager', 'aria-label'), '分页');
  await page.reload();
  await eventually(async () => assert.equal(await heading(), '镜像'));
  await page.selectOption('#gp-lang', 'en');
  await eventually(async () => assert.equal(await heading(), 'Images'));
});

test('clicking a row opens the image; an unknown id shows Glance\'s 404', async () => {
  await page.goto(portal.base + '/images?sort_key=name&sort_dir=asc');
  await eventually(async () => assert.equal((await rowNames(page))[0], name(0)));
  await rows().first().locator('.gp-col-size').click();
  await page.locator('.gp-detail__name').waitFor();
  assert.equal(await page.locator('.gp-detail__name').innerText(), name(0));
  assert.match(page.url(), /\/images\/[0-9a-f-]{36}$/);
  assert.match(await page.locator('[data-key="checksum"] .gp-props__text').innerText(), /^[0-9a-f]{32}$/);
  await page.goto(portal.base + '/images/00000000-0000-0000-0000-000000000000');
  await page.locator('.gp-error').waitFor();
  assert.equal(await page.locator('.gp-error__status').innerText(), '404');
  assert.match(await page.locator('.gp-error__message').innerText(), /No image found/);
});

test('a revoked token brings the login back, then the same page', async () => {
  const url = portal.base + '/images?tag=tenth&sort_key=name&sort_dir=asc';
  await page.goto(url);
  await eventually(async () => assert.equal(await rows().count(), 12));
  // The README's screenshot comes from here (copied by hand from target/).
  await page.screenshot({ path: new URL('../../target/e2e-screenshots/image-list.png', import.meta.url).pathname });
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gp.session')).token);
  const revoke = await api(env.keystone, demo.token, 'DELETE', '/auth/tokens', undefined,
    undefined, { 'x-subject-token': token });
  assert.equal(revoke.status, 204);
  await page.click('#gp-refresh');
  await page.locator('.gp-login').waitFor();
  assert.match(await page.locator('.gp-notice--warn').innerText(), /session has ended/);
  assert.equal(page.url(), url, 'the URL is kept while logging in again');
  // Remembered fields are prefilled; only the password is asked again.
  assert.equal(await page.inputValue('#login-user'), 'demo');
  await page.fill('#login-password', env.passwords.demo);
  await page.click('.gp-login__submit');
  await eventually(async () => assert.equal(await rows().count(), 12));
  assert.equal(page.url(), url);
});

test('an application credential and a pasted token both log in', async () => {
  const userId = demo.body.token.user.id;
  const cred = await api(env.keystone, demo.token, 'POST', `/users/${userId}/application_credentials`,
    { application_credential: { name: `e2e-${Date.now()}` } });
  assert.equal(cred.status, 201, cred.text);
  const { id, secret } = cred.json.application_credential;

  await page.click('#gp-logout');
  await page.locator('.gp-login').waitFor();
  await page.locator('#m-appcred').check();
  await page.fill('#login-appcred-id', id);
  await page.fill('#login-appcred-secret', secret);
  await page.click('.gp-login__submit');
  await page.locator('.gp-header__user').waitFor();
  await eventually(async () => assert.ok((await rows().count()) > 0));

  await page.click('#gp-logout');
  await page.locator('.gp-login').waitFor();
  const pasted = await issueToken('demo');
  await page.locator('#m-token').check();
  await page.fill('#login-token', pasted.token);
  await page.click('.gp-login__submit');
  await eventually(async () => assert.ok((await rows().count()) > 0));
  const inUse = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gp.session')).token);
  assert.equal(inUse, pasted.token);
  await api(env.keystone, demo.token, 'DELETE', `/users/${userId}/application_credentials/${id}`);
});

test('the project switcher rescopes the token', async () => {
  const admin = await issueToken('admin');
  const alt = (await api(env.keystone, admin.token, 'GET', '/projects?name=alt')).json.projects[0];
  const member = (await api(env.keystone, admin.token, 'GET', '/roles?name=member')).json.roles[0];
  const grant = await api(env.keystone, admin.token, 'PUT',
    `/projects/${alt.id}/users/${demo.body.token.user.id}/roles/${member.id}`);
  assert.equal(grant.status, 204, grant.text);
  try {
    await page.goto(portal.base + '/images?tag=e2e');
    await eventually(async () => {
      const options = await page.locator('#gp-project option').allInnerTexts();
      assert.deepEqual(options.sort(), ['alt', 'demo']);
    });
    await page.click('.gp-pager__next');
    await eventually(async () => assert.equal(await pageLabel(), 'Page 2'));
    await page.selectOption('#gp-project', alt.id);
    await eventually(async () => {
      const s = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gp.session')));
      assert.equal(s.project_name, 'alt');
    });
    // The switch goes back to the first page (demo's marker means nothing to alt), keeping
    // the filters; demo's private images are not visible from alt.
    await page.locator('[data-empty="no-match"]').waitFor();
    assert.equal(await page.locator('.gp-error').count(), 0);
    assert.doesNotMatch(page.url(), /marker=/);
    assert.match(page.url(), /tag=e2e/);
    await page.selectOption('#gp-project', { label: 'demo' });
    await eventually(async () => assert.equal(await rows().count(), 25));
  } finally {
    await api(env.keystone, admin.token, 'DELETE',
      `/projects/${alt.id}/users/${demo.body.token.user.id}/roles/${member.id}`);
  }
});

test('logout revokes the token: reusing it gets 401', async () => {
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gp.session')).token);
  assert.equal((await api(env.glance, token, 'GET', '/v2/images?limit=1')).status, 200);
  await page.click('#gp-logout');
  await page.locator('.gp-login').waitFor();
  assert.match(await page.locator('.gp-toast').innerText(), /token was revoked/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('gp.session')), null);
  await eventually(async () =>
    assert.equal((await api(env.glance, token, 'GET', '/v2/images?limit=1')).status, 401));
});
