#!/usr/bin/env bash
# Publishes the server as it is deployed: Release, framework-dependent, for this machine's runtime, with the app and
# its NuGet dependencies compiled ahead of time (ReadyToRun, ADR-0019), both migrations assemblies beside it.
# Usage: scripts/publish.sh [output directory, default src/Portico.Web/bin/Release/publish]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-src/Portico.Web/bin/Release/publish}"
# Note: the build also builds both migrations projects (for any runtime) and copies them beside the app
# (Portico.Web.csproj), and publish restores only the project it is given, so a fresh clone restores them first.
for project in src/Portico.Migrations.Sqlite src/Portico.Migrations.Postgres; do
  dotnet restore "$project" -v quiet
done
dotnet publish src/Portico.Web -c Release --use-current-runtime -o "$out" -v quiet -nologo
