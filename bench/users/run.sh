#!/usr/bin/env bash
# bench/users: user search and listing at 1,000,000 accounts on SQLite and PostgreSQL through the real UserQueries,
# against naive SQL in the same run, plus one access decision under BenchmarkDotNet. Prints Markdown tables.
# Touches only a temp dir and 127.0.0.1, and stops by itself.
#
# Usage: bench/users/run.sh [options passed to the program]
#   --accounts N (1000000)  --organizations N (10000)  --large N (200000)  --repetitions N (200)
#   --no-sqlite  --no-access  --sqlite-file PATH (keep a loaded file)  --postgres-database NAME (keep a loaded database)
#   --commit-between: on SQLite, another connection commits before every timed query (a live portal, not a quiet file)
#   --print-terms: only print every prefix/infix term the bench can draw (for bench/users/probe-terms.sql)
# Environment: PORTICO_BENCH_POSTGRES=<connection string> uses that server instead of starting a throwaway one on
# 127.0.0.1 (as scripts/test.sh does); PORTICO_BENCH_SKIP_POSTGRES=1 runs SQLite only.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

pg_dir=""
pg_ctl=""
as_pg() {
  # Note: initdb and postgres refuse to run as root, so as root the server runs as the `postgres` user.
  if [ "$(id -u)" -eq 0 ]; then (cd "$pg_dir" && runuser -u postgres -- "$@"); else (cd "$pg_dir" && "$@"); fi
}
cleanup() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir" ]; then
    if [ -n "$pg_ctl" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
      as_pg "$pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ " $* " == *" --print-terms "* ]]; then
  dotnet build bench/users -c Release -v quiet -nologo -clp:NoSummary >&2
  exec dotnet bench/users/bin/Release/net10.0/Portico.Bench.Users.dll --print-terms
fi

postgres="${PORTICO_BENCH_POSTGRES:-}"
if [ -z "$postgres" ] && [ "${PORTICO_BENCH_SKIP_POSTGRES:-}" != "1" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "PostgreSQL server binaries not found (apt-get install postgresql); running SQLite only" >&2
  else
    # Note: under /tmp so the postgres user can reach it; random password; deleted on exit.
    pg_dir=$(mktemp -d /tmp/portico-bench-pg.XXXXXX)
    chmod 700 "$pg_dir"
    password=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
    printf '%s\n' "$password" >"$pg_dir/pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$pg_dir"; fi
    as_pg "$bindir/initdb" -D "$pg_dir/data" -U postgres --auth=scram-sha-256 --pwfile="$pg_dir/pwfile" --encoding=UTF8 \
      --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; exit 1; }
    rm -f "$pg_dir/pwfile"
    pg_ctl="$bindir/pg_ctl"
    # Note: durability off (the server is thrown away); memory sized like a small dedicated server on this machine.
    options="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg_dir -c fsync=off -c synchronous_commit=off"
    options+=" -c full_page_writes=off -c shared_buffers=2GB -c effective_cache_size=8GB -c work_mem=16MB -c max_wal_size=4GB"
    port=""
    for p in $(seq 55632 55731); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then continue; fi
      if as_pg "$pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 -o "-p $p $options" start >/dev/null; then
        port=$p
        break
      fi
    done
    if [ -z "$port" ]; then
      echo "could not start PostgreSQL on 127.0.0.1:55632-55731" >&2
      exit 1
    fi
    postgres="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
  fi
fi

dotnet build bench/users -c Release -v quiet -nologo -clp:NoSummary >&2
args=("$@")
if [ -n "$postgres" ]; then args=(--postgres "$postgres" "${args[@]}"); fi
# Note: the bounded run time is a guard; a full run takes about ten minutes on 2 cores.
timeout --kill-after=30s 60m dotnet bench/users/bin/Release/net10.0/Portico.Bench.Users.dll "${args[@]}"
