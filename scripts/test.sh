#!/usr/bin/env bash
# `npm test`: every test — unit, conformance, worker (workerd + D1), libSQL, end-to-end (Chromium),
# the workspace model's own store tests — then one closing line `tests: N passed, M failed`.
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

(cd web && vite build --logLevel warn) || { echo "the web build failed"; exit 1; }

mkdir -p tests/artifacts
# The workspace model's own store tests, through the command-line tool users run.
node bin/laminate.js model test model/workspace.fga.yaml | tee tests/artifacts/model-test.txt
model_status=${PIPESTATUS[0]}

vitest run --reporter=default --reporter=json --outputFile.json=tests/artifacts/vitest.json "$@"
vitest_status=$?

node scripts/test-summary.mjs tests/artifacts/vitest.json tests/artifacts/model-test.txt
summary_status=$?
[ $model_status -eq 0 ] && [ $vitest_status -eq 0 ] && [ $summary_status -eq 0 ]
