#!/usr/bin/env bash
# Starts a real local Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and kwok (simulated nodes and kubelets).
# Writes a kubeconfig with an admin context and a read-only, one-namespace context,
# and waits until the cluster can run pods. Stop it with cluster/down.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if [ -f "$STATE_FILE" ] && [ -d "$(cat "$STATE_FILE")" ]; then
  log "a cluster is already recorded in $STATE_FILE; run cluster/down.sh first"
  exit 1
fi

BIN_DIR="$("$CLUSTER_DIR/build.sh")"
export PATH="$BIN_DIR:$PATH"

ETCD_PORT="${SVCMAP_ETCD_PORT:-23790}"
APISERVER_PORT="${SVCMAP_APISERVER_PORT:-26443}"
KCM_PORT="${SVCMAP_KCM_PORT:-20257}"
SCHEDULER_PORT="${SVCMAP_SCHEDULER_PORT:-20259}"
KWOK_PORT="${SVCMAP_KWOK_PORT:-20247}"
VIEWER_NAMESPACE="${SVCMAP_VIEWER_NAMESPACE:-shop}"
SERVER="https://127.0.0.1:$APISERVER_PORT"

STATE="$(mktemp -d "${TMPDIR:-/tmp}/svcmap-cluster.XXXXXX")"
echo "$STATE" > "$STATE_FILE"
mkdir -p "$STATE/pki" "$STATE/logs" "$STATE/pids" "$STATE/cmd"
started=$SECONDS

# --- certificates: one CA; the apiserver's serving cert; client certs per user ---
pki="$STATE/pki"
openssl_quiet() { openssl "$@" 2>/dev/null; }
openssl_quiet req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/CN=svcmap-test-ca" -keyout "$pki/ca.key" -out "$pki/ca.crt"
issue_cert() { # <name> <subject> <extensions>
  openssl_quiet req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "$2" \
    -keyout "$pki/$1.key" -out "$pki/$1.csr"
  printf '%s\n' "$3" > "$pki/$1.ext"
  openssl_quiet x509 -req -in "$pki/$1.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
    -CAcreateserial -days 30 -extfile "$pki/$1.ext" -out "$pki/$1.crt"
}
issue_cert apiserver "/CN=kube-apiserver" \
  "subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1
extendedKeyUsage=serverAuth"
issue_cert admin "/O=system:masters/CN=svcmap-admin" "extendedKeyUsage=clientAuth"
issue_cert viewer "/CN=svcmap-viewer" "extendedKeyUsage=clientAuth"
# Service-account tokens are signed with their own key, as on a real cluster.
openssl_quiet genrsa -out "$pki/sa.key" 2048
openssl_quiet rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub"

