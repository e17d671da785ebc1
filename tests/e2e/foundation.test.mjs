// End-to-end: login (three ways, and a wrong password), the image list with paging, filters,
// sort, reload, back/forward, language switch, project switch, session expiry and logout —
// in Debian's headless Chromium against the built portal and the real dev cloud. Each test
// has its own browser context and seeds what it needs (seeded() below), in any order.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import {
  env, test, newPage, loggedIn, eventually, issueToken, api, deleteOwnImages, pool, logIn, rowNames,
  imageRows, say, sayAny, definition, openFilters, passwordField, results,
} from './harness.mjs';

let demo; // { token, body } from Keystone directly, for seeding and checks
const IMAGE_COUNT = 120;
const name = (i) => `e2e-img-${String(i).padStart(3, '0')}`;

const rows = (page) => imageRows(page);
const pager = (page) => page.getByRole('navigation', { name: say('Pagination') });
const pageLabel = (page) => pager(page).getByText(/^Page \d+$/).innerText();
const button = (page, key, ...args) => page.getByRole('button', { name: say(key, 'en', ...args), exact: true });
const next = (page) => pager(page).getByRole('button', { name: say('NextPage'), exact: true });
const field = (page, label) => page.getByRole('textbox', { name: label, exact: true });
const apply = (page) => button(page, 'Apply').click();
const heading = (page) => page.getByRole('heading', { level: 1 }).innerText();
const sessionToken = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('gp.session')).token);

before(async () => {
  demo = await issueToken('demo');
});

/**
 * Makes demo's project hold exactly the suite's images, unless it already does: IMAGE_COUNT
 * private images named name(i), tagged e2e (and tenth for every tenth), the first three
 * active with data, the rest queued.
 */
async function seeded() {
  const project = demo.body.token.project.id;
  const { json } = await api(env.glance, demo.token, 'GET', `/v2/images?owner=${project}&limit=200`);
  const names = json.images.map((i) => i.name).sort();
  const active = json.images.filter((i) => i.status === 'active').map((i) => i.name).sort();
  if (names.length === IMAGE_COUNT && names.every((n, i) => n === name(i))
    && active.join() === [0, 1, 2].map(name).join()) return;
  await deleteOwnImages(demo.token, project);
  const created = await pool([...Array(IMAGE_COUNT).keys()], 4, async (i) => {
    const { status, json: img } = await api(env.glance, demo.token, 'POST', '/v2/images', {
      name: name(i), disk_format: 'raw', container_format: 'bare', visibility: 'private',
      tags: i % 10 === 0 ? ['e2e', 'tenth'] : ['e2e'],
    });
    assert.equal(status, 201);
    return img.id;
  });
  for (const id of created.slice(0, 3)) {
    const up = await api(env.glance, demo.token, 'PUT', `/v2/images/${id}/file`,
      Buffer.alloc(4096, 7), 'application/octet-stream');
    assert.equal(up.status, 204, up.text);
  }
}

test('a wrong password gives a clear error with status and request id', async (t) => {
  const { page, base } = await newPage(t);
  await page.goto(base + '/images');
  await logIn(page, 'demo', 'not-the-password');
  const error = page.getByRole('alert').filter({ hasText: say('LoginFailed') });
  await error.waitFor();
  assert.equal(await definition(error, say('HttpStatus')).innerText(), '401');
  assert.match(await definition(error, say('RequestId')).innerText(), /^req-/);
  await page.getByText(say('LoginCheckCredentials'), { exact: true }).waitFor();
  // Nothing is lost: the form keeps what was typed (except that the password may be retyped).
  assert.equal(await field(page, say('FieldUser')).inputValue(), 'demo');
  // And the right password, retyped, logs in from there.
  await passwordField(page).fill(env.passwords.demo);
  await button(page, 'LoginSubmit').click();
  await results(page).waitFor();
});

