#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine, as CI does (`bash .ci/run`):
#   1. installs PostgreSQL (with the RUM index extension) and Chromium from Debian's packages when they are missing;
#   2. starts a throwaway PostgreSQL server on 127.0.0.1 (random password, deleted on exit);
#   3. builds the solution once (Release) and checks both providers' migrations for pending model changes;
#   4. runs tests/Portico.Tests on SQLite, then again on PostgreSQL, then tests/Portico.BrowserTests if present;
#   5. prints one closing line "tests: N passed, N failed, N skipped" summed over all runs.
# Exits non-zero if any step or test failed, or if no test ran at all.
# Environment: PORTICO_TEST_RUN_TIMEOUT (per test run, default 25m); PORTICO_TEST_SKIP_POSTGRES=1 skips the
# PostgreSQL run (and the server) for a quick local loop; extra arguments go to every `dotnet test` call
# (e.g. `scripts/test.sh --filter-class 'Portico.Tests.SignIn.*'`).
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
run_timeout=${PORTICO_TEST_RUN_TIMEOUT:-25m}
script_start=$SECONDS

step() { printf '\n==> %s\n' "$*"; }
elapsed() { local s=$((SECONDS - $1)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then printf '%s\n' "$dir"; fi
}

# --- 1. Prerequisites -------------------------------------------------------------------------------------------
if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK (dotnet) is not on PATH; see global.json for the version" >&2
  exit 1
fi

missing=()
if [ -z "$(pg_bindir)" ]; then
  missing+=(postgresql)
fi
if ! command -v chromium >/dev/null 2>&1; then
  missing+=(chromium)
fi
# Note: the smoke test of the published server (step 3b) talks to it with curl.
if ! command -v curl >/dev/null 2>&1; then
  missing+=(curl)
fi
# Note: without CJK fonts Chromium draws Japanese as empty boxes (tests pass, screenshots are unreadable).
if ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  missing+=(fonts-noto-cjk)
fi
# Note: the verification tests start a real DNS server on loopback (dnsmasq) to serve TXT records; dnsmasq-base is
# the binary alone, without the system service the `dnsmasq` package would start on port 53.
if [ ! -x /usr/sbin/dnsmasq ] && ! command -v dnsmasq >/dev/null 2>&1; then
  missing+=(dnsmasq-base)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  step "Installing ${missing[*]} (apt-get)"
  t=$SECONDS
  as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
  as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "installed in $(elapsed $t)"
fi
# Note: the RUM access method gives PostgreSQL user search its ordered index (ADR-0017); the app works without it, but
# the suite covers the path that uses it. Its package follows the server's major version (postgresql-15-rum).
if [ "${PORTICO_TEST_SKIP_POSTGRES:-}" != "1" ] && [ -n "$(pg_bindir)" ]; then
  pg_major=$(basename "$(dirname "$(pg_bindir)")")
  if [ ! -f "/usr/lib/postgresql/$pg_major/lib/rum.so" ]; then
    step "Installing postgresql-$pg_major-rum (apt-get)"
    t=$SECONDS
    as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
    as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "postgresql-$pg_major-rum" >/dev/null
    echo "installed in $(elapsed $t)"
  fi
fi

# --- 2. Throwaway PostgreSQL server ---------------------------------------------------------------------------
pg_dir=""
pg_ctl_cmd=()
as_pg() {
  # Note: initdb and postgres refuse to run as root, so as root the server runs as the `postgres` user.
  if [ "$(id -u)" -eq 0 ]; then (cd "$pg_dir" && runuser -u postgres -- "$@"); else (cd "$pg_dir" && "$@"); fi
}
test_pid=""
log_dir=""
smoke_pid=""
smoke_dir=""
cleanup() {
  if [ -n "$smoke_pid" ]; then kill "$smoke_pid" 2>/dev/null || true; fi
  if [ -n "$smoke_dir" ]; then rm -rf "$smoke_dir"; fi
  if [ -n "$test_pid" ]; then
    # Note: `timeout` leads its own process group, so this ends dotnet test and the test host under it.
    kill -TERM -- "-$test_pid" 2>/dev/null || true
  fi
  if [ -n "$log_dir" ]; then rm -rf "$log_dir"; fi
  if [ -n "$pg_dir" ] && [ -d "$pg_dir" ]; then
    if [ "${#pg_ctl_cmd[@]}" -gt 0 ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
      as_pg "${pg_ctl_cmd[@]}" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

postgres_connection=""
if [ "${PORTICO_TEST_SKIP_POSTGRES:-}" != "1" ]; then
  step "Starting a throwaway PostgreSQL server on 127.0.0.1"
  bindir=$(pg_bindir)
  if [ -z "$bindir" ]; then
    echo "error: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" >&2
    exit 1
  fi
  # Note: under /tmp, not $TMPDIR, so the postgres user can reach it whatever the caller's TMPDIR is.
  pg_dir=$(mktemp -d /tmp/portico-pg.XXXXXX)
  chmod 700 "$pg_dir"
  password=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$pg_dir/pwfile"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$pg_dir"; fi
  initdb_args=(-D "$pg_dir/data" -U postgres --auth=scram-sha-256 --pwfile="$pg_dir/pwfile" --encoding=UTF8)
  if ! as_pg "$bindir/initdb" "${initdb_args[@]}" --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1; then
    rm -rf "$pg_dir/data"
    as_pg "$bindir/initdb" "${initdb_args[@]}" --no-locale >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; exit 1; }
  fi
  rm -f "$pg_dir/pwfile"
  pg_ctl_cmd=("$bindir/pg_ctl")
  # Note: durability is pointless for a server deleted on exit; these settings only make the suite faster.
  server_options="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg_dir -c max_connections=300"
  server_options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  pg_port=""
  for port in $(seq 55432 55531); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      continue
    fi
    if as_pg "$bindir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 -o "-p $port $server_options" start >/dev/null; then
      pg_port=$port
      break
    fi
  done
  if [ -z "$pg_port" ]; then
    echo "error: could not start PostgreSQL on any port in 55432-55531" >&2
    tail -n 20 "$pg_dir/server.log" >&2 || true
    exit 1
  fi
  postgres_connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$password;Database=postgres"
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$pg_port (data in $pg_dir)"
fi

# --- 3. Build once, check migrations --------------------------------------------------------------------------
step "Building (Release)"
t=$SECONDS
projects=(Portico.slnx)
if compgen -G "tests/Portico.BrowserTests/*.csproj" >/dev/null && ! grep -q 'Portico.BrowserTests' Portico.slnx; then
  projects+=(tests/Portico.BrowserTests)
fi
for project in "${projects[@]}"; do
  dotnet build "$project" -c Release -nologo -v quiet -clp:NoSummary
done
echo "built in $(elapsed $t)"

step "Checking both providers' migrations for pending model changes"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  if ! dotnet ef migrations has-pending-model-changes --project "src/Portico.Migrations.$provider" --configuration Release --no-build; then
    echo "error: the model has changes that have no $provider migration; run scripts/add-migration.sh NAME" >&2
    exit 1
  fi
done

# --- 3b. The README's run path: the published server starts and signs a demo user in -----------------------------
# Note: scripts/run.sh runs what scripts/publish.sh produces (ReadyToRun, migrations beside it; ADR-0019), which the
# test runs below never load; this starts that output once on a loopback port with a throwaway database.
step "Smoke test of the published server (scripts/publish.sh)"
t=$SECONDS
smoke_dir=$(mktemp -d /tmp/portico-smoke.XXXXXX)
scripts/publish.sh "$smoke_dir/app" >/dev/null
smoke_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 5180)
(cd "$smoke_dir" && exec env Portico__DemoData=true ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet app/Portico.Web.dll --contentRoot "$smoke_dir/app" --urls "http://127.0.0.1:$smoke_port") >"$smoke_dir/server.log" 2>&1 &
smoke_pid=$!
smoke_ok=""
for _ in $(seq 1 120); do
  if curl -sf -o /dev/null "http://127.0.0.1:$smoke_port/healthz"; then smoke_ok=1; break; fi
  kill -0 "$smoke_pid" 2>/dev/null || break
  sleep 0.5
done
smoke_status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"email":"alex.johnson@contoso.example","password":"harbor-lantern-quietly-47"}' "http://127.0.0.1:$smoke_port/api/v1/session" || true)
kill "$smoke_pid" 2>/dev/null || true
wait "$smoke_pid" 2>/dev/null || true
smoke_pid=""
if [ -z "$smoke_ok" ] || [ "$smoke_status" != "200" ]; then
  echo "error: the published server did not start and sign in a demo user (healthy: ${smoke_ok:-no}, sign-in: $smoke_status)" >&2
  tail -n 30 "$smoke_dir/server.log" >&2 || true
  exit 1
