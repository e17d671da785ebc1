// End-to-end: the portal offers what the cloud's policy allows, as Glance 33 enforces it —
// the owner's members deactivate and reactivate; members are not offered `public` or `owner`
// (admins are); another project's member, with the image shared and accepted, gets no edit
// controls; a rule the operator changed is explained when Glance refuses, and followed once
// config.json names it. Every outcome is checked through Glance's API.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import {
  env, test, servePortal, onImageTab, eventually, issueToken, api, deleteOwnImages, setCloudPolicy, say, button,
  cli, definition, propField, openTab, loggedIn, tabShown, mainActions,
} from './harness.mjs';

let demo;
let alt;

const glance = (token, ...args) => api(env.glance, token, ...args);
const getImage = async (id) => (await glance(demo.token, 'GET', `/v2/images/${id}`)).json;

/** An active image of demo's (deactivation needs data), 64 KiB of raw bytes. */
async function activeImage(name, extra = {}) {
  const made = await glance(demo.token, 'POST', '/v2/images',
    { name, disk_format: 'raw', container_format: 'bare', ...extra });
  assert.equal(made.status, 201, made.text);
  const put = await glance(demo.token, 'PUT', `/v2/images/${made.json.id}/file`,
    Buffer.alloc(64 * 1024, 7), 'application/octet-stream');
  assert.equal(put.status, 204, put.text);
  return made.json;
}

const options = (panel, key) => propField(panel, key).getByRole('option')
  .evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
