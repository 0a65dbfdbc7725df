#!/usr/bin/env bash
# `npm test`: everything CI checks, in the order that fails fastest.
#   API types -> typecheck, lint, format, schema/migration drift (at once) -> vitest (unit, services, PGlite, PostgreSQL)
#   with coverage of src/server (fails under 85% of lines or 80% of branches; report in coverage/)
#   -> next build -> Playwright -> no warnings in all of the above
# Needs the PostgreSQL server in TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
# (the Playwright suites get a database of their own there too), the Redis server in TEST_REDIS_URL
# (default redis://127.0.0.1:6379; every run uses key prefixes of its own), redis-server on the PATH (tests
# start private ones to stop them) and a Chromium (see docs/testing.md).
# Everything it prints is also kept in .test-output/validate.log, with the time each step took.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

mkdir -p .test-output
log=.test-output/validate.log
timings=.test-output/timings.txt
: > "$timings"
exec > >(tee "$log") 2>&1

started=$SECONDS
step_name=""
step_started=$SECONDS
step() {
  [[ -n "$step_name" ]] && printf '%5ss  %s\n' "$((SECONDS - step_started))" "$step_name" >> "$timings"
  step_name="$*"
  step_started=$SECONDS
  printf '\n==> %s\n' "$*"
}

step "API types from the OpenAPI document"; npx tsx scripts/api-types.ts
# Four static checks at once (lint alone keeps a core busy for about 25 s): each one's output is printed
# whole when all are done, and every one that failed is named.
step "typecheck, lint, format, migrations match schema.prisma (at once)"
static_checks() {
  local names=() pids=() failed=() i
  while (( $# )); do
    names+=("$1")
    bash -c "$2" > ".test-output/check-$1.out" 2>&1 &
    pids+=("$!")
    shift 2
  done
  for i in "${!names[@]}"; do
    wait "${pids[$i]}" || failed+=("${names[$i]}")
    printf -- '--- %s\n' "${names[$i]}"
    cat ".test-output/check-${names[$i]}.out"
  done
  if (( ${#failed[@]} )); then
    printf 'failed: %s\n' "${failed[*]}"
    return 1
  fi
}
static_checks \
  typecheck "npx tsc --noEmit" \
  lint "npx eslint . --max-warnings 0" \
  format "npx prettier --check . --log-level warn" \
  migrations "npx tsx scripts/db.ts check"
step "vitest: unit, services, PGlite, PostgreSQL, with coverage of src/server"; npx vitest run --coverage

step "next build"
# Next.js keeps a build cache in .next/cache. It lives outside the clone (NEXT_BUILD_CACHE_DIR, default
# ~/.cache/stockroom/next), so a fresh clone on the same machine, as in CI, builds from a warm cache.
cache_dir="${NEXT_BUILD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/stockroom/next}"
mkdir -p "$cache_dir" .next
[[ -L .next/cache || ! -e .next/cache ]] && ln -sfn "$cache_dir" .next/cache
npx next build

step "playwright (production build on PostgreSQL and Redis, Chromium)"
# The suites run against the PostgreSQL server, on a database of their own, and the Redis server under a
# key prefix of their own (the embedded default has its own start-up tests in e2e/startup.spec.ts).
e2e_db="stockroom_e2e_$$"
e2e_redis_prefix="stockroom-e2e:$$:"
e2e_url="$(npx tsx scripts/e2e-database.ts create "$e2e_db")"
trap 'npx tsx scripts/e2e-database.ts drop "$e2e_db" >/dev/null 2>&1 || true; npx tsx scripts/e2e-database.ts drop-redis "$e2e_redis_prefix" >/dev/null 2>&1 || true' EXIT
E2E_DATABASE_URL="$e2e_url" REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379}" REDIS_KEY_PREFIX="$e2e_redis_prefix" npx playwright test

step "no warnings in the output"
npx tsx scripts/check-output.ts "$log"
step ""

printf '\nStep durations:\n'; cat "$timings"
printf '\nAll checks passed in %ss.\n' "$((SECONDS - started))"
