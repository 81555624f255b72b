#!/usr/bin/env bash
# Brings up the whole stack on this machine: Keycloak (demo realm + provider), Redis (or the
# bridge's in-memory store with IO_MEMORY_STORE=1), the bridge and the demo application.
# Installs what is missing first. Ctrl-C stops everything it started.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

KC_PORT="${KC_PORT:-8080}"
BRIDGE_PORT="${IO_PORT:-3000}"
DEMO_PORT="${DEMO_PORT:-3001}"
KC_URL="http://localhost:$KC_PORT"
BRIDGE_URL="http://localhost:$BRIDGE_PORT"
LOGS="$CACHE/logs"; mkdir -p "$LOGS"

ensure_node_modules
ensure_keycloak
install_provider
if [ "${IO_MEMORY_STORE:-0}" = 1 ]; then unset REDIS_URL; else ensure_redis; fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'log "stopping"; exit 0' INT TERM
# Each service in its own process group, so cleanup stops its children too.
start_service() { local name="$1"; shift; setsid "$@" >"$LOGS/$name.log" 2>&1 & pids+=("$!"); }

wait_for() { # url name log
  for _ in $(seq 1 240); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 1; done
  tail -n 40 "$3" >&2; die "$2 did not come up (log: $3)"
}
command -v curl >/dev/null || apt_install curl

log "starting Keycloak on $KC_URL (log: $LOGS/keycloak.log)"
KC_PORT="$KC_PORT" KC_URL="$KC_URL" IO_BRIDGE_URL="$BRIDGE_URL" \
  IO_DEMO_REDIRECT_URI="http://localhost:$DEMO_PORT/callback" \
  start_service keycloak bash scripts/keycloak.sh run
wait_for "http://127.0.0.1:${KC_MGMT_PORT:-9000}/health/ready" Keycloak "$LOGS/keycloak.log"
log "selecting the IO admin console (admin theme io) for the master realm"
use_io_admin_theme_for_master "$KC_URL"

# The bridge as it ships: compiled (npm run -w bridge build) and run with node. IO_BRIDGE_DEV=1 runs
# the TypeScript sources with tsx instead and restarts the bridge whenever one of them changes.
if [ "${IO_BRIDGE_DEV:-0}" = 1 ]; then
  bridge_script=dev
else
  log "building the bridge (bridge/dist)"
  npm run -s -w bridge build
  bridge_script=start
fi
log "starting the bridge on $BRIDGE_URL ($bridge_script; log: $LOGS/bridge.log)"
# Themers edit themes/ while the stack runs: the bridge re-reads theme files on every page. (IO_THEME_HOT_RELOAD)
IO_THEME_HOT_RELOAD="${IO_THEME_HOT_RELOAD:-1}" \
IO_ALLOW_HTTP=1 \
IO_PUBLIC_URL="$BRIDGE_URL" IO_PORT="$BRIDGE_PORT" IO_TRUSTED_ISSUERS="$KC_URL/realms/demo" \
  IO_KEYCLOAK_ADMIN_CLIENT_ID=io-bridge IO_KEYCLOAK_ADMIN_CLIENT_SECRET=io-bridge-dev-secret \
  IO_METRICS_PORT="${IO_METRICS_PORT:-9464}" \
  start_service bridge npm run -s -w bridge "$bridge_script"
wait_for "http://127.0.0.1:$BRIDGE_PORT/readyz" bridge "$LOGS/bridge.log"

# The demo realm's flows come from the built-in templates through IO's admin API, published (the
# bridge validates them) and active, with the obligation types mapped: Keycloak keeps them, the
# bridge fetches the published versions it is told to run.
log "installing the demo realm's flows from the built-in templates"
KC_URL="$KC_URL" npx tsx demo/install-flows.ts || die "could not install the demo realm's flows"

log "starting the demo application on http://localhost:$DEMO_PORT (log: $LOGS/demo.log)"
DEMO_PORT="$DEMO_PORT" DEMO_ISSUER="$KC_URL/realms/demo" start_service demo npx tsx demo/app.ts
wait_for "http://127.0.0.1:$DEMO_PORT/" "demo application" "$LOGS/demo.log"

cat <<TXT

  IO for Keycloak is up.

  Try the journey:   http://localhost:$DEMO_PORT   user: alice   password: alice-password
  Keycloak admin:    $KC_URL/admin                 user: admin   password: admin
  Bridge:            $BRIDGE_URL   (session store: ${REDIS_URL:-in-memory, single instance})
                     ready: $BRIDGE_URL/readyz   metrics: http://127.0.0.1:${IO_METRICS_PORT:-9464}/metrics

  Logs are in $LOGS. Press Ctrl-C to stop everything.

TXT
wait -n "${pids[@]}" || true
die "a service stopped unexpectedly; see the logs in $LOGS"
