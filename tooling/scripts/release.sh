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
  (cd "$dir" && pnpm exec publint --strict >/dev/null) || { echo "publint refuses $dir" >&2; (cd "$dir" && pnpm exec publint --strict) >&2; exit 1; }
  tarball=$(cd "$dir" && pnpm pack --pack-destination "$packs" 2>/dev/null | tail -n 1)
  tar -tzf "$tarball" | grep -q '^package/README.md$' || { echo "$dir: its tarball has no README.md" >&2; exit 1; }
  pnpm --dir tooling/release exec attw "$tarball" --profile esm-only --format ascii --quiet \
    || { echo "are-the-types-wrong refuses $dir" >&2; exit 1; }
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
  npm publish "${tarballs[$i]}" --access public >/dev/null
  echo "published $name@$version"
done

[ "$tag" -eq 1 ] && pnpm changeset tag
exit 0
