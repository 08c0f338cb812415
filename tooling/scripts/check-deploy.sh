#!/usr/bin/env bash
# The server's production bundle (what the Dockerfile ships: `pnpm deploy --prod`)
# starts outside the workspace on an embedded database, answers /health and /ready, and
# serves the dashboard at /.
# Needs the workspace built (`pnpm build`, or after `pnpm test`).
set -euo pipefail
cd "$(dirname "$0")/../.."

out=$(mktemp -d)
log="$out/server.log"
: >"$log"
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$out"
}
trap cleanup EXIT

pnpm --filter @hindsight/server deploy --prod --legacy "$out/app" >/dev/null
if [ -d "$out/app/src" ]; then
  echo "the bundle ships sources; apps/api/package.json 'files' should name dist only" >&2
  exit 1
fi

(cd "$out" && PORT=0 DATABASE_URL=memory:// LOG_LEVEL=info exec node app/dist/cli.js start >"$log" 2>&1) &
pid=$!

url=""
for _ in $(seq 1 120); do
  url=$(sed -n 's/.*"url":"\([^"]*\)".*"msg":"hindsight is listening".*/\1/p' "$log" | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 1
done
[ -n "$url" ] || { echo "the bundled server did not start in 120 s" >&2; cat "$log" >&2; exit 1; }

curl -fsS "$url/health" >/dev/null
curl -fsS "$url/ready" >/dev/null
curl -fsS -H 'Accept: text/html' "$url/" | grep -q '<div id="root">' \
  || { echo "the bundle serves no dashboard at /" >&2; exit 1; }
kill -TERM "$pid"
wait "$pid"
pid=""
echo "the production bundle ($(du -sh "$out/app" | cut -f1)) starts and answers at $url"
