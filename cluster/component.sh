#!/usr/bin/env bash
# Controls one process of the running test cluster, for fault tests:
#   component.sh kill|stop|start|restart|freeze|thaw <etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kwok>
# kill = SIGKILL, stop = SIGTERM and wait, start = run again with the flags up.sh used,
# freeze/thaw = SIGSTOP/SIGCONT (a silent, not a closed, connection).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
action="${1:?usage: component.sh kill|stop|start|restart|freeze|thaw NAME}"
name="${2:?component name}"
STATE="$(cat "$STATE_FILE")"
export PATH="$BIN_DIR:$PATH"
[ -f "$STATE/cmd/$name" ] || { log "unknown component $name"; exit 2; }
pid="$(cat "$STATE/pids/$name" 2>/dev/null || true)"

wait_gone() { for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done; return 1; }
case "$action" in
  kill) kill -KILL "$pid"; wait_gone ;;
  stop) kill -TERM "$pid"; wait_gone ;;
  freeze) kill -STOP "$pid" ;;
  thaw) kill -CONT "$pid" ;;
  start|restart)
    if [ "$action" = restart ]; then kill -TERM "$pid" 2>/dev/null || true; wait_gone || kill -KILL "$pid"; fi
    # exec, so that $! is the component itself and not a subshell around it
    (eval "exec $(cat "$STATE/cmd/$name")") >>"$STATE/logs/$name.log" 2>&1 &
    echo $! > "$STATE/pids/$name"
    if [ "$name" = kube-apiserver ]; then
      until kubectl --kubeconfig "$STATE/admin.kubeconfig" get --raw /readyz >/dev/null 2>&1; do
        kill -0 "$(cat "$STATE/pids/$name")" 2>/dev/null || { log "kube-apiserver exited"; exit 1; }
        sleep 0.2
      done
    fi
    ;;
  *) log "unknown action $action"; exit 2 ;;
esac
log "$action $name done"