fi
rm -rf "$smoke_dir"
smoke_dir=""
echo "published, healthy and signed in a demo user in $(elapsed $t)"

# --- 4. Test runs ---------------------------------------------------------------------------------------------
total_passed=0
total_failed=0
total_skipped=0
total_ran=0
failed_runs=()
log_dir=$(mktemp -d)

# Runs one test project and adds its counts from the summary Microsoft.Testing.Platform prints at the end:
#   total: N / failed: N / succeeded: N / skipped: N
run_tests() {
  local label=$1 project=$2
  shift 2
  local log="$log_dir/$(echo "$label" | tr -c 'A-Za-z0-9' '-').log"
  step "Tests: $label ($project)"
  local t=$SECONDS code=0 tail_pid
  # Note: run in the background and waited for, so Ctrl+C (or CI's TERM) stops the run at once through the trap;
  # the output goes to a file that `tail` streams, so nothing left behind can hold a pipe open.
  : >"$log"
  timeout --kill-after=60s "$run_timeout" env "$@" \
    dotnet test --project "$project" -c Release --no-build --no-progress --no-ansi "${extra_test_args[@]}" >"$log" 2>&1 &
  test_pid=$!
  tail --pid="$test_pid" -n +1 -f "$log" &
  tail_pid=$!
  wait "$test_pid" || code=$?
  test_pid=""
  wait "$tail_pid" || true
  local clean passed failed skipped total
  clean=$(sed -E 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$log")
  total=$(grep -E '^[[:space:]]*total:[[:space:]]*[0-9]+' <<<"$clean" | tail -n 1 | grep -oE '[0-9]+' || true)
  failed=$(grep -E '^[[:space:]]*failed:[[:space:]]*[0-9]+' <<<"$clean" | tail -n 1 | grep -oE '[0-9]+' || true)
  passed=$(grep -E '^[[:space:]]*succeeded:[[:space:]]*[0-9]+' <<<"$clean" | tail -n 1 | grep -oE '[0-9]+' || true)
  skipped=$(grep -E '^[[:space:]]*skipped:[[:space:]]*[0-9]+' <<<"$clean" | tail -n 1 | grep -oE '[0-9]+' || true)
  total_passed=$((total_passed + ${passed:-0}))
  total_failed=$((total_failed + ${failed:-0}))
  total_skipped=$((total_skipped + ${skipped:-0}))
  total_ran=$((total_ran + ${total:-0}))
  if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
    echo "error: $label timed out after $run_timeout" >&2
  fi
  if [ "$code" -eq 8 ] && [ "${#extra_test_args[@]}" -gt 0 ]; then
    # Note: with a filter from the command line, a project with no matching test is fine (exit 8: zero tests ran).
    echo "$label: no test matched the filter"
    return
  fi
  if [ "$code" -ne 0 ] || [ -z "$total" ] || [ "${failed:-0}" -ne 0 ] || [ "${total:-0}" -eq 0 ]; then
    failed_runs+=("$label (exit $code)")
  fi
  echo "$label: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped in $(elapsed $t)"
}

extra_test_args=("$@")
run_tests "SQLite" tests/Portico.Tests PORTICO_TEST_POSTGRES=
if [ -n "$postgres_connection" ]; then
  run_tests "PostgreSQL" tests/Portico.Tests "PORTICO_TEST_POSTGRES=$postgres_connection"
fi
if compgen -G "tests/Portico.BrowserTests/*.csproj" >/dev/null; then
  run_tests "Browser" tests/Portico.BrowserTests PORTICO_TEST_POSTGRES=
fi

# --- 5. Summary -----------------------------------------------------------------------------------------------
step "Done in $(elapsed $script_start)"
status=0
if [ "${#failed_runs[@]}" -gt 0 ]; then
  printf 'failed run: %s\n' "${failed_runs[@]}"
  status=1
fi
if [ "$total_ran" -eq 0 ]; then
  echo "error: no test ran"
  status=1
fi
echo "tests: $total_passed passed, $total_failed failed, $total_skipped skipped"
exit $status
