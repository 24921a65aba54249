#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl
# and kwok from the official Go modules into a cache outside the repository.
# Prints the bin directory on stdout. Does nothing when the cache is current.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

binaries=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)
complete=1
for b in "${binaries[@]}"; do [ -x "$BIN_DIR/$b" ] || complete=0; done
if [ "$complete" = 1 ]; then
  log "using cached binaries in $BIN_DIR"
  echo "$BIN_DIR"; exit 0
fi

mkdir -p "$BIN_DIR"
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
# Two cores: building more packages at once only adds memory pressure.
build() { # <wrapper dir> <ldflags> <packages...>
  local dir="$1" ldflags="$2"; shift 2
  (cd "$CLUSTER_DIR/$dir" && go build -trimpath -ldflags "-s -w $ldflags" -o "$BIN_DIR/" "$@")
}

start=$SECONDS
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
version_flags="-X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
log "building Kubernetes $K8S_VERSION (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl); a cold build takes a while on 2 cores"
build k8s "$version_flags" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
log "Kubernetes built after $((SECONDS - start)) s; building etcd $ETCD_VERSION"
build etcd "" go.etcd.io/etcd/server/v3
# go build names a module-root main package after the path element before /v3.
mv "$BIN_DIR/server" "$BIN_DIR/etcd"
log "etcd built after $((SECONDS - start)) s; building kwok $KWOK_VERSION"
build kwok "" sigs.k8s.io/kwok/cmd/kwok
log "all built in $((SECONDS - start)) s: $(du -sh "$BIN_DIR" | cut -f1) in $BIN_DIR"
echo "$BIN_DIR"
