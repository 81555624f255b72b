# Shared helpers for the project's scripts: each `ensure_*` installs what is missing and is cheap
# when everything is already there, so both quick-start commands work on a fresh machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache"
# Single source of truth for the Keycloak version: the provider's pom.
KEYCLOAK_VERSION="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$ROOT/keycloak/pom.xml" | head -n1)"
KC_HOME="$CACHE/keycloak-$KEYCLOAK_VERSION"
PROVIDER_JAR="$ROOT/keycloak/target/io-keycloak-provider.jar"

log() { printf '\033[1;34m[io]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[io] error:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root to run: $*"; fi; }

APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  log "installing Debian packages: $*"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_node_modules() {
  command -v npm >/dev/null || die "Node.js 24 or 22 with npm is required (20.19+ still runs the development stack and the tests)"
  local stamp="$ROOT/node_modules/.io-installed"
  if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ]; then
    log "installing npm packages"
    (cd "$ROOT" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi)
    touch "$stamp"
  fi
}

ensure_keycloak() {
  command -v mvn >/dev/null || apt_install maven
  if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
    log "fetching Keycloak $KEYCLOAK_VERSION (org.keycloak:keycloak-quarkus-dist) from Maven Central"
    mkdir -p "$CACHE"
    mvn -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
      -DoutputDirectory="$CACHE" -Dmdep.overWriteIfNewer=true
    command -v unzip >/dev/null || apt_install unzip
    rm -rf "$KC_HOME.tmp" && mkdir -p "$KC_HOME.tmp"
    unzip -q "$CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$KC_HOME.tmp"
    mv "$KC_HOME.tmp/keycloak-$KEYCLOAK_VERSION" "$KC_HOME" && rm -rf "$KC_HOME.tmp"
  fi
}

# Builds the provider jar (tests run separately in scripts/test.sh) and installs it into Keycloak.
install_provider() {
  # The admin console (admin theme io) goes into the jar: admin-extension's Vite build, with the
  # system's npm (the Maven build only copies admin-extension/dist).
  log "building the admin console extension"
  (cd "$ROOT" && npm run -s -w admin-extension build -- --logLevel=warn)
  log "building the provider jar"
  # clean: a resource deleted from the sources (a META-INF/services entry) must not stay in the jar.
  mvn -q -B -f "$ROOT/keycloak" clean package -DskipTests
  if ! cmp -s "$PROVIDER_JAR" "$KC_HOME/providers/io-keycloak-provider.jar"; then
    cp "$PROVIDER_JAR" "$KC_HOME/providers/io-keycloak-provider.jar"
  fi
}

redis_ping() { # host port
  (exec 3<>"/dev/tcp/$1/$2" && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG) 2>/dev/null
}

# Sets REDIS_URL to a reachable Redis, starting a local redis-server if none answers.
ensure_redis() {
  if [ -n "${REDIS_URL:-}" ]; then return 0; fi
  if redis_ping 127.0.0.1 6379; then export REDIS_URL="redis://127.0.0.1:6379"; return 0; fi
  command -v redis-server >/dev/null || apt_install redis-server
  log "starting redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "${TMPDIR:-/tmp}" --logfile "${TMPDIR:-/tmp}/io-redis.log"
  for _ in $(seq 1 50); do redis_ping 127.0.0.1 6379 && break; sleep 0.1; done
  redis_ping 127.0.0.1 6379 || die "redis-server did not start (see ${TMPDIR:-/tmp}/io-redis.log)"
  export REDIS_URL="redis://127.0.0.1:6379"
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
}

# PostgreSQL for Keycloak's database (IO_KC_DB=postgres in scripts/keycloak.sh): installs the
# `postgresql` package where missing, starts its cluster and creates the `keycloak` role and
# database once. IO_PG_* name them; the defaults suit a development machine only.
IO_PG_HOST="${IO_PG_HOST:-127.0.0.1}"
IO_PG_PORT="${IO_PG_PORT:-5432}"
IO_PG_DB="${IO_PG_DB:-keycloak}"
IO_PG_USER="${IO_PG_USER:-keycloak}"
IO_PG_PASSWORD="${IO_PG_PASSWORD:-keycloak}"

pg_admin() { # psql as the cluster's superuser
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAt "$@"; else sudo -u postgres psql -v ON_ERROR_STOP=1 -qAt "$@"; fi
}

pg_answers() { (exec 3<>"/dev/tcp/$IO_PG_HOST/$IO_PG_PORT") 2>/dev/null; }

ensure_postgres() {
  command -v pg_lsclusters >/dev/null || apt_install postgresql
  if ! pg_answers; then
    local cluster
    cluster="$(pg_lsclusters -h | awk -v port="$IO_PG_PORT" '$3 == port { print $1 " " $2; exit }')"
    [ -n "$cluster" ] || die "no PostgreSQL cluster on port $IO_PG_PORT (pg_lsclusters)"
    log "starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086
    as_root pg_ctlcluster $cluster start
    for _ in $(seq 1 50); do pg_answers && break; sleep 0.2; done
    pg_answers || die "PostgreSQL did not start on $IO_PG_HOST:$IO_PG_PORT"
  fi
  if [ "$(pg_admin -c "select 1 from pg_roles where rolname = '$IO_PG_USER'")" != 1 ]; then
    log "creating PostgreSQL role $IO_PG_USER"
    pg_admin -c "create role \"$IO_PG_USER\" login password '$IO_PG_PASSWORD'"
  fi
  if [ "$(pg_admin -c "select 1 from pg_database where datname = '$IO_PG_DB'")" != 1 ]; then
    log "creating PostgreSQL database $IO_PG_DB"
    pg_admin -c "create database \"$IO_PG_DB\" owner \"$IO_PG_USER\""
  fi
}

# An empty Keycloak database, for a test run that must start from the demo realm as shipped.
reset_postgres_db() {
  ensure_postgres
  log "emptying PostgreSQL database $IO_PG_DB"
  pg_admin -c "drop database if exists \"$IO_PG_DB\" with (force)"
  pg_admin -c "create database \"$IO_PG_DB\" owner \"$IO_PG_USER\""
}

# The master realm's admin console is IO's too (admin theme io). Keycloak creates master itself at
# first start, so its adminTheme cannot come from a realm file; a server-wide default
# (--spi-theme--default) would switch every theme type, so it is set through the admin API once
# Keycloak is up, as the bootstrap admin. Usage: use_io_admin_theme_for_master <keycloak url>
use_io_admin_theme_for_master() {
  local url="$1" token
  token="$(curl -fsS -d grant_type=password -d client_id=admin-cli \
    -d "username=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" -d "password=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" \
    "$url/realms/master/protocol/openid-connect/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
  [ -n "$token" ] || die "could not sign in to the master realm to select the io admin theme"
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d '{"adminTheme": "io"}' "$url/admin/realms/master" || die "could not select the io admin theme for the master realm"
}
