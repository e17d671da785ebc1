// End-to-end: the portal offers what the cloud's policy allows, as Glance 33 enforces it —
// the owner's members deactivate and reactivate; members are not offered `public` or `owner`
// (admins are); another project's member, with the image shared and accepted, gets no edit
// controls; a rule the operator changed is explained when Glance refuses, and followed once
// config.json names it. Every outcome is checked through Glance's API.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  env, startPortal, startLoggedIn, eventually, issueToken, api, deleteOwnImages, logIn, setCloudPolicy,
} from './harness.mjs';

const test = (name, fn) => nodeTest(name, { timeout: 120_000 }, fn);

let portal;
let page;
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

const openTab = async (p, base, id, tab) => {
  await p.goto(`${base}/images/${id}?tab=${tab}`);
  await p.locator(`.gp-tabs__panel[data-tab="${tab}"]`).waitFor();
};
const tabNames = (p) => p.locator('.gp-tabs__tab').evaluateAll((tabs) => tabs.map((t) => t.dataset.tab));
const options = (p, key) => p.locator(`.gp-prop[data-key="${key}"] select option`)
  .evaluateAll((os) => os.map((o) => o.value).filter(Boolean));

before(async () => {
  demo = await issueToken('demo');
  alt = await issueToken('alt');
  await deleteOwnImages(demo.token, demo.body.token.project.id);
  portal = await startLoggedIn('demo');
  page = portal.page;
});

after(async () => {
  await portal?.close();
});

