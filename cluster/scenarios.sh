#!/usr/bin/env bash
# Applies the scenario manifests (cluster/scenarios/*.yaml) to the running test
# cluster and waits until every workload has its pods running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
STATE="$(cat "$STATE_FILE")"
k() { kubectl --kubeconfig "$STATE/admin.kubeconfig" "$@"; }
# (kubectl warns that v1 Endpoints are deprecated: the hand-written one is the point.)
k apply -f "$CLUSTER_DIR/scenarios/00-namespaces.yaml" >/dev/null 2>&1
k apply -f "$CLUSTER_DIR/scenarios/" 2>&1 >/dev/null | grep -v '^Warning:' >&2 || true
# checkout never becomes Available (its pods stay not ready by design), so wait on
# the pods' phase rather than on Deployment availability.
for namespace in shop data edge vault ops routing; do
  # `kubectl wait --all` fails while there is nothing to wait for yet.
  until [ -n "$(k get pods -n "$namespace" -o name)" ]; do sleep 0.2; done
  k wait --for=jsonpath='{.status.phase}'=Running pod --all -n "$namespace" --timeout=120s >/dev/null
done
k rollout status statefulset/postgres -n data --timeout=120s >/dev/null
log "scenarios applied: $(k get pods -A --no-headers -l 'app' | wc -l) pods running"
