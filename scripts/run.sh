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
# Note: the build also builds both migrations projects and copies them beside the app (Portico.Web.csproj), and
# `dotnet build` restores only the project it is given, so a fresh clone restores them first.
for project in src/Portico.Web src/Portico.Migrations.Sqlite src/Portico.Migrations.Postgres; do
  dotnet restore "$project" -v quiet
done
dotnet build src/Portico.Web -c Release -v quiet -nologo --no-restore
exec dotnet src/Portico.Web/bin/Release/net10.0/Portico.Web.dll --contentRoot "$PWD/src/Portico.Web" --urls "${PORTICO_URLS:-http://localhost:5080}" "$@"
