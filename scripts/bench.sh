#!/usr/bin/env bash
# Benchmarks that print figures (nothing is asserted): the flow engine, then the bridge over HTTP
# (autocannon), each with the in-memory and the Redis store, then the bridge alone on Redis (round
# trips per request, bytes per paused journey, whole journeys per second and CPU per request), then Keycloak's handoff path to a
# published flow version on PostgreSQL (time per login, database reads per login).
# Installs what is missing and starts Redis and PostgreSQL if needed, like the other commands.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
ensure_redis
npx tsx bridge/bench/engine.bench.ts
npx tsx bridge/bench/http.bench.ts
npx tsx bridge/bench/journeys.bench.ts
ensure_keycloak
ensure_chromium
install_provider
reset_postgres_db
IO_KC_DB=postgres npx mocha --config e2e/.mocharc.bench.json
