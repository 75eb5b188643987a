#!/usr/bin/env bash
# Runs Portico on http://localhost:5080 with an embedded SQLite database under ./data, demo data seeded on first
# start, and email written as .eml files to ./data/outbox. Extra arguments go to the app (e.g. --urls).
set -euo pipefail
cd "$(dirname "$0")/.."
export Portico__DemoData="${Portico__DemoData:-true}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
# The server's runtime environment (deploy/portico.env); a variable already set in the environment wins.
while IFS='=' read -r name value; do
  [[ -z "$name" || "$name" == \#* || -n "${!name:-}" ]] || export "$name=$value"
done < deploy/portico.env
scripts/publish.sh
app=src/Portico.Web/bin/Release/publish
exec dotnet "$app/Portico.Web.dll" --contentRoot "$PWD/$app" --urls "${PORTICO_URLS:-http://localhost:5080}" "$@"
