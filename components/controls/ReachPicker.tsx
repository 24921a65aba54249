'use client';
// "As seen from": pick a source (a workload, a namespace, a pod, or addresses outside the
// cluster) and every endpoint edge says whether NetworkPolicy lets that source through.
// The choice lives in the URL (from=). A menu in the header: Escape closes it.
import { useMemo, useRef, useState } from 'react';
import type { Graph, ReachabilityResponse } from '@/lib/stream/protocol';

interface Props {
  graph: Graph;
  from: string | null;
  reach?: ReachabilityResponse;
  /** From a node or zone: each endpoint edge used by kube-proxy there or not. */
  routes?: Record<string, { used: boolean; reason: string }>;
  error?: Error;
  onChange: (from: string | null) => void;
}

export function ReachPicker({ graph, from, reach, routes, error, onChange }: Props) {
  const input = useRef<HTMLInputElement>(null);
  // The sources are offered while the menu is open only: a pass over every pod (and a datalist
  // of every workload) on each change of the graph cost the page time during rollouts.
  const [open, setOpen] = useState(false);
  const options = useMemo(() => (open ? sourceOptions(graph) : []), [open, graph]);
  const counts = useMemo(() => {
    const states = Object.values(reach?.edges ?? {}).map((edge) => edge.state);
    return { allowed: states.filter((state) => state === 'allowed').length, blocked: states.filter((state) => state === 'blocked').length, partial: states.filter((state) => state === 'partial').length };
  }, [reach]);
  const apply = () => {
    const value = input.current?.value.trim() ?? '';
    onChange(value || null);
  };
  return (
    <details className="relative" data-testid="reach-picker" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary
        className={`cursor-pointer list-none rounded border px-2 py-0.5 text-sm whitespace-nowrap ${from ? 'border-sky-600 bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-100' : 'border-slate-300 dark:border-slate-700'}`}
        title="As seen from: which endpoints may a source reach under the cluster's NetworkPolicies?"
      >
        <span aria-hidden="true">{from ? `Reach: ${shorten(from)}` : 'Reach'}</span>
        <span className="sr-only">{from ? `Reach as seen from ${from}` : 'Reach: as seen from a source'}</span>
      </summary>
      <div className="absolute right-0 z-30 mt-1 w-[26rem] rounded border border-slate-200 bg-white p-3 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-950">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            apply();
          }}
        >
          <label htmlFor="reach-from" className="font-medium">
            As seen from
          </label>
          <div className="mt-1 flex gap-2">
            <input
              id="reach-from"
              ref={input}
              list="reach-sources"
              defaultValue={from ?? ''}
              key={from ?? ''}
              placeholder="workload:shop/Deployment/frontend"
              className="min-w-0 flex-1 rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
              aria-describedby="reach-help"
            />
            <button type="submit" className="rounded border border-slate-300 px-2 dark:border-slate-700">
              Show
            </button>
            {from && (
              <button type="button" className="rounded border border-slate-300 px-2 dark:border-slate-700" onClick={() => onChange(null)}>
                Clear
              </button>
            )}
          </div>
          <datalist id="reach-sources">
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </datalist>
        </form>
        <p id="reach-help" className="mt-1 text-xs text-slate-600 dark:text-slate-300">
          NetworkPolicy: a workload, namespace:NAME, pod:NAMESPACE/NAME or cidr:ADDRESS/PREFIX (outside the cluster). Routing: node:NAME or zone:NAME.
        </p>
        {error && (
          <p role="alert" className="mt-2 text-red-700 dark:text-red-300" data-testid="reach-error">
            {error.message}
          </p>
        )}
        {routes && from && (
          <div className="mt-2" data-testid="reach-summary">
            <p>
              From {from.replace(':', ' ')}: <strong>{Object.values(routes).filter((edge) => edge.used).length}</strong> endpoint edges carry its clients&apos; traffic,{' '}
              <strong>{Object.values(routes).filter((edge) => !edge.used).length}</strong> do not (dimmed, <span className="legend-unused">– not used</span>) — as kube-proxy on those nodes decides: ready endpoints, traffic policies, topology hints, the terminating fallback.
            </p>
          </div>
        )}
        {reach && from && (
          <div className="mt-2" data-testid="reach-summary">
            <p>
              From {reach.description}: <strong>{counts.allowed}</strong> endpoint edges allowed, <strong className="text-red-700 dark:text-red-300">{counts.blocked} blocked</strong>
              {counts.partial > 0 && <>, {counts.partial} partly</>} by {reach.policies === 1 ? '1 NetworkPolicy' : `${reach.policies} NetworkPolicies`}.
            </p>
            <p className="mt-1 text-xs">
              <span className="legend-blocked">╌╌ blocked</span> <span className="ml-2 legend-partial">─·─ partly blocked</span>: hover an edge or open a pod for the policy and rule.
            </p>
          </div>
        )}
        {reach && reach.policyFindings.length > 0 && (
          <ul className="mt-2 list-disc pl-4 text-xs" aria-label="Policy findings">
            {reach.policyFindings.map((finding) => (
              <li key={finding.message}>{finding.message}</li>
            ))}
          </ul>
        )}
        <p className="mt-2 border-t border-slate-200 pt-2 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-300" data-testid="reach-note">
          {reach?.note ?? 'svcmap evaluates NetworkPolicy objects as the API defines them; enforcement is up to the cluster\u2019s network plugin. Cilium/Calico policies and AdminNetworkPolicy are not evaluated.'}
        </p>
      </div>
    </details>
  );
}

function shorten(from: string): string {
  const text = from.replace(/^workload:[^/]+\/[^/]+\//, '').replace(/^(namespace|pod|cidr):/, '');
  return text.length > 12 ? `${text.slice(0, 11)}…` : text;
}

/** Workloads and namespaces in the graph, and "outside the cluster", for the picker's list. */
function sourceOptions(graph: Graph): { value: string; label: string }[] {
  const workloads = new Set<string>();
  const namespaces = new Set<string>();
  const places = new Set<string>();
  for (const node of graph.nodes) {
    if (node.kind !== 'Pod') continue;
    namespaces.add(node.namespace);
    if (node.nodeName) places.add(`node:${node.nodeName}`);
    if (node.zone) places.add(`zone:${node.zone}`);
    if (node.workload) workloads.add(`workload:${node.namespace}/${node.workload}`);
  }
  return [
    ...[...workloads].sort().map((value) => ({ value, label: value.slice('workload:'.length) })),
    ...[...namespaces].sort().map((name) => ({ value: `namespace:${name}`, label: `every pod in ${name}` })),
    { value: 'cidr:0.0.0.0/0', label: 'outside the cluster (any IPv4 address)' },
    ...[...places].sort().map((value) => ({ value, label: `clients on ${value.replace(':', ' ')}: kube-proxy's routing` })),
  ];
}
