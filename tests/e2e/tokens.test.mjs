// End-to-end: every token of a session dies at logout — the ones replaced by project
// switches too (Keystone does not revoke them on its own) — and one left from an earlier login
// is revoked as soon as nothing uses it; each checked against Keystone (validation) and
// against Glance (a request).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { env, test, loggedIn, eventually, issueToken, api, say, button, results } from './harness.mjs';

let admin;
let grant; // demo's temporary member role on alt, so demo has two projects
const sessionToken = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('gp.session'))?.token);

/** Whether a token still works: Keystone validates it, Glance serves it. */
async function alive(token) {
  const keystone = await api(env.keystone, admin.token, 'GET', '/auth/tokens', undefined, 'application/json',
    { 'x-subject-token': token });
  const glance = await api(env.glance, token, 'GET', '/v2/images?limit=1');
  return { keystone: keystone.status, glance: glance.status };
}
const DEAD = { keystone: 404, glance: 401 };
const LIVE = { keystone: 200, glance: 200 };

before(async () => {
  admin = await issueToken('admin');
  const demo = await issueToken('demo');
  const alt = (await api(env.keystone, admin.token, 'GET', '/projects?name=alt')).json.projects[0];
  const member = (await api(env.keystone, admin.token, 'GET', '/roles?name=member')).json.roles[0];
  grant = `/projects/${alt.id}/users/${demo.body.token.user.id}/roles/${member.id}`;
  assert.equal((await api(env.keystone, admin.token, 'PUT', grant)).status, 204);
});

after(async () => {
  if (grant) await api(env.keystone, admin.token, 'DELETE', grant);
});

test('tokens replaced by project switches stay usable for the session and all die at logout', async (t) => {
  const { page } = await loggedIn(t, 'demo');
  const first = await sessionToken(page);
  assert.deepEqual(await alive(first), LIVE);
  const project = page.getByRole('combobox', { name: say('SwitchProject') });
  await eventually(async () => assert.deepEqual((await project.getByRole('option').allInnerTexts()).sort(), ['alt', 'demo']));
  await project.selectOption({ label: 'alt' });
  await eventually(async () => assert.notEqual(await sessionToken(page), first));
  const second = await sessionToken(page);
  await project.selectOption({ label: 'demo' });
  await eventually(async () => assert.notEqual(await sessionToken(page), second));
  const third = await sessionToken(page);
  await results(page).waitFor();
  // Keystone revokes a rescoped token with the token it came from (measured: revoking the
  // first revokes the second), so the replaced ones live until the session ends...
  for (const token of [first, second, third]) assert.deepEqual(await alive(token), LIVE);
  assert.equal(JSON.parse(await page.evaluate(() => sessionStorage.getItem('gp.retired-tokens'))).length, 2);
  // ... and logout ends every one of them, not only the last.
  await button(page, 'Logout').click();
  await button(page, 'LoginSubmit').waitFor();
  for (const token of [first, second, third]) {
    await eventually(async () => assert.deepEqual(await alive(token), DEAD));
  }
  assert.equal(await page.evaluate(() => sessionStorage.getItem('gp.retired-tokens')), null);
});

test('logout ends every token of the session, including one kept across a reload', async (t) => {
  const { page } = await loggedIn(t, 'demo');
  const current = await sessionToken(page);
  // A replaced token the tab could not revoke yet (as if Keystone had been unreachable): it
  // is kept in the tab's storage, and a reload revokes it.
  const stray = (await issueToken('demo')).token;
  await page.evaluate((t) => sessionStorage.setItem('gp.retired-tokens',
    JSON.stringify([{ token: t, identity_base: '/identity/v3', chain: 1 }])), stray);
  await page.reload();
  await results(page).waitFor();
  await eventually(async () => assert.deepEqual(await alive(stray), DEAD));
  assert.deepEqual(await alive(current), LIVE);
  await button(page, 'Logout').click();
  await button(page, 'LoginSubmit').waitFor();
  await eventually(async () => assert.deepEqual(await alive(current), DEAD));
});
