#!/usr/bin/env bash
# `npm run test:busy [-- --runs N]`: the whole of `npm test` while two CPU-bound processes compete for the
# two cores, as on a shared CI runner. Each run must pass; the script prints each run's duration and step
# times and the slowest vitest files. The competing processes stop with the run (and after 45 minutes at most).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=1
while (( $# )); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: npm run test:busy [-- --runs N]" >&2; exit 2 ;;
  esac
done

mkdir -p .test-output
hogs=()
stop_hogs() { for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null || true; done; hogs=(); }
trap stop_hogs EXIT

results=()
for (( run = 1; run <= runs; run++ )); do
  # Two busy loops that end by themselves after 45 minutes if nothing stops them.
  for _ in 1 2; do
    node -e 'const end = Date.now() + 45 * 60_000; let x = 0; while (Date.now() < end) x = (x + Math.sqrt(x + 1)) % 1e9;' &
    hogs+=("$!")
  done
  started=$SECONDS
  status=passed
  if ! CI=true npm test > ".test-output/busy-run-$run.log" 2>&1; then status=FAILED; fi
  stop_hogs
  duration=$((SECONDS - started))
  cp .test-output/timings.txt ".test-output/busy-run-$run-timings.txt" 2>/dev/null || true
  results+=("run $run: $status in ${duration}s")
  echo "run $run: $status in ${duration}s (log: .test-output/busy-run-$run.log)"
  sed 's/^/    /' ".test-output/busy-run-$run-timings.txt" 2>/dev/null || true
  echo "    slowest vitest files:"
  sed 's/\x1b\[[0-9;]*m//g' ".test-output/busy-run-$run.log" \
    | grep -E '^ ✓ .*tests/.*\([0-9]+ tests?(\)| \|)' \
    | sed -E 's/^ ✓ +(unit|services|pglite|postgres) +(tests\/[^ ]+) .* ([0-9]+)ms$/\3 \1 \2/' \
    | sort -rn | head -10 | awk '{ printf "    %6.1fs  %-9s %s\n", $1 / 1000, $2, $3 }'
  [[ "$status" == passed ]] || { printf '%s\n' "${results[@]}"; exit 1; }
done
printf '%s\n' "${results[@]}"
