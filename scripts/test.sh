#!/usr/bin/env bash
# What `npm test` runs. Makes sure the machine has what the tests need (Debian's
# Chromium for the browser tests, a PostgreSQL server for the store contract
# tests), then typechecks and runs every test. Safe to run again and again:
# each step does nothing when its service is already there.
#
# Extra arguments go to vitest, e.g. `npm test -- test/web`.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    log "needs root to run: $*"
    return 1
  fi
}

apt_updated=''
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

wait_for() { # wait_for <seconds> <command...>
  local seconds=$1
  shift
  for _ in $(seq "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  "$@"
}

# The browser tests drive Debian's Chromium through playwright-core; they never download a browser.
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  log 'installing Chromium (Debian package)'
  apt_install chromium
}

# The store's contract tests run against PostgreSQL as well as PGlite.
ensure_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    log "using the given TEST_DATABASE_URL"
    return
  fi

  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
      log 'installing PostgreSQL'
      apt_install postgresql
    fi
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    if [ ! -d "/etc/postgresql/$version/main" ]; then
      as_root pg_createcluster "$version" main
    fi
    log "starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_for 30 pg_isready -q -h 127.0.0.1 -p 5432
  fi

  local admin_url='postgres://postgres@127.0.0.1:5432/postgres'
  if ! psql "$admin_url" -Atqc 'select 1' >/dev/null 2>&1; then
    # A fresh Debian cluster wants a password on TCP: let the local test role
    # in without one, from this machine only.
    log 'allowing password-less connections for postgres from 127.0.0.1'
    local hba
    hba=$(as_root runuser -u postgres -- psql -Atqc 'show hba_file')
    as_root sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
    as_root runuser -u postgres -- psql -Atqc 'select pg_reload_conf()' >/dev/null
    wait_for 10 psql "$admin_url" -Atqc 'select 1'
  fi

  if [ "$(psql "$admin_url" -Atqc "select 1 from pg_database where datname = 'test'")" != '1' ]; then
    log "creating database 'test'"
    psql "$admin_url" -qc 'create database test'
  fi
  export TEST_DATABASE_URL='postgres://postgres@127.0.0.1:5432/test'
}

ensure_chromium
ensure_postgres
# Further services the tests need go here (for example ClamAV's clamd for the
# upload scanning tests), each as an idempotent ensure_* function like those above.

log 'typechecking'
npx tsc --noEmit

log 'running the tests'
npx vitest run "$@"
