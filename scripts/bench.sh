#!/usr/bin/env bash
# Benchmarks that print figures (nothing is asserted): the flow engine, then the bridge over HTTP
# (autocannon), each with the in-memory and the Redis store. Installs npm packages and starts Redis if needed, like the other commands.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
ensure_redis
npx tsx bridge/bench/engine.bench.ts
npx tsx bridge/bench/http.bench.ts
