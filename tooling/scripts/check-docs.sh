#!/usr/bin/env bash
# Fails when a public export of a published package has no doc comment: TypeDoc's
# notDocumented validation, treated as an error (typedoc.json). TypeDoc's notes that a
# model field spread into several schemas has "multiple declarations with a comment" (one
# comment, reached through each spread) are true and harmless: they are left out here so
# that a missing comment is not lost among them.
set -euo pipefail
cd "$(dirname "$0")/../release"
set +e
NO_COLOR=1 pnpm exec typedoc --options ../../typedoc.json --emit none --logLevel Warn "$@" 2>&1 \
  | sed 's/\x1b\[[0-9;]*m//g' \
  | awk '
      /has multiple declarations with a comment/ { skip = 1; next }
      skip && (/^\[info\] The comments for/ || /^\t/) { next }
      { skip = 0; print }'
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] && echo "every public export has a doc comment"
exit "$status"
