#!/usr/bin/env bash
# Fails when the drizzle schema changed without a generated migration:
# `drizzle-kit generate` must find nothing to do and leave the tree unchanged.
set -euo pipefail
cd "$(dirname "$0")/../../packages/repository"
before=$(git status --porcelain -- drizzle)
output=$(pnpm run --silent db:generate 2>&1)
after=$(git status --porcelain -- drizzle)
if [ "$before" != "$after" ] || ! grep -q "No schema changes" <<<"$output"; then
  echo "$output"
  echo "The drizzle schema and the committed migrations disagree: run 'pnpm --filter @hindsight/repository db:generate', write its down script, and commit both." >&2
  git status --porcelain -- drizzle >&2
  exit 1
fi
echo "migrations are up to date with the schema"
