#!/usr/bin/env bash
# bench/signin: raw Argon2id rate vs end-to-end API sign-ins on a real Portico process (loopback only; stops by itself).
# Usage: bench/signin/run.sh [seconds per concurrency level, default 8] [warm-up seconds, default 20]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/Portico.Web -c Release -v quiet -nologo
dotnet build bench/signin -c Release -v quiet -nologo
dotnet bench/signin/bin/Release/net10.0/Portico.Bench.dll "$PWD/src/Portico.Web/bin/Release/net10.0/Portico.Web.dll" "${1:-8}" "${2:-20}" "$PWD/deploy/portico.env"
