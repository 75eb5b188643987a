#!/usr/bin/env bash
# bench/signin: raw Argon2id rate vs end-to-end API sign-ins on a real Portico process (loopback only; stops by itself).
# Usage: bench/signin/run.sh [seconds per concurrency level, default 8] [warm-up seconds, default 20]
set -euo pipefail
cd "$(dirname "$0")/../.."
# The server as deployed (scripts/publish.sh: ReadyToRun), in a folder of its own so a running scripts/run.sh is left alone.
scripts/publish.sh bench/signin/bin/server
dotnet build bench/signin -c Release -v quiet -nologo
dotnet bench/signin/bin/Release/net10.0/Portico.Bench.dll "$PWD/bench/signin/bin/server/Portico.Web.dll" "${1:-8}" "${2:-20}" "$PWD/deploy/portico.env"
