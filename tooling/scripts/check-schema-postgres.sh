#!/usr/bin/env bash
# Migrates a scratch database on the PostgreSQL server of TEST_DATABASE_URL and
# runs `hindsight check-schema` on it: the built server must find no drift.
set -euo pipefail
: "${TEST_DATABASE_URL:?set TEST_DATABASE_URL to a PostgreSQL database}"
cd "$(dirname "$0")/../.."
name="hindsight_schema_check_$$"
base="${TEST_DATABASE_URL%/*}"
psql "$TEST_DATABASE_URL" -qc "create database $name" >/dev/null
trap 'psql "$TEST_DATABASE_URL" -qc "drop database if exists $name with (force)" >/dev/null' EXIT
export DATABASE_URL="$base/$name" LOG_LEVEL=warn
node apps/api/dist/cli.js migrate
node apps/api/dist/cli.js check-schema