test('demo logs in and sees the designed empty state', async (t) => {
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  const { page } = await loggedIn(t, 'demo');
  await page.getByText(say('EmptyNoImages'), { exact: true }).waitFor();
  assert.equal(await heading(page), 'Images');
  await page.getByText(say('SignedInAs', 'en', 'demo')).waitFor();
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

test('seeded images page through at 50 per page without gaps or repeats', async (t) => {
  await seeded();
  const { page } = await loggedIn(t, 'demo');
  await eventually(async () => assert.equal(await rows(page).count(), 25));
  await page.getByRole('combobox', { name: say('PageSize') }).selectOption('50');
  await eventually(async () => {
    assert.equal(await rows(page).count(), 50);
    assert.equal(await pageLabel(page), 'Page 1');
  });
  assert.match(page.url(), /limit=50/);
  const seen = new Set(await rowNames(page));
  await next(page).click();
  await eventually(async () => assert.equal(await pageLabel(page), 'Page 2'));
  await eventually(async () => assert.equal(await rows(page).count(), 50));
  (await rowNames(page)).forEach((n) => seen.add(n));
  await next(page).click();
  await eventually(async () => {
    assert.equal(await pageLabel(page), 'Page 3');
    assert.equal(await rows(page).count(), 20);
  });
  (await rowNames(page)).forEach((n) => seen.add(n));
  assert.equal(seen.size, IMAGE_COUNT, 'every image exactly once across the pages');
  assert.ok(await next(page).isDisabled(), 'no next page after the last');
  await pager(page).getByRole('button', { name: say('PreviousPage'), exact: true }).click();
  await eventually(async () => {
    assert.equal(await pageLabel(page), 'Page 2');
    assert.equal(await rows(page).count(), 50);
  });
  // Browser back returns to page 3, forward again to page 2: history is the URL.
  await page.goBack();
  await eventually(async () => assert.equal(await pageLabel(page), 'Page 3'));
  await page.goForward();
  await eventually(async () => assert.equal(await pageLabel(page), 'Page 2'));
});

test('a trailing empty page says there are no more images and leads back', async (t) => {
  await seeded();
  // Exactly one full page: Glance still links a next page, which comes back empty.
  const full = [...Array(25).keys()].map(name).join(',');
  const { page } = await loggedIn(t, 'demo', { path: '/images?name=' + encodeURIComponent('in:' + full) });
  await eventually(async () => assert.equal(await rows(page).count(), 25));
  assert.ok(await next(page).isEnabled());
  await next(page).click();
  await page.getByText(say('EmptyNoMore'), { exact: true }).waitFor();
  assert.equal(await page.getByText(say('EmptyNoImages'), { exact: true }).count(), 0);
  assert.ok(await next(page).isDisabled(), 'no next page after the end');
  await page.getByRole('link', { name: say('FirstPage'), exact: true }).click();
  await eventually(async () => {
    assert.equal(await pageLabel(page), 'Page 1');
    assert.equal(await rows(page).count(), 25);
  });
  assert.doesNotMatch(page.url(), /marker=/);
});

test('an exact name filter may start with "in:" or hold a colon', async (t) => {
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
    const { page } = await loggedIn(t, 'demo');
    await eventually(async () => assert.ok((await rows(page).count()) > 0));
    await openFilters(page);
    const nameFilter = field(page, say('FilterName'));
    for (const n of odd) {
      await nameFilter.fill(n);
      await apply(page);
      await eventually(async () => assert.deepEqual(await rowNames(page), [n]));
      // The portal's URL uses Glance's syntax, so the exact name carries the eq: operator.
      assert.match(page.url(), /name=eq%3A/);
      await page.reload();
      await eventually(async () => assert.deepEqual(await rowNames(page), [n]));
      // The filter shows as a chip; the form, opened, holds it.
      await page.getByRole('list', { name: say('ActiveFilters') }).getByText(say('ChipText', 'en', say('PropName'), n), { exact: true }).waitFor();
      await openFilters(page);
      assert.equal(await nameFilter.inputValue(), n);
    }
  } finally {
    for (const id of ids) await api(env.glance, demo.token, 'DELETE', `/v2/images/${id}`);
  }
});

test('sorting by name works both ways and resets to page 1', async (t) => {
  await seeded();
  const { page } = await loggedIn(t, 'demo', { path: '/images?limit=50' });
  await eventually(async () => assert.equal(await rows(page).count(), 50));
  const nameHeader = page.getByRole('columnheader', { name: /^Name/ });
  await nameHeader.getByRole('button').click();
  await eventually(async () => {
    assert.equal(await pageLabel(page), 'Page 1');
    assert.deepEqual((await rowNames(page)).slice(0, 3), [name(0), name(1), name(2)]);
  });
  assert.equal(await nameHeader.getAttribute('aria-sort'), 'ascending');
  await nameHeader.getByRole('button').click();
  await eventually(async () =>
    assert.deepEqual((await rowNames(page)).slice(0, 2), [name(IMAGE_COUNT - 1), name(IMAGE_COUNT - 2)]));
  assert.equal(await nameHeader.getAttribute('aria-sort'), 'descending');
  const names = await rowNames(page);
  assert.deepEqual(names, [...names].sort().reverse());
});

test('filter by status, then by tag; reload reproduces the view', async (t) => {
  await seeded();
  const { page } = await loggedIn(t, 'demo', { path: '/images?limit=50' });
  await eventually(async () => assert.equal(await rows(page).count(), 50));
  await openFilters(page);
  const status = page.getByRole('listbox', { name: say('FilterStatus'), exact: true });
  await status.selectOption('active');
  await apply(page);
  await eventually(async () => assert.equal(await rows(page).count(), 3));
  const statuses = await rows(page).locator('[data-status]').evaluateAll((els) => els.map((e) => e.dataset.status));
  assert.deepEqual(statuses, ['active', 'active', 'active']);
  assert.match(page.url(), /status=active/);

  const tags = field(page, say('FilterTags'));
  await status.selectOption([]);
  await tags.fill('tenth');
  await apply(page);
  await eventually(async () => assert.equal(await rows(page).count(), IMAGE_COUNT / 10));
  const tagged = await rowNames(page);
  assert.ok(tagged.every((n) => Number(n.slice(-3)) % 10 === 0), tagged.join());
  const url = page.url();
  assert.match(url, /tag=tenth/);
  assert.doesNotMatch(url, /status=/);

  await page.reload();
  await eventually(async () => assert.deepEqual(await rowNames(page), tagged));
  assert.equal(page.url(), url);
  await openFilters(page);
  assert.equal(await tags.inputValue(), 'tenth');

  // A copied link opens the same view in a fresh tab, after that tab's own login (the token
  // is per tab, in sessionStorage).
  const other = await page.context().newPage();
  await other.goto(url);
  await passwordField(other).fill(env.passwords.demo);
  await button(other, 'LoginSubmit').click();
  await eventually(async () => assert.deepEqual(await rowNames(other), tagged));
  assert.equal(other.url(), url);
  await other.close();

  // The page-local search narrows what is loaded, and says so; it leaves unapplied filter
  // edits alone.
  const owner = field(page, say('FilterOwner'));
  const search = page.getByRole('searchbox', { name: say('SearchPage'), exact: true });
  await owner.fill('unapplied');
  await search.fill('-040');
  await eventually(async () => assert.deepEqual(await rowNames(page), [name(40)]));
  assert.equal(await owner.inputValue(), 'unapplied');
  await owner.fill('');
  // The box's description says it searches only what is loaded.
  await eventually(async () => assert.equal(await page.locator(`#${await search.getAttribute('aria-describedby')}`).textContent(),
    say('SearchPageHint', 'en', 12)));
  await search.fill('no-such-image');
  await page.getByText(say('EmptyNoSearchMatch', 'en', 'no-such-image'), { exact: true }).waitFor();
  await search.fill('');

  // A filter that matches nothing offers to clear it.
  await tags.fill('no-such-tag');
  await apply(page);
  await page.getByText(say('EmptyNoMatch'), { exact: true }).waitFor();
  // Two buttons clear the filters: the form's, and the empty list's (the last one).
  await button(page, 'ClearFilters').last().click();
  await eventually(async () => assert.equal(await rows(page).count(), 50));
});

test('bad values in the URL are reported, not silently dropped', async (t) => {
  await seeded();
  const { page } = await loggedIn(t, 'demo', { path: '/images?limit=7&sort_key=owner&status=active' });
  await eventually(async () => assert.equal(await rows(page).count(), 3));
  const notices = await page.getByRole('listitem').filter({ hasText: sayAny('UrlProblem') }).allInnerTexts();
  assert.equal(notices.length, 2, notices.join('\n'));
  assert.match(notices.join('\n'), /limit/);
  assert.match(notices.join('\n'), /sort_key/);
});

test('the language switches at runtime and is remembered', async (t) => {
  const { page } = await loggedIn(t, 'demo');
  const language = page.getByRole('combobox', { name: say('Language') });
  await language.selectOption('zh-CN');
  await eventually(async () => assert.equal(await heading(page), '镜像'));
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  const zhPager = page.getByRole('navigation', { name: say('Pagination', 'zh-CN'), exact: true });
  await zhPager.getByText(say('PageN', 'zh-CN', 1), { exact: true }).waitFor();
  await page.reload();
  await eventually(async () => assert.equal(await heading(page), '镜像'));
  await page.getByRole('combobox', { name: say('Language', 'zh-CN') }).selectOption('en');
  await eventually(async () => assert.equal(await heading(page), 'Images'));
});

test('clicking a row opens the image; an unknown id shows Glance\'s 404', async (t) => {
  await seeded();
  const { page, base } = await loggedIn(t, 'demo', { path: '/images?sort_key=name&sort_dir=asc' });
  await eventually(async () => assert.equal((await rowNames(page))[0], name(0)));
  // A click anywhere on the row, not only on the name's link.
  await rows(page).first().getByRole('cell', { name: '4.0 KiB', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: name(0) }).waitFor();
  assert.match(page.url(), /\/images\/[0-9a-f-]{36}$/);
  await definition(page.getByRole('tabpanel'), 'checksum').getByText(/^[0-9a-f]{32}$/).waitFor();
  await page.goto(base + '/images/00000000-0000-0000-0000-000000000000');
  const error = page.getByRole('alert').filter({ hasText: 'No image found' });
  await error.waitFor();
  assert.equal(await definition(error, say('HttpStatus')).innerText(), '404');
});

test('a revoked token brings the login back, then the same page', async (t) => {
  await seeded();
  const { page, base } = await loggedIn(t, 'demo');
  const url = base + '/images?tag=tenth&sort_key=name&sort_dir=asc';
  await page.goto(url);
  await eventually(async () => assert.equal(await rows(page).count(), 12));
  // The README's screenshot comes from here (copied by hand from target/).
  await page.screenshot({ path: new URL('../../target/e2e-screenshots/image-list.png', import.meta.url).pathname });
  const token = await sessionToken(page);
  const revoke = await api(env.keystone, demo.token, 'DELETE', '/auth/tokens', undefined,
    undefined, { 'x-subject-token': token });
  assert.equal(revoke.status, 204);
  await button(page, 'Refresh').click();
  await page.getByRole('status').filter({ hasText: say('SessionEnded') }).waitFor();
  assert.equal(page.url(), url, 'the URL is kept while logging in again');
  // Remembered fields are prefilled; only the password is asked again.
  assert.equal(await field(page, say('FieldUser')).inputValue(), 'demo');
  await passwordField(page).fill(env.passwords.demo);
  await button(page, 'LoginSubmit').click();
  await eventually(async () => assert.equal(await rows(page).count(), 12));
  assert.equal(page.url(), url);
});

test('an application credential and a pasted token both log in', async (t) => {
  await seeded();
  const userId = demo.body.token.user.id;
  // The role named, not taken from the token: run right after the project switcher's test,
  // Keystone once refused the token's role list (a role demo never had) a second after that
  // test removed demo's role on alt.
  const cred = await api(env.keystone, demo.token, 'POST', `/users/${userId}/application_credentials`,
    { application_credential: { name: `e2e-${Date.now()}`, roles: [{ name: 'member' }] } });
  assert.equal(cred.status, 201, cred.text);
  const { id, secret } = cred.json.application_credential;
  try {
    const { page, base } = await newPage(t);
    await page.goto(base + '/images');
    await page.getByRole('radio', { name: say('MethodAppCredential') }).check();
    await field(page, say('FieldAppCredentialId')).fill(id);
    await page.getByLabel(say('FieldAppCredentialSecret'), { exact: true }).fill(secret);
    await button(page, 'LoginSubmit').click();
    await button(page, 'Logout').waitFor();
    await eventually(async () => assert.ok((await rows(page).count()) > 0));

    await button(page, 'Logout').click();
    await button(page, 'LoginSubmit').waitFor();
    const pasted = await issueToken('demo');
    await page.getByRole('radio', { name: say('MethodToken') }).check();
    await field(page, say('FieldToken')).fill(pasted.token);
    await button(page, 'LoginSubmit').click();
    await eventually(async () => assert.ok((await rows(page).count()) > 0));
    assert.equal(await sessionToken(page), pasted.token);
  } finally {
    await api(env.keystone, demo.token, 'DELETE', `/users/${userId}/application_credentials/${id}`);
  }
});

test('the project switcher rescopes the token', async (t) => {
  await seeded();
  const admin = await issueToken('admin');
  const alt = (await api(env.keystone, admin.token, 'GET', '/projects?name=alt')).json.projects[0];
  const member = (await api(env.keystone, admin.token, 'GET', '/roles?name=member')).json.roles[0];
  const grant = await api(env.keystone, admin.token, 'PUT',
    `/projects/${alt.id}/users/${demo.body.token.user.id}/roles/${member.id}`);
  assert.equal(grant.status, 204, grant.text);
  try {
    const { page } = await loggedIn(t, 'demo', { path: '/images?tag=e2e' });
    const project = page.getByRole('combobox', { name: say('SwitchProject') });
    await eventually(async () => {
      const options = await project.getByRole('option').allInnerTexts();
      assert.deepEqual(options.sort(), ['alt', 'demo']);
    });
    await next(page).click();
    await eventually(async () => assert.equal(await pageLabel(page), 'Page 2'));
    await project.selectOption(alt.id);
    await eventually(async () => {
      const s = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gp.session')));
      assert.equal(s.project_name, 'alt');
    });
    // The switch goes back to the first page (demo's marker means nothing to alt), keeping
    // the filters; demo's private images are not visible from alt.
    await page.getByText(say('EmptyNoMatch'), { exact: true }).waitFor();
    assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0, 'no error shown');
    assert.doesNotMatch(page.url(), /marker=/);
    assert.match(page.url(), /tag=e2e/);
    await project.selectOption({ label: 'demo' });
    await eventually(async () => assert.equal(await rows(page).count(), 25));
  } finally {
    await api(env.keystone, admin.token, 'DELETE',
      `/projects/${alt.id}/users/${demo.body.token.user.id}/roles/${member.id}`);
  }
});

test('logout revokes the token: reusing it gets 401', async (t) => {
  const { page } = await loggedIn(t, 'demo');
  const token = await sessionToken(page);
  assert.equal((await api(env.glance, token, 'GET', '/v2/images?limit=1')).status, 200);
  await button(page, 'Logout').click();
  await button(page, 'LoginSubmit').waitFor();
  await page.getByRole('status').filter({ hasText: say('LoggedOut') }).waitFor();
  // A notice on screen follows a language switch: it is kept as what it says, not as words.
  const language = page.getByRole('combobox', { name: sayAny('Language') });
  await language.selectOption('zh-CN');
  await page.getByRole('status').filter({ hasText: say('LoggedOut', 'zh-CN') }).waitFor();
  await language.selectOption('en');
  await page.getByRole('status').filter({ hasText: say('LoggedOut') }).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('gp.session')), null);
  await eventually(async () =>
    assert.equal((await api(env.glance, token, 'GET', '/v2/images?limit=1')).status, 401));
});
