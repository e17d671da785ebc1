"""Creates the dev cloud's accounts and catalog in Keystone (scripts/devcloud.sh).

Service user, demo projects/users, the image service and its endpoints: check-then-create over
the REST API in one Python process (each `openstack` CLI call would cost 1-2 s). Safe to rerun:
a port change reruns it, which repoints the endpoints.

Inputs, from the environment so that passwords stay out of ps:
    GP_KEYSTONE_URL, GP_GLANCE_URL, GP_REGION
    GP_ADMIN_PASSWORD, GP_DEMO_PASSWORD, GP_ALT_PASSWORD, GP_GLANCE_SERVICE_PASSWORD
"""

import os
import sys

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

env = os.environ
KS = env.get("GP_KEYSTONE_URL")
REGION = env.get("GP_REGION")
sess = None


def call(method, path, **kw):
    resp = sess.request(KS + path, method, **kw)
    return resp.json() if resp.content else None


def first(collection, **filters):
    items = call("GET", "/" + collection, params=filters)[collection]
    return items[0] if items else None


def report(what):
    print("devcloud: " + what, file=sys.stderr)


def ensure_project(name, description):
    project = first("projects", name=name, domain_id="default")
    if project is None:
        project = call("POST", "/projects", json={"project": {
            "name": name, "domain_id": "default", "description": description}})["project"]
        report("created project " + name)
    return project


# Passwords are only set on creation: changing a password revokes the user's tokens, which
# would log out a running portal on every restart.
def ensure_user(name, password, project):
    user = first("users", name=name, domain_id="default")
    if user is None:
        user = call("POST", "/users", json={"user": {
            "name": name, "domain_id": "default", "password": password,
            "default_project_id": project["id"], "enabled": True}})["user"]
        report("created user " + name)
    return user


def role(name):
    found = first("roles", name=name)
    if found is None:
        sys.exit("devcloud: role %r missing; keystone-manage bootstrap should have made it" % name)
    return found


def grant(project, user, role_):
    # PUT is idempotent.
    call("PUT", "/projects/%s/users/%s/roles/%s" % (project["id"], user["id"], role_["id"]))


def ensure_endpoints(service_type, name, url):
    service = first("services", type=service_type)
    if service is None:
        service = call("POST", "/services", json={"service": {
            "type": service_type, "name": name, "enabled": True}})["service"]
        report("created service " + name)
    endpoints = call("GET", "/endpoints", params={"service_id": service["id"]})["endpoints"]
    for interface in ("public", "internal", "admin"):
        ep = next((e for e in endpoints
                   if e["interface"] == interface and e["region_id"] == REGION), None)
        if ep is None:
            call("POST", "/endpoints", json={"endpoint": {
                "service_id": service["id"], "interface": interface, "url": url,
                "region_id": REGION, "enabled": True}})
            report("created %s %s endpoint %s" % (name, interface, url))
        elif ep["url"] != url:
            call("PATCH", "/endpoints/" + ep["id"], json={"endpoint": {"url": url}})
            report("repointed %s %s endpoint to %s" % (name, interface, url))


def main():
    global sess
    missing = [n for n in ("GP_KEYSTONE_URL", "GP_GLANCE_URL", "GP_REGION", "GP_ADMIN_PASSWORD",
                           "GP_DEMO_PASSWORD", "GP_ALT_PASSWORD", "GP_GLANCE_SERVICE_PASSWORD")
               if not env.get(n)]
    if missing:
        sys.exit("bootstrap_accounts.py: not set in the environment: " + ", ".join(missing))
    # System scope: with Keystone's default (scope-enforcing) policies a project-scoped admin
    # token may not manage projects, users and the catalog.
    sess = ks_session.Session(auth=v3.Password(
        auth_url=KS, username="admin", password=env["GP_ADMIN_PASSWORD"],
        user_domain_id="default", system_scope="all"))

    admin, member, service_role = role("admin"), role("member"), role("service")

    service_project = ensure_project("service", "Service users")
    glance = ensure_user("glance", env["GP_GLANCE_SERVICE_PASSWORD"], service_project)
    # admin: allowed to validate other users' tokens; service: the modern role for that.
    grant(service_project, glance, admin)
    grant(service_project, glance, service_role)

    for name in ("demo", "alt"):
        project = ensure_project(name, "glance-portal test project " + name)
        user = ensure_user(name, env["GP_%s_PASSWORD" % name.upper()], project)
        grant(project, user, member)  # member implies reader

    ensure_endpoints("identity", "keystone", KS)
    ensure_endpoints("image", "glance", env["GP_GLANCE_URL"])


if __name__ == "__main__":
    main()
