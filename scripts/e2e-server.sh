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
# the sign-in limits (tested on their own in tests/integration/identity.test.ts) would refuse them.
export SIGN_IN_LIMIT_PER_IP_AND_EMAIL="${SIGN_IN_LIMIT_PER_IP_AND_EMAIL:-1000}"
export SIGN_IN_LIMIT_PER_IP="${SIGN_IN_LIMIT_PER_IP:-10000}"
if [[ -z "${E2E_DATABASE_URL:-}" ]]; then
  rm -rf .data/e2e
  export DATABASE_URL="pglite:.data/e2e"
else
  export DATABASE_URL="$E2E_DATABASE_URL"
  npx tsx scripts/db.ts reset
fi
[[ -f .next/BUILD_ID ]] || npx next build
npx tsx scripts/db.ts prepare
exec npx next start -H 127.0.0.1 -p "$port"
