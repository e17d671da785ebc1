#!/usr/bin/env bash
# devcloud.sh — a real Keystone 30 + Glance 33 on 127.0.0.1 for portal development and e2e tests.
#
#   scripts/devcloud.sh start|stop|status|env
#
# Everything (config, sqlite DBs, key repositories, image data, logs, pid files, credentials)
# lives under one state directory; nothing is written anywhere else. Delete that directory
# to reset the cloud completely.
#
# Environment (all optional):
#   GP_STATE_DIR       state directory                 (default <repo>/.devcloud)
#   GP_VENV            venv with keystone, glance, gunicorn (default <repo>/.tools/venv)
#   GP_KEYSTONE_PORT   Keystone port                    (default 5000)
#   GP_GLANCE_PORT     Glance port                      (default 9292)
#   GP_PORTAL_ORIGINS  comma list of CORS origins       (default http://127.0.0.1:8080,http://localhost:8080)
#   GP_START_TIMEOUT   seconds to wait for each service (default 90)
#
# Accounts as user/project, all in domain Default (region RegionOne):
#   admin/admin    admin role (and admin on the system scope)
#   demo/demo      member role (implies reader)
#   alt/alt        member role; a second project for image-sharing tests
#   glance/service Glance's service user (admin + service roles)
# Passwords are random, generated once, and kept in $GP_STATE_DIR/credentials.env
# (`scripts/devcloud.sh env` prints it; plain KEY=value lines, so `set -a; eval ...` exports).
#
# Requirements: curl, and a venv with glance==33.0.0 keystone==30.0.0 gunicorn.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=${GP_STATE_DIR:-$REPO_DIR/.devcloud}
VENV=${GP_VENV:-$REPO_DIR/.tools/venv}
KS_PORT=${GP_KEYSTONE_PORT:-5000}
GL_PORT=${GP_GLANCE_PORT:-9292}
ORIGINS=${GP_PORTAL_ORIGINS:-http://127.0.0.1:8080,http://localhost:8080}
START_TIMEOUT=${GP_START_TIMEOUT:-90}

KS_URL=http://127.0.0.1:$KS_PORT/v3
GL_URL=http://127.0.0.1:$GL_PORT
REGION=RegionOne

# gunicorn --daemon changes directory, so every path handed to it must be absolute.
case $STATE_DIR in /*) ;; *) STATE_DIR=$PWD/$STATE_DIR ;; esac
KS_DIR=$STATE_DIR/keystone
GL_DIR=$STATE_DIR/glance
GL_ETC=$GL_DIR/etc
LOG_DIR=$STATE_DIR/logs
RUN_DIR=$STATE_DIR/run
CREDS=$STATE_DIR/credentials.env

die() { echo "devcloud: error: $*" >&2; exit 1; }
say() { echo "devcloud: $*" >&2; }

# ---------------------------------------------------------------- process bookkeeping

pidfile() { echo "$RUN_DIR/$1.pid"; }

# Prints the pid of a running service. A pid file alone is not trusted: after a reboot or a
# crash it can name an unrelated process, so the process must also have the service's
# directory as its working directory (gunicorn --chdir) — process titles can't be used
# because gunicorn rewrites them.
service_pid() {
    local name=$1 pf pid cwd
    pf=$(pidfile "$name")
    [[ -s $pf ]] || return 1
    pid=$(<"$pf")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    if [[ -e /proc/$pid/cwd ]]; then
        cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 1
        [[ $cwd == "$STATE_DIR/$name" ]] || return 1
    fi
    echo "$pid"
}

# Signals every named service first and then waits, so the services' shutdowns overlap
# (a gunicorn master takes ~3 s to exit even when idle).
stop_services() {
    local name pid i
    local -A pids=()
    for name in "$@"; do
        if pid=$(service_pid "$name"); then
            kill -TERM "$pid"
            pids[$name]=$pid
        else
            rm -f "$(pidfile "$name")"
            say "$name: not running"
        fi
    done
    for name in "${!pids[@]}"; do
        pid=${pids[$name]}
        for ((i = 0; i < 150; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            say "$name: still alive after 15 s, sending KILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        rm -f "$(pidfile "$name")"
        say "$name: stopped (pid $pid)"
    done
}

port_in_use() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

show_logs() {
    local f
    for f in "$@"; do
        [[ -s $f ]] || continue
        echo "----- tail of $f" >&2
        tail -n 40 "$f" >&2
    done
}

# Waits for url to answer 2xx; on timeout or when the gunicorn master dies (it exits when a
# worker can't load the app), stops what is left and fails with the log tails.
wait_http() {
    local name=$1 url=$2
    shift 2
    local started=$SECONDS
    local deadline=$((started + START_TIMEOUT))
    while ((SECONDS < deadline)); do
        curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null && return 0
        if ! service_pid "$name" >/dev/null; then
            show_logs "$@"
            die "$name exited during startup (logs above, all in $LOG_DIR)"
        fi
        sleep 0.3
    done
    stop_services "$name"
    show_logs "$@"
    die "$name did not answer $url within ${START_TIMEOUT}s (logs above, all in $LOG_DIR)"
}

# Setup commands are slow (~2 s of imports each) and mostly independent, so they run in the
# background, each with its own log (eventlet deprecation noise etc.), shown only on failure.
SETUP_PIDS=()
run_bg() {
    local label=$1
    shift
    local log=$LOG_DIR/setup-$label.log
    {
        echo "+ $*" >"$log"
        "$@" >>"$log" 2>&1 || {
            tail -n 40 "$log" >&2
            die "setup step '$label' failed (full log: $log)"
        }
    } &
    SETUP_PIDS+=($!)
}

wait_setup() {
    local pid failed=0
    for pid in "${SETUP_PIDS[@]}"; do
        wait "$pid" || failed=1
    done
    SETUP_PIDS=()
    ((failed == 0)) || exit 1
}

# ---------------------------------------------------------------- credentials

# Passwords are generated once; URLs are rewritten on every start so a port change is picked up.
write_credentials() {
    local new=0
    if [[ -f $CREDS ]]; then
        # shellcheck disable=SC1090
        source "$CREDS"
    elif [[ -e $KS_DIR/keystone.db ]]; then
        die "$CREDS is missing but $KS_DIR holds an existing cloud whose passwords are in it; delete $STATE_DIR to reset"
    else
        new=1
        GP_ADMIN_PASSWORD=$(rand_password)
        GP_DEMO_PASSWORD=$(rand_password)
        GP_ALT_PASSWORD=$(rand_password)
        GP_GLANCE_SERVICE_PASSWORD=$(rand_password)
    fi
    (umask 077 && cat >"$CREDS.tmp") <<EOF
# glance-portal dev cloud (scripts/devcloud.sh). Users: admin, demo, alt in domain Default;
# each user's project has the same name. Delete the state directory to reset.
GP_KEYSTONE_URL=$KS_URL
GP_GLANCE_URL=$GL_URL
GP_REGION=$REGION
GP_ADMIN_PASSWORD=$GP_ADMIN_PASSWORD
GP_DEMO_PASSWORD=$GP_DEMO_PASSWORD
GP_ALT_PASSWORD=$GP_ALT_PASSWORD
GP_GLANCE_SERVICE_PASSWORD=$GP_GLANCE_SERVICE_PASSWORD
EOF
    mv "$CREDS.tmp" "$CREDS"
    if ((new)); then
        say "generated credentials (shown once; always available via '$0 env'):"
        sed 's/^/    /' "$CREDS" >&2
    fi
}

rand_password() { "$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(12))'; }

# ---------------------------------------------------------------- Keystone

write_keystone_config() {
    mkdir -p "$KS_DIR"
    cat >"$KS_DIR/keystone.conf" <<EOF
# Generated by scripts/devcloud.sh on every start; edit the script, not this file.
[DEFAULT]
log_file = $LOG_DIR/keystone.log

[database]
# sqlite allows one writer at a time; wait for the lock instead of failing with "database is
# locked" (a 500) when the portal or the tests write concurrently.
connection = sqlite:///$KS_DIR/keystone.db?timeout=30

[token]
provider = fernet

# Key repositories default to /etc/keystone.
[fernet_tokens]
key_repository = $KS_DIR/fernet-keys

[fernet_receipts]
key_repository = $KS_DIR/receipt-keys

[credential]
key_repository = $KS_DIR/credential-keys

# [cors] is deliberately not here: see keystone_cors_env in devcloud.sh.
EOF

    # oslo.config in keystone parses sys.argv; under gunicorn that is gunicorn's command line,
    # which keystone rejects and exits. Hide it before keystone is imported.
    cat >"$KS_DIR/keystone_wsgi.py" <<'EOF'
# Generated by scripts/devcloud.sh.
import sys

sys.argv = sys.argv[:1]

import sqlite_immediate  # noqa: E402,F401
from keystone.wsgi.api import application  # noqa: E402,F401
EOF
    write_sqlite_shim "$KS_DIR"
}

# Keystone builds its CORS middleware with a fresh oslo.config object that only reads the
# default locations (/etc/keystone/keystone.conf, ~/.keystone/...), not OS_KEYSTONE_CONFIG_FILES,
# so a [cors] section in our keystone.conf would be ignored. oslo.config also reads
# OS_<GROUP>__<OPTION> environment variables in every config object, so CORS is set that way.
# The portal runs on another origin and reads the token from X-Subject-Token, so that header
# (and the request id, for error reports) must be exposed to scripts.
keystone_cors_env() {
    echo "OS_CORS__ALLOWED_ORIGIN=$ORIGINS"
    echo "OS_CORS__ALLOW_HEADERS=X-Auth-Token,X-Openstack-Request-Id,X-Subject-Token,X-Project-Id,X-Project-Name,X-Project-Domain-Id,X-Project-Domain-Name,X-Domain-Id,X-Domain-Name,Openstack-Auth-Receipt,Content-Type,Accept"
    echo "OS_CORS__EXPOSE_HEADERS=X-Auth-Token,X-Openstack-Request-Id,X-Subject-Token,Openstack-Auth-Receipt"
    echo "OS_CORS__MAX_AGE=3600"
}

# One-time database and key setup, remembered with a marker file so that a warm start does
# not pay for keystone-manage (~2 s of imports per call). The key repositories don't depend on
# the database, so they are made while it is being created.
setup_keystone() {
    local km=("$VENV/bin/keystone-manage" --config-file "$KS_DIR/keystone.conf")
    local owner=(--keystone-user "$(id -un)" --keystone-group "$(id -gn)")
    if [[ ! -e $KS_DIR/.initialized ]]; then
        say "keystone: creating database and keys"
        run_bg keystone-db keystone_db_init "${km[@]}"
        run_bg keystone-fernet_setup "${km[@]}" fernet_setup "${owner[@]}"
        run_bg keystone-receipt_setup "${km[@]}" receipt_setup "${owner[@]}"
        run_bg keystone-credential_setup "${km[@]}" credential_setup "${owner[@]}"
        wait_setup
        touch "$KS_DIR/.initialized"
    fi
}

keystone_db_init() {
    "$@" db_sync || return
    # Creates admin/member/reader/manager/service roles, the admin user and project (admin
    # also gets the admin role on the system scope), RegionOne and the identity endpoints.
    # The password goes through the environment to stay out of logs and ps.
    OS_BOOTSTRAP_PASSWORD=$GP_ADMIN_PASSWORD "$@" bootstrap \
        --bootstrap-username admin \
        --bootstrap-project-name admin --bootstrap-role-name admin \
        --bootstrap-service-name keystone --bootstrap-region-id "$REGION" \
        --bootstrap-admin-url "$KS_URL" --bootstrap-internal-url "$KS_URL" \
        --bootstrap-public-url "$KS_URL"
}

check_port_free() {
    local name=$1
    if port_in_use "${PORT[$name]}"; then
        die "$name: port ${PORT[$name]} on 127.0.0.1 is already in use by another process (set GP_${name^^}_PORT)"
    fi
}

# sqlite behind oslo.db: oslo emits a plain (deferred) BEGIN, so two threads that each read
# and then write deadlock, and SQLite fails one of them at once with "database is locked" (a
# 500), busy timeout or not. Starting every transaction with BEGIN IMMEDIATE takes the write
# lock up front, so concurrent requests queue on the busy timeout instead of failing. Only the
# transaction start differs from oslo.db's own sqlite setup; production clouds use MySQL.
write_sqlite_shim() {
    cat >"$1/sqlite_immediate.py" <<'EOF'
# Generated by scripts/devcloud.sh (see write_sqlite_shim there for why).
import sqlalchemy
from oslo_db.sqlalchemy import engines

# Replace oslo.db's own sqlite setup (a list of hooks) rather than add to it: its BEGIN would
# run first and this one would never be emitted.
engines._init_events.reg["sqlite"]["*"].clear()


@engines._init_events.dispatch_for("sqlite")
def _sqlite_immediate_transactions(engine, sqlite_synchronous=True, sqlite_fk=False, **kw):
    @sqlalchemy.event.listens_for(engine, "connect")
    def _on_connect(dbapi_con, con_record):
        dbapi_con.isolation_level = None  # pysqlite must not emit its own BEGIN
        if not sqlite_synchronous:
            dbapi_con.execute("PRAGMA synchronous = OFF")
        if sqlite_fk:
            dbapi_con.execute("pragma foreign_keys=ON")

    @sqlalchemy.event.listens_for(engine, "begin")
    def _on_begin(conn):
        if "in_transaction" not in conn.info:
            conn.execute(sqlalchemy.text("BEGIN IMMEDIATE"))
            conn.info["in_transaction"] = True

    @sqlalchemy.event.listens_for(engine, "rollback")
    @sqlalchemy.event.listens_for(engine, "commit")
    def _on_end(conn):
        conn.info.pop("in_transaction", None)
EOF
}

launch() {
    local name=$1 app=$2 i
    shift 2
    : >"$LOG_DIR/$name-gunicorn.log"
    # launch runs only when service_pid found no live service of ours, so a pid file still
    # here is stale (a crash, a reboot, or a reused pid naming some other process); gunicorn
    # refuses to start over a pid file whose pid is alive.
    service_pid "$name" >/dev/null || rm -f "$(pidfile "$name")"
    # One process with threads: boots twice as fast as two processes on a small machine, a
    # long upload doesn't block other requests, and unlike the sync worker there is no 30 s
    # per-request timeout to kill big uploads.
    env "$@" "$VENV/bin/gunicorn" \
        --daemon --pid "$(pidfile "$name")" --chdir "$STATE_DIR/$name" --pythonpath "$STATE_DIR/$name" \
        --bind "127.0.0.1:${PORT[$name]}" --name "gp-$name" \
        --workers 1 --worker-class gthread --threads 8 --timeout 300 --graceful-timeout 5 \
        --error-logfile "$LOG_DIR/$name-gunicorn.log" --capture-output --no-control-socket \
        --access-logfile "$LOG_DIR/$name-access.log" \
        "$app"
    # gunicorn writes the pid file a moment after daemonizing; until then a failing start
    # could not be cleaned up by `stop`.
    for ((i = 0; i < 100; i++)); do
        service_pid "$name" >/dev/null && return 0
        sleep 0.1
    done
    show_logs "$LOG_DIR/$name-gunicorn.log"
    die "$name: gunicorn did not start (log above)"
}

# Service user, demo projects/users, the image service and its endpoints: check-then-create
# over the REST API in one Python process (each `openstack` CLI call would cost 1-2 s).
# Skipped when it already ran for the same URLs (saves ~3 s per warm start); a port change
# reruns it, which repoints the endpoints.
bootstrap_accounts() {
    local stamp="$KS_URL $GL_URL" marker=$KS_DIR/.accounts
    [[ -f $marker && $(<"$marker") == "$stamp" ]] && return 0
    GP_KEYSTONE_URL=$KS_URL GP_GLANCE_URL=$GL_URL GP_REGION=$REGION \
        GP_ADMIN_PASSWORD=$GP_ADMIN_PASSWORD GP_DEMO_PASSWORD=$GP_DEMO_PASSWORD \
        GP_ALT_PASSWORD=$GP_ALT_PASSWORD GP_GLANCE_SERVICE_PASSWORD=$GP_GLANCE_SERVICE_PASSWORD \
        "$VENV/bin/python" - <<'PY' || die "account bootstrap failed (Keystone log: $LOG_DIR/keystone.log)"
import os
import sys

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

env = os.environ
KS = env["GP_KEYSTONE_URL"]
REGION = env["GP_REGION"]

# System scope: with Keystone's default (scope-enforcing) policies a project-scoped admin
# token may not manage projects, users and the catalog.
sess = ks_session.Session(auth=v3.Password(
    auth_url=KS, username="admin", password=env["GP_ADMIN_PASSWORD"],
    user_domain_id="default", system_scope="all"))


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
PY
    echo "$stamp" >"$marker"
}

# ---------------------------------------------------------------- Glance

find_glance_etc() {
    local d
    for d in "$VENV/etc/glance" "$VENV/share/glance/etc" "$VENV/local/etc/glance"; do
        [[ -f $d/glance-api-paste.ini ]] && { echo "$d"; return 0; }
    done
    die "glance-api-paste.ini not found in $VENV (is glance installed in the venv?)"
}

write_glance_config() {
    local src
    src=$(find_glance_etc)
    mkdir -p "$GL_ETC" "$GL_DIR"/{images,images-archive,staging,tasks,cache,locks}
    # The stock paste file points the healthcheck's "disable" flag file at /etc/glance. Its
    # CORS filter builds its own oslo.config object that only reads the default locations
    # (/etc/glance/glance-api.conf, ~/.glance/...), not OS_GLANCE_CONFIG_DIR: without
    # oslo_config_file our [cors] section would be silently ignored.
    sed -e "s|^disable_by_file_path = .*|disable_by_file_path = $GL_DIR/healthcheck_disable|" \
        -e "s|^oslo_config_project = glance\$|&\noslo_config_file = $GL_ETC/glance-api.conf|" \
        "$src/glance-api-paste.ini" >"$GL_ETC/glance-api-paste.ini"
    grep -q "^oslo_config_file = " "$GL_ETC/glance-api-paste.ini" ||
        die "could not point the CORS filter in $src/glance-api-paste.ini at our config"

    local allow_headers expose_headers
    # Content-Type and Accept are "simple" headers for oslo.middleware but are listed so the
    # list documents what the portal sends.
    allow_headers=X-Auth-Token,Content-Type,Accept,X-Image-Meta-Checksum,X-Openstack-Request-Id,Content-MD5,X-Image-Meta-Store,Accept-Encoding
    # Glance's default only exposes X-OpenStack-Request-ID among these: the portal reads the
    # stored MD5 on downloads and the import methods / stores advertised on image create.
    expose_headers=X-OpenStack-Request-ID,Content-MD5,OpenStack-image-import-methods,OpenStack-image-store-ids,Content-Length,Content-Type,Location,X-Image-Meta-Checksum

    cat >"$GL_ETC/glance-api.conf" <<EOF
# Generated by scripts/devcloud.sh on every start; edit the script, not this file.
[DEFAULT]
log_file = $LOG_DIR/glance.log
# Two file stores, so that store selection and copy-image are real: "fs" (the default) and
# "archive", each its own directory.
enabled_backends = fs:file, archive:file
enabled_import_methods = [glance-direct,web-download,copy-image]
show_multiple_locations = false
show_image_direct_url = false
image_cache_dir = $GL_DIR/cache

[database]
# See Keystone's [database]: writers queue on the sqlite lock rather than fail.
connection = sqlite:///$GL_DIR/glance.db?timeout=30

[glance_store]
default_backend = fs

[fs]
filesystem_store_datadir = $GL_DIR/images
store_description = Local disk (default)

[archive]
filesystem_store_datadir = $GL_DIR/images-archive
store_description = Archive disk

[os_glance_staging_store]
filesystem_store_datadir = $GL_DIR/staging

[os_glance_tasks_store]
filesystem_store_datadir = $GL_DIR/tasks

[oslo_concurrency]
lock_path = $GL_DIR/locks

[paste_deploy]
flavor = keystone
config_file = $GL_ETC/glance-api-paste.ini

[keystone_authtoken]
www_authenticate_uri = $KS_URL
auth_url = $KS_URL
auth_type = password
username = glance
password = $GP_GLANCE_SERVICE_PASSWORD
user_domain_id = default
project_name = service
project_domain_id = default
service_token_roles_required = true
# Validated tokens are otherwise cached for 5 minutes, so a revoked token (logout) would keep
# working against Glance; the portal's logout and expiry tests need Keystone's real answer.
token_cache_time = -1

# web-download refuses loopback addresses unless the host is allow-listed, and only allows
# ports 80/443 by default; tests serve images from 127.0.0.1 on arbitrary ports. An allow
# list also disables the deny list, so only these hosts are reachable for web-download.
# These options are "bounded" lists: without the brackets they fail to parse, and Glance
# reports that as "URI does not pass filtering". Use 127.0.0.1 in URLs: "localhost" only
# passes where the resolver answers for "localhost." (Glance forces a DNS lookup).
[import_filtering_opts]
allowed_hosts = [127.0.0.1,localhost]
allowed_ports = []

[cors]
allowed_origin = $ORIGINS
allow_headers = $allow_headers
expose_headers = $expose_headers
allow_methods = GET,PUT,POST,DELETE,PATCH,HEAD
max_age = 3600
EOF
}

# Runs in the background next to Keystone's setup; the caller waits for it.
setup_glance() {
    if [[ ! -e $GL_DIR/.db-synced ]]; then
        say "glance: creating database"
        run_bg glance-db_sync env OS_GLANCE_CONFIG_DIR="$GL_ETC" "$VENV/bin/glance-manage" \
            --config-file "$GL_ETC/glance-api.conf" db_sync
    fi
}

# Proves the whole chain: a demo token from Keystone, validated by Glance's authtoken.
check_glance_with_token() {
    local token
    token=$(curl -fsS -D - -o /dev/null --max-time 10 -H 'Content-Type: application/json' \
        -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","domain":{"id":"default"},"password":"'"$GP_DEMO_PASSWORD"'"}}},"scope":{"project":{"name":"demo","domain":{"id":"default"}}}}}' \
        "$KS_URL/auth/tokens" | tr -d '\r' | awk 'tolower($1) == "x-subject-token:" { print $2 }') ||
        die "could not get a token for demo from $KS_URL"
    [[ -n $token ]] || die "Keystone answered without an X-Subject-Token header"
    curl -fsS -o /dev/null --max-time 30 -H "X-Auth-Token: $token" "$GL_URL/v2/images" || {
        show_logs "$LOG_DIR/glance.log" "$LOG_DIR/glance-gunicorn.log"
        die "Glance is up but GET /v2/images with a demo token failed (logs above)"
    }
}

# ---------------------------------------------------------------- commands

declare -A PORT=([keystone]=$KS_PORT [glance]=$GL_PORT)

print_status() {
    local pid rc=0
    if pid=$(service_pid keystone); then
        echo "keystone: running (pid $pid) $KS_URL"
    else
        echo "keystone: stopped"; rc=3
    fi
    if pid=$(service_pid glance); then
        echo "glance:   running (pid $pid) $GL_URL"
    else
        echo "glance:   stopped"; rc=3
    fi
    echo "state:    $STATE_DIR"
    return $rc
}

cmd_start() {
    [[ -x $VENV/bin/gunicorn && -x $VENV/bin/keystone-manage && -x $VENV/bin/glance-manage ]] ||
        die "venv $VENV lacks gunicorn/keystone/glance (pip install glance==33.0.0 keystone==30.0.0 gunicorn python-openstackclient)"
    if service_pid keystone >/dev/null && service_pid glance >/dev/null; then
        say "already running"
        print_status
        return 0
    fi
    local t0=$SECONDS need_keystone=0 need_glance=0
    service_pid keystone >/dev/null || need_keystone=1
    service_pid glance >/dev/null || need_glance=1
    # Both ports are checked before anything is launched, so a busy port leaves nothing behind.
    if ((need_keystone)); then check_port_free keystone; fi
    if ((need_glance)); then check_port_free glance; fi
    mkdir -p "$STATE_DIR" "$LOG_DIR" "$RUN_DIR"
    write_credentials
    # shellcheck disable=SC1090
    source "$CREDS"

    if ((need_glance)); then
        write_glance_config
        setup_glance # background; overlaps Keystone's setup
    fi
    if ((need_keystone)); then
        write_keystone_config
        setup_keystone # waits for Glance's db_sync too
        local cors_env
        mapfile -t cors_env < <(keystone_cors_env)
        launch keystone keystone_wsgi:application OS_KEYSTONE_CONFIG_FILES="$KS_DIR/keystone.conf" "${cors_env[@]}"
    fi
    wait_setup
    if ((need_glance)); then
        touch "$GL_DIR/.db-synced"
        # Glance's authtoken only talks to Keystone on the first authenticated request, so
        # Glance can boot while Keystone boots and the service user is being created.
        write_sqlite_shim "$GL_DIR"
        printf '%s\n' '# Generated by scripts/devcloud.sh.' 'import sqlite_immediate  # noqa: F401' \
            'from glance.wsgi.api import application  # noqa: F401' >"$GL_DIR/glance_wsgi.py"
        launch glance glance_wsgi:application OS_GLANCE_CONFIG_DIR="$GL_ETC"
    fi
    if ((need_keystone)); then
        wait_http keystone "$KS_URL" "$LOG_DIR/keystone-gunicorn.log" "$LOG_DIR/keystone.log"
    fi
    bootstrap_accounts
    if ((need_glance)); then
        wait_http glance "$GL_URL/versions" "$LOG_DIR/glance-gunicorn.log" "$LOG_DIR/glance.log"
    fi
    check_glance_with_token

    say "up in $((SECONDS - t0)) s"
    print_status
}

cmd_stop() {
    stop_services glance keystone
}

cmd_env() {
    [[ -f $CREDS ]] || die "no $CREDS yet; run '$0 start' first"
    cat "$CREDS"
}

case ${1:-} in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) print_status ;;
    env) cmd_env ;;
    *)
        echo "usage: $0 start|stop|status|env" >&2
        exit 2
        ;;
esac
