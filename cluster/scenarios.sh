#!/usr/bin/env bash
# Applies the scenario manifests (cluster/scenarios/*.yaml) to the running test
# cluster and waits until every workload has its pods running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
STATE="$(cat "$STATE_FILE")"
k() { kubectl --kubeconfig "$STATE/admin.kubeconfig" "$@"; }
k apply -f "$CLUSTER_DIR/scenarios/00-namespaces.yaml" >/dev/null
k apply -f "$CLUSTER_DIR/scenarios/" >/dev/null
# checkout never becomes Available (its pods stay not ready by design), so wait on
# the pods' phase rather than on Deployment availability.
for namespace in shop data edge; do
  k wait --for=jsonpath='{.status.phase}'=Running pod --all -n "$namespace" --timeout=120s >/dev/null
done
k rollout status statefulset/postgres -n data --timeout=120s >/dev/null
log "scenarios applied: $(k get pods -A --no-headers -l 'app' | wc -l) pods running"
