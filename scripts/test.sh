#!/usr/bin/env bash
# `npm test`: the static checks (tsc over every folder, svelte-check over web/, Biome's format +
# lint), then every test — unit, conformance, worker (workerd + D1), libSQL, end-to-end (Chromium),
# the workspace model's own store tests — then one closing line `tests: N passed, M failed`, in
# which each static check counts as one test.
set -uo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false
# The repo's Node 24 and tools first, also when this runs outside `npm test`.
export PATH="$PWD/node_modules/.bin:$PATH"

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Chromium is missing: installing Debian's chromium with apt-get"
    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null || { echo "apt-get could not install chromium"; exit 1; }
  else
    echo "Chromium is missing. Install it as root: apt-get update && apt-get install -y --no-install-recommends chromium"
    echo "(or point CHROMIUM_PATH at a Chromium binary)"
    exit 1
  fi
fi

mkdir -p tests/artifacts
# The run's temp dir: one folder, removed at exit. Tests remove what they make themselves
# (tests/temp-dir.ts, the e2e server's dispose()); this catches what tools leave (miniflare
# after a SIGKILL, Chromium, tsx's cache) so a run never adds to the OS temp dir.
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/laminate-test-run-XXXXXX")
trap 'rm -rf "$run_tmp"' EXIT
export TMPDIR="$run_tmp"
# Static checks: each runs to the end, prints its errors, its verdict and its seconds; a failed one
# fails the run (and counts as a failed test in the closing line) but does not stop the tests.
checks=tests/artifacts/checks.txt
: >"$checks"
checks_passed=0
checks_failed=0
check() {
  local name=$1 start status verdict
  shift
  start=$(node -p 'Date.now()')
  echo "== check: $name"
  "$@"
  status=$?
  if [ $status -eq 0 ]; then verdict=passed checks_passed=$((checks_passed + 1)); else verdict=FAILED checks_failed=$((checks_failed + 1)); fi
  echo "check $name: $verdict in $(node -p "((Date.now() - $start) / 1000).toFixed(1)") s" | tee -a "$checks"
}
check 'tsc (functions db model worker tests bin scripts *.ts)' tsc -p tsconfig.json
# web/: TypeScript and .svelte files; `svelte-kit sync` writes the $app/tsconfig web/tsconfig.check.json extends.
check 'svelte-check (web)' bash -c 'cd web && svelte-kit sync && svelte-check --tsconfig ./tsconfig.check.json --fail-on-warnings'
check 'biome ci (format + lint)' biome ci --colors=off .
echo "$checks_passed passed, $checks_failed failed" >>"$checks"

(cd web && vite build --logLevel warn) || { echo "the web build failed"; exit 1; }

# The workspace model's own store tests, through the command-line tool users run.
node bin/laminate.js model test model/workspace.fga.yaml | tee tests/artifacts/model-test.txt
model_status=${PIPESTATUS[0]}

vitest run --reporter=default --reporter=json --outputFile.json=tests/artifacts/vitest.json "$@"
vitest_status=$?
echo "temp dir: $(find "$run_tmp" -mindepth 1 -maxdepth 1 | wc -l) entries left by the run, removed at exit: $(find "$run_tmp" -mindepth 1 -maxdepth 1 -printf '%f ' | head -c 300)"

sed '$d' "$checks"
node scripts/test-summary.mjs tests/artifacts/vitest.json tests/artifacts/model-test.txt "$checks"
summary_status=$?
[ $checks_failed -eq 0 ] && [ $model_status -eq 0 ] && [ $vitest_status -eq 0 ] && [ $summary_status -eq 0 ]
