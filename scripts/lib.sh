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
  command -v npm >/dev/null || die "Node.js 20.19+ with npm is required"
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
  log "building the provider jar"
  mvn -q -B -f "$ROOT/keycloak" package -DskipTests
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