/** The "not offered" note a withheld control leaves, by the policy rule that withholds it. */
const withheld = (scope, rule) => scope.getByText(new RegExp(`: not offered\\. This cloud's policy rule “${rule}”`));
const anyWithheld = (scope) => scope.getByText(/: not offered\. This cloud's policy rule “/);
const lastAction = (page, pattern) => cli(page.getByRole('main')).filter({ hasText: pattern });

before(async () => {
  demo = await issueToken('demo');
  alt = await issueToken('alt');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
});

test("a 403 from a rule the operator changed names the rule; config.json's policy then withholds the control", async (t) => {
  const img = await activeImage('policy-changed');
  setCloudPolicy('deactivate', 'role:admin');
  try {
    // The portal still expects Glance's default, offers Deactivate, and Glance refuses.
    const { page, panel } = await onImageTab(t, img.id, 'actions');
    await button(panel, 'Deactivate').click();
    const error = page.getByRole('alert').filter({ hasText: /Glance's policy refused this: rule “deactivate”/ });
    const refusal = error.getByText(/^Glance's policy refused this: rule “deactivate”/);
    await refusal.waitFor();
    assert.match(await refusal.innerText(),
      /Glance's policy refused this: rule “deactivate”\. The portal expected this cloud to use “rule:context_is_admin or \(role:member and project_id:%\(project_id\)s\)”; .*config\.json/);
    assert.equal(await definition(error, say('HttpStatus')).innerText(), '403');
    assert.match(await definition(error, say('RequestId')).innerText(), /^req-/);
    assert.equal((await getImage(img.id)).status, 'active');

    // The operator tells the portal (dist/config.json): the control is withheld, with the rule.
    const told = await servePortal(t, { config: { policy: { deactivate: 'role:admin' } } });
    const { panel: toldPanel } = await onImageTab(t, img.id, 'actions', { portal: told });
    const hint = withheld(toldPanel, 'deactivate');
    await hint.waitFor();
    assert.match(await hint.innerText(), /Deactivate: not offered\. This cloud's policy rule “deactivate” \(role:admin\)/);
    assert.equal(await button(toldPanel, 'Deactivate').count(), 0);
    await button(toldPanel, 'ProtectOn').waitFor(); // the rest is still offered
  } finally {
    setCloudPolicy(null);
  }
  const back = await glance(demo.token, 'POST', `/v2/images/${img.id}/actions/deactivate`);
  assert.equal(back.status, 204, `Glance's default is back: ${back.text}`);
});

test("demo deactivates and reactivates its own image from the Actions tab", async (t) => {
  const img = await activeImage('policy-lifecycle');
  const { page, panel } = await onImageTab(t, img.id, 'actions');
  await button(panel, 'Deactivate').click();
  await eventually(async () => assert.equal((await getImage(img.id)).status, 'deactivated'));
  await lastAction(page, new RegExp(`^openstack image set --deactivate ${img.id}$`)).waitFor();
  await button(panel, 'Reactivate').click();
  await eventually(async () => assert.equal((await getImage(img.id)).status, 'active'));
  await lastAction(page, new RegExp(`^openstack image set --activate ${img.id}$`)).waitFor();
  // Copy-image's hint (admin-only by default, so withheld from the owner too) is the only one.
  const hints = await anyWithheld(panel).allInnerTexts();
  assert.deepEqual(hints.filter((h) => !h.includes('“copy_image”')), [], 'no lifecycle action is withheld from the owner');
});

test('demo is not offered public visibility or owner, and is told which rule; admin is offered both', async (t) => {
  const img = await activeImage('policy-visibility');
  const { panel } = await onImageTab(t, img.id, 'edit');
  assert.deepEqual((await options(panel, 'visibility')).sort(), ['community', 'private', 'shared']);
  assert.equal(await propField(panel, 'owner').count(), 0);
  assert.match(await withheld(panel, 'publicize_image').innerText(),
    /Visibility “public”: not offered\. This cloud's policy rule “publicize_image” \(rule:context_is_admin\)/);
  await withheld(panel, 'context_is_admin').waitFor();
  // Glance agrees with what was withheld.
  const publicize = await glance(demo.token, 'PATCH', `/v2/images/${img.id}`,
    [{ op: 'replace', path: '/visibility', value: 'public' }], 'application/openstack-images-v2.1-json-patch');
  assert.equal(publicize.status, 403, publicize.text);

  const { panel: adminPanel } = await onImageTab(t, img.id, 'edit', { user: 'admin' });
  assert.deepEqual((await options(adminPanel, 'visibility')).sort(), ['community', 'private', 'public', 'shared']);
  await propField(adminPanel, 'owner').waitFor();
  assert.equal(await anyWithheld(adminPanel).count(), 0);
});

test("alt, with demo's image shared and accepted, gets no edit controls but what it may do", async (t) => {
  const img = await activeImage('policy-shared', { visibility: 'shared' });
  const altProject = alt.body.token.project.id;
  const added = await glance(demo.token, 'POST', `/v2/images/${img.id}/members`, { member: altProject });
  assert.equal(added.status, 200, added.text);
  const accepted = await glance(alt.token, 'PUT', `/v2/images/${img.id}/members/${altProject}`, { status: 'accepted' });
  assert.equal(accepted.status, 200, accepted.text);

  // A deep link to Edit lands on Details: there is nothing alt may edit.
  const { page: p, base } = await loggedIn(t, 'alt',
    { path: `/images/${img.id}?tab=edit`, ready: (page) => page.getByRole('tabpanel') });
  await tabShown(p, 'details');
  assert.deepEqual(await p.getByRole('tab').allInnerTexts(), [say('TabDetails'), say('TabSharing'), say('TabActions')]);

  const actions = await openTab(p, base, img.id, 'actions');
  for (const control of ['Delete', 'Deactivate', 'ProtectOn', 'HideOn']) {
    assert.equal(await button(actions, control).count(), 0, `${say(control)} is not offered`);
  }
  assert.equal(await button(mainActions(p), 'Delete').count(), 0, 'Delete is not offered in the header');
  await button(mainActions(p), 'Download').waitFor();
  await withheld(actions, 'deactivate').waitFor();
  await withheld(actions, 'delete_image').waitFor();
  // Glance agrees.
  assert.equal((await glance(alt.token, 'DELETE', `/v2/images/${img.id}`)).status, 403);

  const sharing = await openTab(p, base, img.id, 'sharing');
  assert.equal(await sharing.locator('[data-status]').getAttribute('data-status'), 'accepted');
  await button(sharing, 'Reject').waitFor();
  assert.equal(await sharing.getByRole('heading', { name: say('MembersTitle') }).count(), 0, "no owner's member editor");
  assert.equal(await sharing.getByRole('textbox', { name: say('MemberAdd') }).count(), 0);
});