# --- kubeconfigs: components use the admin identity; users get both contexts ---
write_kubeconfig() { # <file> <user> <namespace> [<user> <namespace> ...]; first is current
  local file="$1"; shift
  kubectl config --kubeconfig "$file" set-cluster svcmap-test --server "$SERVER" \
    --certificate-authority "$pki/ca.crt" --embed-certs >/dev/null
  local first=""
  while [ $# -gt 0 ]; do
    local user="$1" namespace="$2"; shift 2
    kubectl config --kubeconfig "$file" set-credentials "$user" --embed-certs \
      --client-certificate "$pki/$user.crt" --client-key "$pki/$user.key" >/dev/null
    kubectl config --kubeconfig "$file" set-context "svcmap-$user" --cluster svcmap-test \
      --user "$user" --namespace "$namespace" >/dev/null
    [ -n "$first" ] || first="svcmap-$user"
  done
  kubectl config --kubeconfig "$file" use-context "$first" >/dev/null
}
write_kubeconfig "$STATE/admin.kubeconfig" admin default
write_kubeconfig "$STATE/kubeconfig" admin default viewer "$VIEWER_NAMESPACE"
# A context whose credentials the apiserver rejects, as with an expired token.
kubectl config --kubeconfig "$STATE/kubeconfig" set-credentials expired --token "expired.$(openssl rand -hex 16)" >/dev/null
kubectl config --kubeconfig "$STATE/kubeconfig" set-context svcmap-expired --cluster svcmap-test --user expired >/dev/null

start() { # <name> <command...>: run in the background, log to logs/<name>.log
  local name="$1"; shift
  # Kept so cluster/component.sh can restart it with the same flags (fault tests).
  printf '%q ' "$@" > "$STATE/cmd/$name"
  "$@" >>"$STATE/logs/$name.log" 2>&1 &
  echo $! > "$STATE/pids/$name"
}
wait_for() { # <description> <seconds> <command...>
  local what="$1" limit="$2"; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      log "timed out after ${limit}s waiting for $what; logs in $STATE/logs"
      tail -n 20 "$STATE"/logs/*.log >&2 || true
      exit 1
    fi
    sleep 0.2
  done
}
alive() { kill -0 "$(cat "$STATE/pids/$1")" 2>/dev/null; }

log "starting etcd $ETCD_VERSION"
start etcd etcd --name node0 --data-dir "$STATE/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
  --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 1))" \
  --initial-cluster "node0=http://127.0.0.1:$((ETCD_PORT + 1))" \
  --auto-compaction-mode periodic --auto-compaction-retention 1h \
  --quota-backend-bytes 8589934592 --unsafe-no-fsync --log-level warn
wait_for etcd 30 curl -fsS "http://127.0.0.1:$ETCD_PORT/health"

log "starting kube-apiserver $K8S_VERSION on $SERVER"
# The advertise address is only published in the default/kubernetes Endpoints (which
# must not be loopback); nothing connects to it. Tests reach the apiserver on 127.0.0.1.
start kube-apiserver kube-apiserver --bind-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
  --advertise-address 10.240.0.1 \
  --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" --cert-dir "$STATE/apiserver-certs" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 --service-node-port-range 30000-32767 \
  --authorization-mode Node,RBAC --allow-privileged=true \
  --max-requests-inflight 0 --max-mutating-requests-inflight 0 --enable-priority-and-fairness=false \
  ${SVCMAP_APISERVER_FLAGS:-}
wait_for "kube-apiserver /readyz" 90 kubectl --kubeconfig "$STATE/admin.kubeconfig" get --raw /readyz

log "starting kube-controller-manager and kube-scheduler"
start kube-controller-manager kube-controller-manager --kubeconfig "$STATE/admin.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --leader-elect=false \
  --authorization-always-allow-paths /healthz,/readyz,/livez,/metrics \
  --root-ca-file "$pki/ca.crt" --service-account-private-key-file "$pki/sa.key" \
  --use-service-account-credentials=false --controllers '*' \
  --kube-api-qps 5000 --kube-api-burst 10000 \
  --concurrent-deployment-syncs 20 --concurrent-replicaset-syncs 20 \
  --concurrent-endpoint-syncs 20 --concurrent-service-endpoint-syncs 20
start kube-scheduler kube-scheduler --kubeconfig "$STATE/admin.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT" --leader-elect=false \
  --authorization-always-allow-paths /healthz,/readyz,/livez,/metrics \
  --kube-api-qps 5000 --kube-api-burst 10000

log "starting kwok $KWOK_VERSION"
start kwok kwok --kubeconfig "$STATE/admin.kubeconfig" --config "$CLUSTER_DIR/kwok.yaml" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --cidr 10.244.0.0/16 --node-ip 10.240.0.10 --node-lease-duration-seconds 40 \
  --server-address "127.0.0.1:$KWOK_PORT"

k() { kubectl --kubeconfig "$STATE/admin.kubeconfig" "$@"; }
k apply -f "$CLUSTER_DIR/nodes.yaml" >/dev/null
# No Gateway controller runs here: tests write Gateway and route status as a controller would.
log "applying the Gateway API $GATEWAY_API_VERSION CRDs (standard channel)"
k apply --server-side -f "$(gateway_api_crds)" >/dev/null
k create namespace "$VIEWER_NAMESPACE" >/dev/null
k apply -n "$VIEWER_NAMESPACE" -f "$CLUSTER_DIR/viewer-rbac.yaml" >/dev/null

for component in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
  alive "$component" || { log "$component exited; its log:"; tail -n 30 "$STATE/logs/$component.log" >&2; exit 1; }
done
wait_for "nodes to be Ready" 90 k wait --for=condition=Ready node --all --timeout=1s
wait_for "the default ServiceAccount" 90 k get serviceaccount default -n default
wait_for "the $VIEWER_NAMESPACE ServiceAccount" 90 k get serviceaccount default -n "$VIEWER_NAMESPACE"

log "cluster up in $((SECONDS - started)) s; state in $STATE"
log "KUBECONFIG=$STATE/kubeconfig (contexts svcmap-admin; svcmap-viewer: read-only in namespace $VIEWER_NAMESPACE; svcmap-expired: rejected credentials)"
echo "$STATE/kubeconfig"
