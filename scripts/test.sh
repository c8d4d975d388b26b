#!/usr/bin/env bash
# What `npm test` runs. Makes sure the machine has what the tests need (Debian's
# Chromium for the browser tests, a PostgreSQL server for the store contract
# tests), then typechecks, checks the layers, lints, checks the formatting and
# runs every test. Safe to run again and again: each step does nothing when its
# service is already there.
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

# The upload tests scan files with a real clamd (Debian's clamav-daemon) on
# 127.0.0.1, with a signature database made here, offline: the EICAR test file
# (by hash and by its bytes anywhere in a file) and every file in Debian's
# clamav-testfiles. The encrypted-PDF test makes its file with qpdf.
# CLAMD_HOST/CLAMD_PORT already set means: use that clamd instead.
clamd_dir=''
stop_clamd() {
  if [ -n "$clamd_dir" ] && [ -f "$clamd_dir/clamd.pid" ]; then
    kill "$(cat "$clamd_dir/clamd.pid")" 2>/dev/null || true
  fi
  if [ -n "${clamd_pid:-}" ]; then
    kill "$clamd_pid" 2>/dev/null || true
    wait "$clamd_pid" 2>/dev/null || true
  fi
  [ -n "$clamd_dir" ] && rm -rf "$clamd_dir"
  return 0
}

clamd_answers() { # clamd_answers <port>: PING → PONG
  local reply
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'zPING\0' >&3
  IFS= read -r -d '' -t 5 reply <&3 || true
  exec 3<&- 3>&-
  [ "$reply" = 'PONG' ]
}

ensure_clamd() {
  local missing=()
  [ -x /usr/sbin/clamd ] || missing+=(clamav-daemon)
  [ -d /usr/share/clamav-testfiles ] || missing+=(clamav-testfiles)
  command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} (Debian packages)"
    apt_install "${missing[@]}"
  fi
  if [ -n "${CLAMD_HOST:-}" ]; then
    log "using the given clamd at $CLAMD_HOST:${CLAMD_PORT:-3310}"
    return
  fi

  clamd_dir=$(mktemp -d "${TMPDIR:-/tmp}/irm-clamd.XXXXXX")
  trap stop_clamd EXIT
  mkdir -p "$clamd_dir/db" "$clamd_dir/tmp"
  local eicar='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
  {
    printf '%s:%s:Eicar-Test-Signature\n' "$(printf '%s' "$eicar" | md5sum | cut -d' ' -f1)" "${#eicar}"
    local file
    for file in /usr/share/clamav-testfiles/*; do
      [ -f "$file" ] || continue
      printf '%s:%s:ClamAV-Test-File.%s\n' "$(md5sum < "$file" | cut -d' ' -f1)" "$(stat -c %s "$file")" "$(basename "$file")"
    done
  } > "$clamd_dir/db/test.hdb"
  printf 'Eicar-Test-Signature.Body:0:*:%s\n' "$(printf '%s' "$eicar" | od -An -tx1 -v | tr -d ' \n')" > "$clamd_dir/db/test.ndb"

  local port
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  cat > "$clamd_dir/clamd.conf" <<CONF
Foreground yes
TCPSocket $port
TCPAddr 127.0.0.1
DatabaseDirectory $clamd_dir/db
TemporaryDirectory $clamd_dir/tmp
PidFile $clamd_dir/clamd.pid
LogFile $clamd_dir/clamd.log
LogTime yes
StreamMaxLength 30M
MaxFileSize 30M
MaxScanSize 100M
# A file past these limits is reported (Heuristics.Limits.Exceeded), so it is refused, never passed unscanned.
AlertExceedsMax yes
ReadTimeout 30
CONF
  # Run as whoever runs the tests (root on CI): every path it needs is in $clamd_dir.
  log "starting clamd on 127.0.0.1:$port (signatures: EICAR and clamav-testfiles)"
  /usr/sbin/clamd --config-file="$clamd_dir/clamd.conf" >"$clamd_dir/stdout.log" 2>&1 &
  clamd_pid=$!
  local ready=''
  for _ in $(seq 60); do
    if clamd_answers "$port" 2>/dev/null; then ready=1; break; fi
    if ! kill -0 "$clamd_pid" 2>/dev/null; then break; fi
    sleep 0.5
  done
  if [ -z "$ready" ]; then
    log 'clamd did not start; its log:'
    cat "$clamd_dir/stdout.log" "$clamd_dir/clamd.log" >&2 2>/dev/null || true
    return 1
  fi
  export CLAMD_HOST=127.0.0.1 CLAMD_PORT=$port
}

ensure_chromium
ensure_postgres
ensure_clamd
# Further services the tests need go here, each as an idempotent ensure_*
# function like those above.

log 'typechecking'
npx tsc --noEmit

log 'checking the layers (dependency-cruiser)'
npm run -s lint:deps

log 'linting (ESLint, type-aware)'
npm run -s lint

log 'checking the formatting (Prettier)'
npm run -s format:check

log 'running the tests'
npx vitest run "$@"
