#!/usr/bin/env bash
# devcloud.sh — a real Keystone 30 + Glance 33 on 127.0.0.1 for portal development and e2e tests.
#
#   scripts/devcloud.sh start|stop|status|env
#   scripts/devcloud.sh policy RULE CHECK   override one Glance policy rule, live
#   scripts/devcloud.sh policy --reset      back to Glance's defaults (replaces Glance's worker)
#   scripts/devcloud.sh policy              print the overrides
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
#   GP_GLANCE_CONVERT  raw|qcow2|vmdk: enable Glance's image_decompression and
#                      image_conversion import plugins: imports are unpacked (gzip, zip),
#                      then converted to that format (default: off). Read when Glance
#                      starts; stop the cloud to change it.
#
# Glance reads its policy from $GP_STATE_DIR/glance/etc/policy.yaml (see cmd_policy). Every
# start of Glance empties it, so an override left behind by an aborted test does not outlive
# the cloud.
#
# Accounts as user/project, all in domain Default (region RegionOne):
#   admin/admin    admin role (and admin on the system scope)
#   demo/demo      member role (implies reader)
#   alt/alt        member role; a second project for image-sharing tests
#   glance/service Glance's service user (admin + service roles)
# Passwords are random, generated once, and kept in $GP_STATE_DIR/credentials.env
# (`scripts/devcloud.sh env` prints it; plain KEY=value lines, so `set -a; eval ...` exports).
#
# The config templates (*.in) and the Python it runs (entry points, sqlite shim, account
# bootstrap, policy editor, template renderer) are files in scripts/devcloud/;
# scripts/lint-devcloud.sh checks them.
#
# Requirements: curl, and a venv with glance==33.0.0 keystone==30.0.0 gunicorn.
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FILES_DIR=$REPO_DIR/scripts/devcloud
STATE_DIR=${GP_STATE_DIR:-$REPO_DIR/.devcloud}
VENV=${GP_VENV:-$REPO_DIR/.tools/venv}
KS_PORT=${GP_KEYSTONE_PORT:-5000}
GL_PORT=${GP_GLANCE_PORT:-9292}
ORIGINS=${GP_PORTAL_ORIGINS:-http://127.0.0.1:8080,http://localhost:8080}
START_TIMEOUT=${GP_START_TIMEOUT:-90}
CONVERT=${GP_GLANCE_CONVERT:-}

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
GL_POLICY=$GL_ETC/policy.yaml
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

# ---------------------------------------------------------------- files from scripts/devcloud

# render TEMPLATE OUTPUT NAME...: fills ${NAME} in scripts/devcloud/TEMPLATE with the shell
# variables of those names. They reach render.py through its environment, not its command
# line, so that passwords stay out of ps.
render() {
    local template=$1 out=$2
    shift 2
    (
        export "$@"
        exec "$VENV/bin/python" "$FILES_DIR/render.py" "$FILES_DIR/$template" "$out" "$@"
    ) || die "could not render $out from $FILES_DIR/$template"
}

# gunicorn imports the entry points from copies in the service's directory: Python's
# __pycache__ then stays in the state dir, and a running service's code doesn't change under
# it when the worktree does.
install_modules() {
    local dir=$1 module
    shift
    for module in "$@"; do
        cp -f "$FILES_DIR/$module" "$dir/$module"
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
    render credentials.env.in "$CREDS" KS_URL GL_URL REGION \
        GP_ADMIN_PASSWORD GP_DEMO_PASSWORD GP_ALT_PASSWORD GP_GLANCE_SERVICE_PASSWORD
    if ((new)); then
        say "generated credentials (shown once; always available via '$0 env'):"
        sed 's/^/    /' "$CREDS" >&2
    fi
}

rand_password() { "$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(12))'; }

# ---------------------------------------------------------------- Keystone

write_keystone_config() {
    mkdir -p "$KS_DIR"
    render keystone.conf.in "$KS_DIR/keystone.conf" LOG_DIR KS_DIR
    install_modules "$KS_DIR" keystone_wsgi.py sqlite_immediate.py
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
    # --keep-alive 120: clients that pool connections (trunk serve's proxy, reqwest: idle
    # for up to 90 s) send on a socket gunicorn's default 2 s had just closed, and the
    # request failed (measured: trunk answered 500 "client error (SendRequest)" to one
    # request in command (1)'s test). Kept longer than any such pool's idle time.
    env "$@" "$VENV/bin/gunicorn" \
        --daemon --pid "$(pidfile "$name")" --chdir "$STATE_DIR/$name" --pythonpath "$STATE_DIR/$name" \
        --bind "127.0.0.1:${PORT[$name]}" --name "gp-$name" \
        --workers 1 --worker-class gthread --threads 8 --timeout 300 --graceful-timeout 5 \
        --keep-alive 120 \
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

# Accounts and catalog (scripts/devcloud/bootstrap_accounts.py). Skipped when it already ran
# for the same URLs (saves ~3 s per warm start); a port change reruns it, which repoints the
# endpoints.
bootstrap_accounts() {
    local stamp="$KS_URL $GL_URL" marker=$KS_DIR/.accounts
    [[ -f $marker && $(<"$marker") == "$stamp" ]] && return 0
    GP_KEYSTONE_URL=$KS_URL GP_GLANCE_URL=$GL_URL GP_REGION=$REGION \
        GP_ADMIN_PASSWORD=$GP_ADMIN_PASSWORD GP_DEMO_PASSWORD=$GP_DEMO_PASSWORD \
        GP_ALT_PASSWORD=$GP_ALT_PASSWORD GP_GLANCE_SERVICE_PASSWORD=$GP_GLANCE_SERVICE_PASSWORD \
        "$VENV/bin/python" "$FILES_DIR/bootstrap_accounts.py" ||
        die "account bootstrap failed (Keystone log: $LOG_DIR/keystone.log)"
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

    render glance-api.conf.in "$GL_ETC/glance-api.conf" \
        LOG_DIR GL_DIR GL_ETC KS_URL GP_GLANCE_SERVICE_PASSWORD ORIGINS
    install_modules "$GL_DIR" glance_wsgi.py sqlite_immediate.py
    "$VENV/bin/python" "$FILES_DIR/policy.py" "$GL_POLICY" reset
    if [[ -n $CONVERT ]]; then
        render glance-image-import.conf.in "$GL_ETC/glance-image-import.conf" CONVERT
    else
        rm -f "$GL_ETC/glance-image-import.conf"
    fi
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

# Pids of the processes whose parent is $1 (a gunicorn master's workers).
child_pids() {
    local stat fields
    for stat in /proc/[0-9]*/stat; do
        read -r fields <"$stat" 2>/dev/null || continue
        # The command name (field 2) may hold spaces and parentheses; the fields after its
        # closing parenthesis are state, ppid, ...
        read -r -a fields <<<"${fields##*) }"
        if [[ ${fields[1]} == "$1" ]]; then
            stat=${stat#/proc/}
            echo "${stat%/stat}"
        fi
    done
}

# A fresh Glance worker, hence a fresh policy Enforcer, without a full restart: on HUP the
# gunicorn master keeps its pid and listening socket, starts a new worker and stops the old one
# (in-flight requests get --graceful-timeout, 5 s). Requests that arrive while the new worker
# boots wait in the listen backlog rather than fail; measured ~6 s until the next answer.
reload_glance() {
    local master old pid alive i
    master=$(service_pid glance) || return 0 # not running: its next start reads the file anyway
    old=$(child_pids "$master")
    kill -HUP "$master"
    for ((i = 0; i < 300; i++)); do
        alive=0
        for pid in $old; do
            if kill -0 "$pid" 2>/dev/null; then alive=1; fi
        done
        ((alive)) || break
        sleep 0.1
    done
    ((alive == 0)) || die "glance: old worker(s) $old still running 30 s after HUP"
    wait_http glance "$GL_URL/versions" "$LOG_DIR/glance-gunicorn.log" "$LOG_DIR/glance.log"
    say "glance: worker replaced (policy reloaded)"
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
    case $CONVERT in
        "" | raw | qcow2 | vmdk) ;;
        *) die "GP_GLANCE_CONVERT must be raw, qcow2 or vmdk (the plugin's output formats), not '$CONVERT'" ;;
    esac
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

# Overrides are picked up live: oslo.policy re-reads the policy file on the next request
# once its mtime has grown (measured: the very next request). Removing them is not: Glance's
# Enforcer merges the file into the rules it already has (overwrite=False), so a rule dropped
# from the file stays in force. --reset therefore replaces Glance's worker (reload_glance).
cmd_policy() {
    local py=("$VENV/bin/python" "$FILES_DIR/policy.py" "$GL_POLICY")
    local usage="usage: $0 policy [RULE CHECK | --reset]"
    case $# in
        0) "${py[@]}" show ;;
        1)
            [[ $1 == --reset ]] || die "$usage"
            local overrides
            overrides=$("${py[@]}" show)
            "${py[@]}" reset
            if [[ -n $overrides ]]; then reload_glance; fi
            ;;
        2)
            # The next start empties the file, so an override written now would never apply.
            service_pid glance >/dev/null || die "glance is not running; start the cloud first"
            "${py[@]}" set "$1" "$2"
            ;;
        *) die "$usage" ;;
    esac
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
    policy) shift; cmd_policy "$@" ;;
    *)
        echo "usage: $0 start|stop|status|env|policy [RULE CHECK | --reset]" >&2
        exit 2
        ;;
esac
