#!/usr/bin/env bash
# The whole release, rehearsed against a throwaway registry: a copy of the workspace takes
# the pending changesets (versions and CHANGELOGs), tooling/scripts/release.sh checks and
# publishes every package in dependency order to verdaccio on 127.0.0.1, and then, in
# scratch projects outside the workspace, each package is installed with its README's
# install line and its README example is type-checked and run; the models are also used
# beside a valibot 1.0.0 of the project's own. Last, `npx @hindsight/server start` must
# serve /health and the dashboard on the embedded database, and the client's example talks
# to it. Nothing is published elsewhere: verdaccio has no uplinks, and only the scratch
# projects' third-party dependencies come from the usual npm registry. Every process it
# started and every temporary folder are gone when it exits; the git tree is not touched.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export TURBO_TELEMETRY_DISABLED=1
started=$SECONDS
lap() { printf '  [%3ss] %s\n' "$((SECONDS - started))" "$*"; }

work=$(mktemp -d)
pids=()   # processes this script started
groups=() # process groups this script started (the server and what npx spawned for it)
cleanup() {
  for group in "${groups[@]}"; do kill -TERM -- "-$group" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for group in "${groups[@]}"; do
    for _ in $(seq 1 50); do kill -0 -- "-$group" 2>/dev/null || break; sleep 0.2; done
  done
  wait 2>/dev/null || true
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
  curl -fsS "$files" | tar -tz | grep -x 'package/CHANGELOG.md' >/dev/null \
    || { echo "$name: the published tarball has no CHANGELOG.md" >&2; exit 1; }
done

# 4. Each package, as a user gets it. The type checker and tsx are installed once, beside
# the scratch projects, so each project holds only what its README's install line brings.
tools="$work/tools"
mkdir -p "$tools"
(cd "$tools" && printf '{ "private": true }\n' >package.json \
  && npm install --no-audit --no-fund --prefer-offline --loglevel=error \
    tsx@4 typescript@5.9 @types/node@20 >/dev/null)
scratch() {
  local dir="$work/use/$1"
  mkdir -p "$dir"
  printf '{ "name": "use-%s", "private": true, "type": "module" }\n' "$1" >"$dir/package.json"
  printf '@hindsight:registry=%s\n' "$registry" >"$dir/.npmrc"
  cat >"$dir/tsconfig.json" <<JSON
{ "compilerOptions": { "target": "ES2023", "module": "NodeNext", "moduleResolution": "NodeNext",
  "strict": true, "noEmit": true, "skipLibCheck": true, "lib": ["ES2023", "DOM"],
  "types": ["node"], "typeRoots": ["$tools/node_modules/@types"] } }
JSON
  echo "$dir"
}
# Installs with the given npm arguments, then type-checks and runs example.ts.
install_and_run() {
  local dir=$1
  shift
  (cd "$dir" && npm install --no-audit --no-fund --prefer-offline --loglevel=error "$@" >/dev/null \
    && "$tools/node_modules/.bin/tsc" -p . \
    && HINDSIGHT_URL="${server_url:-}" HINDSIGHT_KEY="$key" \
      "$tools/node_modules/.bin/tsx" example.ts >"$dir/out.log" 2>&1)
}
run_example() {
  local pkg=$1 readme="$work/repo/$2/README.md" dir install
  dir=$(scratch "$pkg")
  install=$(node tooling/release/src/readme-example.mjs "$readme" install)
  node tooling/release/src/readme-example.mjs "$readme" example >"$dir/example.ts"
  read -r -a args <<<"${install#npm install }"
  install_and_run "$dir" "${args[@]}" \
    || { echo "the README example of $pkg failed:" >&2; cat "$dir/out.log" >&2 2>/dev/null; exit 1; }
  lap "$pkg: \`$install\` ($(du -sh "$dir/node_modules" | cut -f1)), example ran: $(tail -n 1 "$dir/out.log")"
}
key="hs_dry_run_$(node -p "require('crypto').randomBytes(16).toString('hex')")"
server_url=""
lap "type checker and tsx installed"

# The workspace copy is no longer needed but for its READMEs: most of its files go now,
# while the scratch projects install, rather than all at the end.
rm -rf "$work/repo/node_modules" "$work"/repo/{packages,apps,tooling}/*/node_modules &
pids+=($!)

# valibot is a regular dependency of the packages, not a peer: the models keep their own
# copy and compose with whichever valibot 1.x the user has. Proved with the oldest one.
side_by_side() {
  local dir
  dir=$(scratch valibot)
  cp tooling/release/src/valibot-side-by-side.ts "$dir/example.ts"
  install_and_run "$dir" @hindsight/models valibot@1.0.0 \
    || { echo "valibot 1.0.0 beside @hindsight/models failed:" >&2; cat "$dir/out.log" >&2 2>/dev/null; exit 1; }
  lap "$(tail -n 1 "$dir/out.log")"
}

# The examples that need no server run side by side: installing waits on the network more
# than on the processor.
examples=()
run_example models packages/models &
examples+=($!)
side_by_side &
examples+=($!)
run_example repository packages/repository &
examples+=($!)
run_example service packages/service &
examples+=($!)
run_example api packages/api &
examples+=($!)
pids+=("${examples[@]}")

# 5. The server with nothing but Node.js: npx, the embedded database, the dashboard. It runs
# in a process group of its own (npx does not pass a signal on to the server it started),
# with an npm cache of its own, so npx finds nothing of an earlier run.
dir=$(scratch server)
(cd "$dir" && PORT=0 LOG_LEVEL=info HINDSIGHT_BOOTSTRAP_KEY="$key" npm_config_cache="$work/npx-cache" \
  exec setsid npx --yes @hindsight/server start >"$dir/server.log" 2>&1) &
server=$!
groups+=("$server")
for _ in $(seq 1 180); do
  server_url=$(sed -n 's/.*"url":"\([^"]*\)".*"msg":"hindsight is listening".*/\1/p' "$dir/server.log" | head -n 1)
  [ -n "$server_url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  sleep 1
done
[ -n "$server_url" ] || { echo "npx @hindsight/server start did not listen" >&2; cat "$dir/server.log" >&2; exit 1; }
curl -fsS "$server_url/health" | grep '"ok"' >/dev/null
curl -fsS -H 'Accept: text/html' "$server_url/" | grep '<div id="root">' >/dev/null \
  || { echo "npx @hindsight/server serves no dashboard at /" >&2; exit 1; }
[ -d "$dir/data" ] || { echo "the server did not use the embedded database in ./data" >&2; exit 1; }
lap "npx @hindsight/server start: /health and the dashboard answer at $server_url (PGlite in ./data)"

for pid in "${examples[@]}"; do
  wait "$pid" || { echo "a package's example failed (above)" >&2; exit 1; }
done
run_example client packages/client

printf 'release dry run: %s packages published and used in %ss\n' \
  "$(node tooling/release/src/publish-order.mjs | wc -l)" "$((SECONDS - started))"
