#!/usr/bin/env bash
# Adds a migration with the same name to both providers' migration projects (STYLE.md: always generated together).
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project "src/Portico.Migrations.$provider" --startup-project "src/Portico.Migrations.$provider" --output-dir Migrations
done
scripts/compile-model.sh
