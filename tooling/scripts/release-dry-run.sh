#!/usr/bin/env bash
# The whole release, rehearsed against a throwaway registry: a copy of the workspace takes
# the pending changesets (versions and CHANGELOGs), tooling/scripts/release.sh checks and
# publishes every package in dependency order to verdaccio on 127.0.0.1, and then, in
# scratch projects outside the workspace, each package is installed with its README's
# install line and its README example is type-checked and run. Last, `npx @hindsight/server
# start` must serve /health and the dashboard on the embedded database, and the client's
# example talks to it. Nothing leaves this machine: verdaccio has no uplinks; third-party
# dependencies of the scratch projects come from the usual npm registry.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
started=$SECONDS
lap() { printf '  [%3ss] %s\n' "$((SECONDS - started))" "$*"; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# 1. A copy of the workspace as it is (tracked and new files, no build output).
mkdir "$work/repo"
(cd "$root" && git ls-files -z --cached --others --exclude-standard \
  | tar -c --null --ignore-failed-read -T - 2>/dev/null) | tar -x -C "$work/repo"
cd "$work/repo"
pnpm install --offline --frozen-lockfile --reporter=silent
pnpm changeset version >/dev/null
lap "workspace copied, changesets applied"

# 2. The registry.
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
registry="http://127.0.0.1:$port/"
mkdir "$work/registry"
cp tooling/release/verdaccio.yaml "$work/registry/config.yaml"
tooling/release/node_modules/.bin/verdaccio --config "$work/registry/config.yaml" \
  --listen "127.0.0.1:$port" >"$work/registry/log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fsS "${registry}-/ping" >/dev/null 2>&1 && break; sleep 0.2; done
token=$(curl -fsS -X PUT -H 'content-type: application/json' \
  -d '{"name":"dry-run","password":"dry-run-only"}' \
  "${registry}-/user/org.couchdb.user:dry-run" | node -p 'JSON.parse(require("fs").readFileSync(0)).token')
npmrc="$work/registry/npmrc"
printf 'registry=%s\n//127.0.0.1:%s/:_authToken=%s\n' "$registry" "$port" "$token" >"$npmrc"
lap "verdaccio answers at $registry"

# 3. The release itself.
NPM_CONFIG_USERCONFIG="$npmrc" npm_config_registry="$registry" \
  bash tooling/scripts/release.sh --no-tag
lap "published"
for dir in $(node tooling/release/src/publish-order.mjs); do
  name=$(node -p "require('./$dir/package.json').name")
  files=$(NPM_CONFIG_USERCONFIG="$npmrc" npm view "$name" dist.tarball)
  curl -fsS "$files" | tar -tz | grep -qx 'package/CHANGELOG.md' \
    || { echo "$name: the published tarball has no CHANGELOG.md" >&2; exit 1; }
done

# 4. Each package, as a user gets it.
scratch_npmrc="@hindsight:registry=$registry"
scratch() {
  local dir="$work/use/$1"
  mkdir -p "$dir"
  printf '{ "name": "use-%s", "private": true, "type": "module" }\n' "$1" >"$dir/package.json"
  printf '%s\n' "$scratch_npmrc" >"$dir/.npmrc"
  cat >"$dir/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2023", "module": "NodeNext", "moduleResolution": "NodeNext",
  "strict": true, "noEmit": true, "skipLibCheck": true, "types": ["node"], "lib": ["ES2023", "DOM"] } }
JSON
  echo "$dir"
}
tools=(tsx@4 typescript@5.9 @types/node@20)
run_example() {
  local pkg=$1 dir
  dir=$(scratch "$pkg")
  local readme="$work/repo/$2/README.md"
  local install
  install=$(node tooling/release/src/readme-example.mjs "$readme" install)
  node tooling/release/src/readme-example.mjs "$readme" example >"$dir/example.ts"
  (cd "$dir" && eval "$install --no-audit --no-fund --prefer-offline --loglevel=error" >/dev/null \
    && npm install --no-audit --no-fund --prefer-offline --loglevel=error --save-dev "${tools[@]}" >/dev/null \
    && npx tsc -p . \
    && HINDSIGHT_URL="${server_url:-}" HINDSIGHT_KEY="$key" npx tsx example.ts >"$dir/out.log" 2>&1) \
    || { echo "the README example of $pkg failed:" >&2; cat "$dir/out.log" >&2 2>/dev/null; exit 1; }
  lap "$pkg: installed with \`$install\` ($(du -sh "$dir/node_modules" | cut -f1)), example ran: $(tail -n 1 "$dir/out.log")"
}
key="hs_dry_run_$(node -p "require('crypto').randomBytes(16).toString('hex')")"
server_url=""
run_example models packages/models
run_example repository packages/repository
run_example service packages/service
run_example api packages/api

# 5. The server with nothing but Node.js: npx, the embedded database, the dashboard.
dir=$(scratch server)
(cd "$dir" && PORT=0 LOG_LEVEL=info HINDSIGHT_BOOTSTRAP_KEY="$key" \
  exec npx --yes @hindsight/server start >"$dir/server.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 180); do
  server_url=$(sed -n 's/.*"url":"\([^"]*\)".*"msg":"hindsight is listening".*/\1/p' "$dir/server.log" | head -n 1)
  [ -n "$server_url" ] && break
  kill -0 "${pids[-1]}" 2>/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  sleep 1
done
[ -n "$server_url" ] || { echo "npx @hindsight/server start did not listen" >&2; cat "$dir/server.log" >&2; exit 1; }
curl -fsS "$server_url/health" | grep -q '"ok"'
curl -fsS -H 'Accept: text/html' "$server_url/" | grep -q '<div id="root">' \
  || { echo "npx @hindsight/server serves no dashboard at /" >&2; exit 1; }
[ -d "$dir/data" ] || { echo "the server did not use the embedded database in ./data" >&2; exit 1; }
lap "npx @hindsight/server start: /health and the dashboard answer at $server_url (PGlite in ./data)"

run_example client packages/client

kill -TERM "${pids[-1]}"
wait "${pids[-1]}" 2>/dev/null || true
printf 'release dry run: %s packages published and used in %ss\n' \
  "$(node tooling/release/src/publish-order.mjs | wc -l)" "$((SECONDS - started))"
