#!/usr/bin/env bash
# Runs every test: the provider's unit tests (Maven), the bridge's, the CLI's and the admin console's unit tests and type checks,
# the bridge on real Redis topologies (Sentinel, Cluster) and Redis/bridge faults (e2e/redis, no Keycloak),
# and the end-to-end suite (real Keycloak + provider jar + Redis + bridge + Chromium), then the
# admin-API end-to-end tests and a login with Keycloak on PostgreSQL.
# Installs what is missing first. Ends with each runner's summary and one total line.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_node_modules
ensure_keycloak
ensure_redis
ensure_chromium
ensure_postgres

LOGS="$CACHE/test-logs"; mkdir -p "$LOGS"
passed=0; failed=0; skipped=0; status=0
summaries=()

# count_of WORD LINE: the N of 'N WORD' in LINE, else 0.
count_of() { echo "$2" | grep -Eo "[0-9]+ $1" | grep -Eo '[0-9]+' || echo 0; }

# run_suite NAME KIND COMMAND...: runs a suite, keeps its output, adds up its counts.
run_suite() {
  local name="$1" kind="$2"; shift 2
  log "$name"
  local out="$LOGS/$name.log" rc=0
  "$@" 2>&1 | tee "$out" || rc=$?
  [ "$rc" = 0 ] || status=1
  local p=0 f=0 s=0 line
  case "$kind" in
    surefire)
      line="$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' | tail -n1 || true)"
      if [ -n "$line" ]; then
        local run fl er sk
        read -r run fl er sk < <(echo "$line" | sed -E 's/.*Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+), Skipped: ([0-9]+)/\1 \2 \3 \4/')
        f=$((fl + er)); s=$sk; p=$((run - f - s))
        summaries+=("$name: $line")
      fi ;;
    mocha)
      p="$(grep -Eo '^ +[0-9]+ passing' "$out" | tail -n1 | grep -Eo '[0-9]+' || echo 0)"
      f="$(grep -Eo '^ +[0-9]+ failing' "$out" | tail -n1 | grep -Eo '[0-9]+' || echo 0)"
      s="$(grep -Eo '^ +[0-9]+ pending' "$out" | tail -n1 | grep -Eo '[0-9]+' || echo 0)"
      summaries+=("$name: $p passing, $f failing, $s pending") ;;
    vitest) # its closing 'Tests  N failed | N passed | N skipped | N todo (N)' line
      line="$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -E '^ *Tests +[0-9]+ [a-z]+' | tail -n1 || true)"
      p="$(count_of passed "$line")"; f="$(count_of failed "$line")"
      s=$(($(count_of skipped "$line") + $(count_of todo "$line")))
      summaries+=("$name: $p passed, $f failed, $s skipped") ;;
    plain) # a 'name: N passed, N failed' closing line
      line="$(grep -E '^[a-z ]+: [0-9]+ passed, [0-9]+ failed$' "$out" | tail -n1 || true)"
      if [ -n "$line" ]; then
        p="$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')"; f="$(echo "$line" | sed -E 's/.*passed, ([0-9]+) failed/\1/')"
      fi
      summaries+=("$name: $p passed, $f failed") ;;
    check)
      if [ "$rc" = 0 ]; then p=1; else f=1; fi
      summaries+=("$name: $([ "$rc" = 0 ] && echo ok || echo FAILED)") ;;
  esac
  # A runner that failed without reporting a failing test still fails the run.
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
}

# The storage on PostgreSQL, as a cluster: Keycloak on an emptied `keycloak` database with
# distributed caches (IO_KC_CLUSTER=1), running the admin-API tests (which restart Keycloak and
# then run a login) and the two-node cluster tests; the main suite stays on dev-mem.
postgres_e2e() {
  reset_postgres_db
  IO_KC_DB=postgres IO_KC_CLUSTER=1 npx mocha --config e2e/.mocharc.postgres.json
}

run_suite provider-unit surefire mvn -B -f keycloak test
run_suite provider-install check install_provider
run_suite typecheck check npm run -s typecheck
run_suite lint check npm run -s lint
# The end-to-end suite runs the bridge as it ships: node bridge/dist/main.js.
run_suite bridge-build check npm run -s -w bridge build
run_suite bridge-unit mocha npm run -s test:unit
# Real local Redis topologies (one server, Sentinel, a 3-master Cluster) and faults, with bridge/dist.
run_suite redis-topologies mocha npm run -s test:redis
run_suite cli-unit mocha npm run -s test:cli
run_suite console-unit vitest npm run -s test:console
run_suite flow-tests plain npm run -s test:flows
run_suite end-to-end mocha npm run -s test:e2e
run_suite end-to-end-postgres mocha postgres_e2e

echo
echo "Summary:"
for line in "${summaries[@]}"; do echo "  $line"; done
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
