#!/usr/bin/env bash
# Publishes every public package, in dependency order, only after all of them passed the
# checks: each is packed once (prepack builds it), its tarball is checked by publint and
# are-the-types-wrong (esm-only profile: the packages are ESM only, on purpose), and those
# very tarballs are what gets published. A version already on the registry is skipped, so
# a release that stopped half-way can be run again.
#   tooling/scripts/release.sh [--no-tag]
# The registry is npm's, or npm_config_registry (the dry run points it at verdaccio).
set -euo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1

tag=1
[ "${1:-}" = "--no-tag" ] && tag=0

packs=$(mktemp -d)
trap 'rm -rf "$packs"' EXIT

mapfile -t order < <(node tooling/release/src/publish-order.mjs)
echo "publish order: ${order[*]}"

pnpm build --output-logs=errors-only >/dev/null

# 1. Pack and check everything before anything is published.
tarballs=()
for dir in "${order[@]}"; do
  tooling/release/node_modules/.bin/publint --strict "$dir" >/dev/null \
    || { echo "publint refuses $dir" >&2; tooling/release/node_modules/.bin/publint --strict "$dir" >&2; exit 1; }
  tarball=$(cd "$dir" && pnpm pack --pack-destination "$packs" 2>/dev/null | tail -n 1)
  # grep without -q reads to the end: with pipefail, an early exit would fail tar (SIGPIPE).
  tar -tzf "$tarball" | grep -x 'package/README.md' >/dev/null || { echo "$dir: its tarball has no README.md" >&2; exit 1; }
  # The server is a command (a bin), not a library: it has no types for attw to check.
  if node -e "const p = require('./$dir/package.json'); process.exit(p.exports || p.types ? 0 : 1)"; then
    pnpm --dir tooling/release exec attw "$tarball" --profile esm-only --format ascii --quiet \
      || { echo "are-the-types-wrong refuses $dir" >&2; exit 1; }
  fi
  tarballs+=("$tarball")
done

# 2. Publish, dependencies first; stop at the first failure.
for i in "${!order[@]}"; do
  dir=${order[$i]}
  name=$(node -p "require('./$dir/package.json').name")
  version=$(node -p "require('./$dir/package.json').version")
  if npm view "$name@$version" version >/dev/null 2>&1; then
    echo "$name@$version is already published"
    continue
  fi
  npm publish "${tarballs[$i]}" --access public --loglevel=warn >/dev/null
  echo "published $name@$version"
done

[ "$tag" -eq 1 ] && pnpm changeset tag
exit 0
