#!/usr/bin/env bash
# Regenerates both providers' compiled EF Core models (ADR-0024) from the model AppDbContext builds. Run it after any
# change to the model (scripts/add-migration.sh does); a test fails while a compiled model differs from the built one.
# Usage: scripts/compile-model.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  project="src/Portico.Migrations.$provider"
  rm -rf "$project/CompiledModel"
  dotnet ef dbcontext optimize --project "$project" --startup-project "$project" \
    --output-dir CompiledModel --namespace "Portico.Migrations.$provider.CompiledModel" >/dev/null
done