test("a 403 from a rule the operator changed names the rule; config.json's policy then withholds the control", async () => {
  const img = await activeImage('policy-changed');
  setCloudPolicy('deactivate', 'role:admin');
  try {
    // The portal still expects Glance's default, offers Deactivate, and Glance refuses.
    await openTab(page, portal.base, img.id, 'actions');
    await page.click('#gp-deactivate');
    const refusal = page.locator('.gp-error__policy[data-rule="deactivate"]');
    await refusal.waitFor();
    assert.match(await refusal.innerText(),
      /Glance's policy refused this: rule “deactivate”\. The portal expected this cloud to use “rule:context_is_admin or \(role:member and project_id:%\(project_id\)s\)”; .*config\.json/);
    assert.equal(await page.locator('.gp-error .gp-error__status').innerText(), '403');
    assert.match(await page.locator('.gp-error .gp-error__request-id').innerText(), /^req-/);
    assert.equal((await getImage(img.id)).status, 'active');

    // The operator tells the portal (dist/config.json): the control is withheld, with the rule.
    const told = await startPortal({ config: { policy: { deactivate: 'role:admin' } } });
    try {
      await told.page.goto(`${told.base}/images/${img.id}?tab=actions`);
      await logIn(told.page, 'demo');
      const hint = told.page.locator('.gp-policy-hint[data-rule="deactivate"]');
      await hint.waitFor();
      assert.match(await hint.innerText(), /Deactivate: not offered\. This cloud's policy rule “deactivate” \(role:admin\)/);
      assert.equal(await told.page.locator('#gp-deactivate').count(), 0);
      await told.page.locator('#gp-toggle-protected').waitFor(); // the rest is still offered
    } finally {
      await told.close();
    }
  } finally {
    setCloudPolicy(null);
  }
  const back = await glance(demo.token, 'POST', `/v2/images/${img.id}/actions/deactivate`);
  assert.equal(back.status, 204, `Glance's default is back: ${back.text}`);
});

test("demo deactivates and reactivates its own image from the Actions tab", async () => {
  const img = await activeImage('policy-lifecycle');
  await openTab(page, portal.base, img.id, 'actions');
  await page.click('#gp-deactivate');
  await eventually(async () => assert.equal((await getImage(img.id)).status, 'deactivated'));
  assert.equal(await page.locator('.gp-detail > .gp-cli .gp-cli__command').innerText(),
    `openstack image set --deactivate ${img.id}`);
  await page.click('#gp-reactivate');
  await eventually(async () => assert.equal((await getImage(img.id)).status, 'active'));
  assert.equal(await page.locator('.gp-detail > .gp-cli .gp-cli__command').innerText(),
    `openstack image set --activate ${img.id}`);
  // Lifecycle and delete hints sit directly in the tab; copy-image's (admin-only by default,
  // so withheld from the owner too) is in its own section once /v2/info has loaded.
  assert.equal(await page.locator('.gp-actions-tab > .gp-policy-hint').count(), 0, 'no lifecycle action is withheld from the owner');
});

test('demo is not offered public visibility or owner, and is told which rule; admin is offered both', async () => {
  const img = await activeImage('policy-visibility');
  await openTab(page, portal.base, img.id, 'edit');
  assert.deepEqual((await options(page, 'visibility')).sort(), ['community', 'private', 'shared']);
  assert.equal(await page.locator('.gp-tabs__panel .gp-prop[data-key="owner"]').count(), 0);
  assert.match(await page.locator('.gp-policy-hint[data-rule="publicize_image"]').innerText(),
    /Visibility “public”: not offered\. This cloud's policy rule “publicize_image” \(rule:context_is_admin\)/);
  await page.locator('.gp-policy-hint[data-rule="context_is_admin"]').waitFor();
  // Glance agrees with what was withheld.
  const publicize = await glance(demo.token, 'PATCH', `/v2/images/${img.id}`,
    [{ op: 'replace', path: '/visibility', value: 'public' }], 'application/openstack-images-v2.1-json-patch');
  assert.equal(publicize.status, 403, publicize.text);

  const admin = await startPortal();
  try {
    await openTab(admin.page, admin.base, img.id, 'edit').catch(() => {});
    await logIn(admin.page, 'admin');
    await admin.page.locator('.gp-tabs__panel[data-tab="edit"]').waitFor();
    assert.deepEqual((await options(admin.page, 'visibility')).sort(), ['community', 'private', 'public', 'shared']);
    await admin.page.locator('.gp-tabs__panel .gp-prop[data-key="owner"] input').waitFor();
    assert.equal(await admin.page.locator('.gp-policy-hint').count(), 0);
  } finally {
    await admin.close();
  }
});

test("alt, with demo's image shared and accepted, gets no edit controls but what it may do", async () => {
  const img = await activeImage('policy-shared', { visibility: 'shared' });
  const altProject = alt.body.token.project.id;
  const added = await glance(demo.token, 'POST', `/v2/images/${img.id}/members`, { member: altProject });
  assert.equal(added.status, 200, added.text);
  const accepted = await glance(alt.token, 'PUT', `/v2/images/${img.id}/members/${altProject}`, { status: 'accepted' });
  assert.equal(accepted.status, 200, accepted.text);

  const other = await startPortal();
  try {
    const p = other.page;
    await p.goto(`${other.base}/images/${img.id}?tab=edit`);
    await logIn(p, 'alt');
    // A deep link to Edit lands on Details: there is nothing alt may edit.
    await p.locator('.gp-tabs__panel[data-tab="details"]').waitFor();
    assert.deepEqual(await tabNames(p), ['details', 'sharing', 'actions']);

    await openTab(p, other.base, img.id, 'actions');
    for (const control of ['#gp-delete', '#gp-deactivate', '#gp-toggle-protected', '#gp-toggle-hidden']) {
      assert.equal(await p.locator(control).count(), 0, `${control} is not offered`);
    }
    await p.locator('#gp-download').waitFor();
    await p.locator('.gp-policy-hint[data-rule="deactivate"]').waitFor();
    await p.locator('.gp-policy-hint[data-rule="delete_image"]').waitFor();
    // Glance agrees.
    assert.equal((await glance(alt.token, 'DELETE', `/v2/images/${img.id}`)).status, 403);

    await openTab(p, other.base, img.id, 'sharing');
    assert.equal(await p.locator('.gp-sharing-member__status').getAttribute('data-status'), 'accepted');
    await p.locator('button[data-answer="rejected"]').waitFor();
    assert.equal(await p.locator('.gp-members').count(), 0, "no owner's member editor");
  } finally {
    await other.close();
  }
});
