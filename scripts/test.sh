#!/usr/bin/env bash
# `npm test`: every test. Unit tests; then a real local control plane (built once and
# cached, see cluster/), integration tests against it (and a throwaway PostgreSQL, see
# scripts/postgres.sh), the production build and Playwright in Debian's Chromium. Tears
# the cluster down whatever happens, and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NEXT_TELEMETRY_DISABLED=1
# Not test-results/: Playwright empties that folder when it starts.
results=.test-reports
rm -rf "$results" && mkdir -p "$results"
step_failures=0
fail_step() { echo "✗ $1" >&2; step_failures=$((step_failures + 1)); }

# The test cluster gets its own state file and ports, so a developer's cluster
# (npm run cluster:up) is left alone.
export SVCMAP_CLUSTER_STATE_FILE="${TMPDIR:-/tmp}/svcmap-test-cluster.path"
export SVCMAP_ETCD_PORT=33790 SVCMAP_APISERVER_PORT=36443 SVCMAP_KCM_PORT=30257 SVCMAP_SCHEDULER_PORT=30259 SVCMAP_KWOK_PORT=30247

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Installing Debian's chromium for the browser tests…"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || fail_step "apt-get install chromium"
  else
    fail_step "chromium is missing: run 'sudo apt-get install chromium'"
  fi
fi

echo "== unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results/unit.json" || true

# Helm for the chart's tests: built once from its Go module into the cache (a few minutes
# on a fresh machine), here rather than while the integration tests run beside it.
echo "== helm"
bash cluster/helm.sh >/dev/null || fail_step "helm build"

echo "== local control plane"
bash cluster/down.sh >/dev/null 2>&1 # leftovers of an interrupted run
trap 'bash cluster/down.sh; bash scripts/postgres.sh stop' EXIT
if kubeconfig="$(bash cluster/up.sh)" && bash cluster/scenarios.sh; then
  export KUBECONFIG="$kubeconfig"
  export PATH="$(bash cluster/build.sh 2>/dev/null):$PATH" # kubectl of the same version

  echo "== production build"
  if npx next build >"$results/next-build.log" 2>&1; then
    # A throwaway server for the PostgreSQL history store's tests (installed when missing).
    echo "== PostgreSQL"
    if SVCMAP_TEST_POSTGRES_URL="$(bash scripts/postgres.sh start)"; then
      export SVCMAP_TEST_POSTGRES_URL
    else
      fail_step "postgres"
    fi
    echo "== integration tests (and the benchmark smoke run)"
    npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$results/integration.json" || true
    echo "== browser tests"
    npx playwright test || true
  else
    tail -n 40 "$results/next-build.log"
    fail_step "next build"
  fi
else
  fail_step "cluster up"
fi

# Stop the cluster and PostgreSQL before the closing line, so that line is the last one printed.
bash cluster/down.sh
bash scripts/postgres.sh stop
trap - EXIT
node scripts/summarize-tests.mjs "$results" "$step_failures"
