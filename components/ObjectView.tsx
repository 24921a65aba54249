'use client';
// The whole object behind a node, read from the cluster on demand (GET .../object): its
// YAML, and for a Pod its conditions and containers. Read again whenever the live graph's
// view of the object changes, so what the panel shows never lags the map.
import { useState } from 'react';
import useSWR from 'swr';
import { podStatusView } from '@/lib/graph/pod-status';
import { Table } from './Table';
import { fetchJson } from '@/lib/stream/fetch';
import { type GraphNode, objectResponseSchema } from '@/lib/stream/protocol';

const fetchObject = ([url]: [string, unknown]) => fetchJson(url, objectResponseSchema);

/** What names one object: a node, or an object the map does not draw (a GatewayClass). */
type ObjectRef = Pick<GraphNode, 'kind' | 'namespace' | 'name'> | { kind: 'GatewayClass' | 'IngressClass'; namespace: ''; name: string };

/** The object of a node (or a class it names); `enabled` false reads nothing. */
function useObject(context: string, node: ObjectRef, enabled: boolean) {
  // Cluster-scoped objects (a class) are named without a namespace.
  const query = new URLSearchParams({ kind: node.kind, ...(node.namespace ? { namespace: node.namespace } : {}), name: node.name });
  // The node is part of the key (SWR hashes it by content): a changed pod is read again.
  return useSWR(enabled ? ([`/api/clusters/${encodeURIComponent(context)}/object?${query}`, node] as [string, ObjectRef]) : null, fetchObject, {
    keepPreviousData: true,
    revalidateOnFocus: false,
  });
}

/** The class a Gateway or Ingress names, whose YAML its details offer (classes are not drawn). */
export function classOf(node: GraphNode): ObjectRef | undefined {
  if (node.kind === 'Gateway') return { kind: 'GatewayClass', namespace: '', name: node.gatewayClassName };
  if (node.kind === 'Ingress' && node.ingressClassName) return { kind: 'IngressClass', namespace: '', name: node.ingressClassName };
  return undefined;
}

export function ObjectYaml({ context, node, label = 'YAML' }: { context: string; node: ObjectRef; label?: string }) {
  const [open, setOpen] = useState(false);
  const { data, error, isLoading } = useObject(context, node, open);
  return (
    <section className="mt-4">
      <button type="button" aria-expanded={open} className="rounded border border-slate-300 px-2 py-1 dark:border-slate-700" onClick={() => setOpen(!open)}>
        {open ? `Hide ${label}` : `Show ${label}`}
      </button>
      {open && (
        <div className="mt-2">
          {error && <p role="alert">Could not read the {node.kind}: {String(error.message)}</p>}
          {isLoading && !data && <p className="text-slate-600 dark:text-slate-400">Reading {node.kind} from the cluster…</p>}
          {data && (
            <pre data-testid="object-yaml" className="max-h-96 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-900">
              {data.yaml}
            </pre>
          )}
        </div>
      )}
    </section>
  );
}

export function PodStatus({ context, node }: { context: string; node: GraphNode }) {
  const { data, error } = useObject(context, node, true);
  if (error) return <p role="alert" className="mt-4">Could not read the pod: {String(error.message)}</p>;
  const view = data ? podStatusView(data.object) : null;
  if (!view) return <p className="mt-4 text-slate-600 dark:text-slate-400">Reading conditions and containers…</p>;
  return (
    <>
      <section className="mt-4">
        <h3 className="mb-1 font-semibold">Containers</h3>
        <Table
          testId="containers-table"
          breakAll
          headers={['NAME', 'READY', 'RESTARTS', 'STATE', 'PORTS', 'IMAGE']}
          rows={view.containers.map((container) => [
            container.init ? `${container.name} (init)` : container.name,
            String(container.ready),
            String(container.restarts),
            container.state,
            container.ports.join(', ') || '—',
            container.image ?? '',
          ])}
        />
      </section>
      <section className="mt-4">
        <h3 className="mb-1 font-semibold">Conditions</h3>
        <Table
          testId="conditions-table"
          breakAll
          headers={['TYPE', 'STATUS', 'SINCE', 'WHY']}
          rows={view.conditions.map((condition) => [condition.type, condition.status, condition.since ?? '', condition.why ?? ''])}
        />
      </section>
    </>
  );
}
