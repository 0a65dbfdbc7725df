#!/usr/bin/env bash
# Serves the production build for the Playwright suites on a fresh, seeded database.
# E2E_DATABASE_URL picks the database (default: a PGlite directory recreated on every run).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
port="${E2E_PORT:-3100}"
# A production server needs its auth settings; a fresh throwaway secret per run.
export AUTH_SECRET="${AUTH_SECRET:-$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("base64url"))')}"
export AUTH_URL="http://127.0.0.1:${port}"
# Every browser in the suites signs in from 127.0.0.1, many times a minute with the same demo accounts:
# the sign-in and guest limits (tested on their own in vitest and e2e/operations.spec.ts) would refuse them.
export RATE_LIMIT_SIGN_IN="${RATE_LIMIT_SIGN_IN:-1000/1m}"
export RATE_LIMIT_SIGN_IN_ADDRESS="${RATE_LIMIT_SIGN_IN_ADDRESS:-10000/1m}"
export RATE_LIMIT_SIGN_UP="${RATE_LIMIT_SIGN_UP:-1000/1h}"
export RATE_LIMIT_ANONYMOUS="${RATE_LIMIT_ANONYMOUS:-100000/1m}"
# The webhooks suite's receiver listens on a loopback port (production refuses loopback receivers).
export WEBHOOK_ALLOW_LOCALHOST=true
# The suites sign in with the demo accounts on purpose.
export STOCKROOM_ALLOW_DEMO_DATA=true
if [[ -z "${E2E_DATABASE_URL:-}" ]]; then
  rm -rf .data/e2e
  export DATABASE_URL="pglite:.data/e2e"
else
  export DATABASE_URL="$E2E_DATABASE_URL"
  npx tsx scripts/db.ts reset
fi
[[ -f .next/BUILD_ID ]] || npx next build
npx tsx scripts/db.ts prepare
exec npx tsx scripts/server.ts -H 127.0.0.1 -p "$port"
