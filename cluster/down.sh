#!/usr/bin/env bash
# Stops exactly the processes cluster/up.sh started (by PID) and removes its state.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

[ -f "$STATE_FILE" ] || { log "no cluster recorded in $STATE_FILE"; exit 0; }
STATE="$(cat "$STATE_FILE")"
# Reverse start order, so controllers do not log storms about a vanished apiserver.
for component in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  pid_file="$STATE/pids/$component"
  [ -f "$pid_file" ] || continue
  pid="$(cat "$pid_file")"
  kill -CONT "$pid" 2>/dev/null # a test may have frozen it with SIGSTOP
  kill -TERM "$pid" 2>/dev/null || continue
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null && log "$component did not stop on SIGTERM; killed"
done
case "$STATE" in
  */svcmap-cluster.*) rm -rf "$STATE" ;;
  *) log "refusing to remove unexpected state path $STATE" ;;
esac
rm -f "$STATE_FILE"
log "cluster stopped"
