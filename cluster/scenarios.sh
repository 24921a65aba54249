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
for namespace in shop data edge vault ops routing front; do
  # `kubectl wait --all` fails while there is nothing to wait for yet.
  until [ -n "$(k get pods -n "$namespace" -o name)" ]; do sleep 0.2; done
  k wait --for=jsonpath='{.status.phase}'=Running pod --all -n "$namespace" --timeout=120s >/dev/null
done
k rollout status statefulset/postgres -n data --timeout=120s >/dev/null

# No Gateway or Ingress controller runs here: write their status as one would, through the
# status subresource (Gateway address and Programmed, route Accepted/ResolvedRefs per parent).
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
condition() { # <type> <status> <reason> [message]
  printf '{"type":"%s","status":"%s","reason":"%s","message":"%s","lastTransitionTime":"%s"}' "$1" "$2" "$3" "${4:-}" "$now"
}
status() { # <kind> <name> <namespace|""> <status json>
  k patch "$1" "$2" ${3:+-n "$3"} --subresource=status --type=merge -p "{\"status\":$4}" >/dev/null
}
parent='{"group":"gateway.networking.k8s.io","kind":"Gateway","namespace":"front","name":"main"}'
route_status() { # <namespace> <name> <accepted condition> <resolved condition> [sectionName]
  local ref="$parent"
  [ -n "${5:-}" ] && ref="${parent%\}},\"sectionName\":\"$5\"}"
  status httproute "$2" "$1" "{\"parents\":[{\"parentRef\":$ref,\"controllerName\":\"svcmap.dev/test-controller\",\"conditions\":[$3,$4]}]}"
}
status gatewayclass svcmap-test "" "{\"conditions\":[$(condition Accepted True Accepted)]}"
status gateway main front "{\"addresses\":[{\"type\":\"IPAddress\",\"value\":\"127.0.0.1\"}],\"conditions\":[$(condition Accepted True Accepted),$(condition Programmed True Programmed)],\"listeners\":[{\"name\":\"http\",\"attachedRoutes\":6,\"supportedKinds\":[{\"kind\":\"HTTPRoute\"}],\"conditions\":[$(condition Accepted True Accepted)]},{\"name\":\"internal\",\"attachedRoutes\":0,\"supportedKinds\":[{\"kind\":\"HTTPRoute\"}],\"conditions\":[$(condition Accepted True Accepted)]}]}"
accepted="$(condition Accepted True Accepted)"
resolved="$(condition ResolvedRefs True ResolvedRefs)"
route_status front storefront "$accepted" "$resolved" http
route_status front checkout "$accepted" "$resolved"
route_status front wrong-port "$accepted" "$resolved"
route_status front drained "$accepted" "$resolved"
route_status front broken "$accepted" "$(condition ResolvedRefs False BackendNotFound 'service \"web-v3\" not found')"
route_status front cross "$accepted" "$(condition ResolvedRefs False RefNotPermitted 'backendRef to data/postgres not permitted by any ReferenceGrant')"
route_status front elsewhere "$(condition Accepted False NoMatchingListenerHostname 'no listener of front/main admits hostname shop.other.test')" "$resolved" http
route_status front no-listener "$(condition Accepted False NoMatchingParent 'front/main has no listener named https')" "$resolved" https
status gateway unprogrammed front "{\"addresses\":[{\"type\":\"IPAddress\",\"value\":\"127.0.0.2\"}],\"conditions\":[$(condition Accepted True Accepted),$(condition Programmed False Invalid 'the data plane refused the configuration')]}"
route_status shop detached "$(condition Accepted False NotAllowedByListeners 'listener internal admits routes from namespace front only')" "$resolved" internal
k patch ingress site -n front --subresource=status --type=merge -p '{"status":{"loadBalancer":{"ingress":[{"ip":"127.0.0.1"}]}}}' >/dev/null
log "scenarios applied: $(k get pods -A --no-headers -l 'app' | wc -l) pods running"
