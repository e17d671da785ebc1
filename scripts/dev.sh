#!/usr/bin/env bash
# Starts the dev cloud (real Keystone + Glance on 127.0.0.1:5000 / :9292, state in .devcloud/)
# and serves the portal with trunk at http://127.0.0.1:8080, proxying /identity and /image to
# the cloud (Trunk.toml). Prints the URL and the demo credentials. Ctrl-C stops the portal;
# the cloud keeps running until `scripts/devcloud.sh stop`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GP_ROOT"
scripts/bootstrap.sh
unset GP_STATE_DIR GP_KEYSTONE_PORT GP_GLANCE_PORT # the dev cloud's defaults match Trunk.toml
scripts/devcloud.sh start
eval "$(scripts/devcloud.sh env)"
cat <<MSG

  Glance Portal:  http://127.0.0.1:8080/
  Log in as:      user demo, password ${GP_DEMO_PASSWORD}, project demo   (domain Default)
  Also:           alt / ${GP_ALT_PASSWORD} (project alt), admin / ${GP_ADMIN_PASSWORD} (project admin)
  Credentials:    .devcloud/credentials.env      Stop the cloud: scripts/devcloud.sh stop

MSG
# --poll: see [watch] in Trunk.toml (single-file watches and editors' rename-on-save).
exec trunk serve --offline --poll --poll-interval 1s "$@"
