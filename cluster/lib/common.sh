# Shared by the cluster/ scripts: where the build cache and the running cluster live.
# Sourced, not run.

CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The versions live in the wrapper modules' go.mod files; read them from there.
module_version() { # <wrapper dir> <module path>
  awk -v m="$2" '$1 == m && $2 ~ /^v/ { print $2; exit }' "$CLUSTER_DIR/$1/go.mod"
}
K8S_VERSION="$(module_version k8s k8s.io/kubernetes)"
ETCD_VERSION="$(module_version etcd go.etcd.io/etcd/server/v3)"
KWOK_VERSION="$(module_version kwok sigs.k8s.io/kwok)"
# The Gateway API CRDs (standard channel), from the official module in Go's module cache.
GATEWAY_API_VERSION=v1.6.3
gateway_api_crds() {
  local dir
  dir="$(cd "${TMPDIR:-/tmp}" && GOTOOLCHAIN=local go mod download -json "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION" | awk -F'"' '$2 == "Dir" { print $4 }')"
  [ -d "$dir/config/crd/standard" ] || { log "cannot fetch sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION"; return 1; }
  echo "$dir/config/crd/standard"
}

# Binaries are cached outside the repository, keyed by the versions and by the
# exact module graph, so they are rebuilt only when a go.mod/go.sum changes.
cache_key() {
  local sum
  sum="$(cat "$CLUSTER_DIR"/{k8s,etcd,kwok}/go.{mod,sum} | sha256sum | cut -c1-12)"
  echo "k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION-$(go env GOVERSION)-$sum"
}
CACHE_ROOT="${SVCMAP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/svcmap}"
BIN_DIR="$CACHE_ROOT/cluster/$(cache_key)/bin"

# A running cluster keeps its state (PIDs, certificates, etcd data, kubeconfig)
# in one temp directory whose path is recorded here.
STATE_FILE="${SVCMAP_CLUSTER_STATE_FILE:-${TMPDIR:-/tmp}/svcmap-cluster.path}"

log() { printf '[cluster %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
