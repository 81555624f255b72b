#!/usr/bin/env bash
# Keycloak for development and tests: `install` fetches the distribution (cached in .cache/) and
# installs the freshly built provider; `run` starts it in the foreground with the demo realm.
#
# `run` reads: KC_PORT (8080), KC_MGMT_PORT (9000), KC_URL (http://localhost:$KC_PORT),
# IO_BRIDGE_URL (http://localhost:3000), IO_DEMO_REDIRECT_URI (http://localhost:3001/callback),
# IO_KC_DB (dev-mem: a clean demo realm at every start; postgres: Keycloak's database in the local
# PostgreSQL from ensure_postgres, kept across restarts; the demo realm is imported once),
# IO_EXTRA_REALMS (realm files imported besides the demo realm),
# IO_KC_CLUSTER (1: with IO_KC_DB=postgres, a clustered node: distributed Infinispan caches whose
# nodes find each other through the database, the jdbc-ping stack; several nodes on one host set
# their own KC_CLUSTER_PORT (JGroups, 7800; failure detection listens on it + 50000) and the same KC_URL).
# IO_BRIDGE_URL is also the bridge the admin API asks to validate flows before publishing
# (--spi-admin-realm-restapi-extension--io--bridge-url).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
  install)
    ensure_keycloak
    install_provider
    ;;
  run)
    [ -x "$KC_HOME/bin/kc.sh" ] || die "Keycloak is not installed: run scripts/keycloak.sh install"
    KC_PORT="${KC_PORT:-8080}"
    export IO_BRIDGE_URL="${IO_BRIDGE_URL:-http://localhost:3000}"
    export IO_DEMO_REDIRECT_URI="${IO_DEMO_REDIRECT_URI:-http://localhost:3001/callback}"
    export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
    export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
    # The import folder holds exactly this start's realms: the demo realm, plus IO_EXTRA_REALMS
    # (space-separated realm files named <realm>-realm.json, e.g. the end-to-end suite's second realm).
    rm -rf "$KC_HOME/data/import"
    mkdir -p "$KC_HOME/data/import"
    cp "$ROOT/keycloak/realm/demo-realm.json" "$KC_HOME/data/import/demo-realm.json"
    for realm_file in ${IO_EXTRA_REALMS:-}; do cp "$realm_file" "$KC_HOME/data/import/"; done
    case "${IO_KC_DB:-dev-mem}" in
      dev-mem) db_options=(--db=dev-mem) ;;
      postgres)
        ensure_postgres
        db_options=(--db=postgres --db-url="jdbc:postgresql://$IO_PG_HOST:$IO_PG_PORT/$IO_PG_DB"
          --db-username="$IO_PG_USER" --db-password="$IO_PG_PASSWORD") ;;
      *) die "IO_KC_DB must be dev-mem or postgres" ;;
    esac
    # start-dev keeps its caches local unless told otherwise: a node of its own.
    cache_options=()
    if [ "${IO_KC_CLUSTER:-}" = 1 ]; then
      [ "${IO_KC_DB:-dev-mem}" = postgres ] || die "IO_KC_CLUSTER=1 needs IO_KC_DB=postgres (the nodes share the database and find each other through it)"
      cache_options=(--cache=ispn --cache-stack=jdbc-ping --cache-embedded-network-bind-address=127.0.0.1
        --cache-embedded-network-bind-port="${KC_CLUSTER_PORT:-7800}")
    fi
    # `--hostname` pins the issuer the bridge trusts.
    exec "$KC_HOME/bin/kc.sh" start-dev \
      "${db_options[@]}" \
      "${cache_options[@]}" \
      --import-realm \
      --http-host=127.0.0.1 \
      --http-port="$KC_PORT" \
      --http-management-port="${KC_MGMT_PORT:-9000}" \
      --hostname="${KC_URL:-http://localhost:$KC_PORT}" \
      --health-enabled=true \
      --spi-required-action--io-journey--bridge-url="$IO_BRIDGE_URL" \
      --spi-admin-realm-restapi-extension--io--bridge-url="$IO_BRIDGE_URL" \
      --log-level="${KC_LOG_LEVEL:-info}"
    ;;
  *)
    echo "usage: scripts/keycloak.sh install | run" >&2; exit 2 ;;
esac
