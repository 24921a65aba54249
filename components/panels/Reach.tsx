'use client';
// The details panel's NetworkPolicy sections: who may reach a Service (a row per namespace,
// or per workload where they differ, and one for outside the cluster), and for a pod, what
// the picked source may do on each endpoint edge to it, with the deciding policy and rule.
import type { Graph, PodNode, ReachabilityResponse, ServiceNode } from '@/lib/stream/protocol';
import { servicesRoutingTo } from '@/lib/view/details';
import { useReachabilityOf, useWhoMayReach } from '../graph/useReachability';

const stateText = { allowed: '✓ all', partial: '◐ some', blocked: '✕ none', none: '— no endpoints' } as const;
const stateClass = { allowed: 'text-green-800 dark:text-green-300', partial: 'text-amber-800 dark:text-amber-300', blocked: 'text-red-700 dark:text-red-300 font-semibold', none: 'text-slate-600 dark:text-slate-300' } as const;

export function WhoMayReach({ context, service, seq, onReachFrom }: { context: string; service: ServiceNode; seq: number; onReachFrom: (source: string) => void }) {
  const { data, error } = useWhoMayReach(context, `${service.namespace}/${service.name}`, seq);
  if (service.type === 'ExternalName') return null;
  const rows = data?.whoMayReach ?? [];
  const ports = rows[0]?.ports.map((port) => port.port) ?? [];
  return (
    <section className="mt-4" data-testid="who-may-reach">
      <h3 className="mb-1 font-semibold">Who may reach this (NetworkPolicy)</h3>
      {error && <p role="alert" className="text-red-700 dark:text-red-300">{error.message}</p>}
      {!data && !error && <p className="text-slate-600 dark:text-slate-300">Evaluating…</p>}
      {data && (
        <table className="w-full border-collapse text-left text-xs">
          <thead>
            <tr className="border-b border-slate-200 dark:border-slate-700">
              <th className="py-1 pr-2 font-medium">Source</th>
              {ports.map((port) => (
                <th key={port} className="py-1 pr-2 font-medium whitespace-nowrap">
                  {port}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.source} className="border-b border-slate-100 dark:border-slate-800">
                <td className="py-1 pr-2 [overflow-wrap:anywhere]">
                  <button type="button" className="text-left underline decoration-dotted" title={`Show the map as seen from ${row.source}`} onClick={() => onReachFrom(row.source)}>
                    {row.label}
                  </button>
                  {row.pods > 0 && <span className="text-slate-600 dark:text-slate-300"> · {row.pods === 1 ? '1 pod' : `${row.pods} pods`}</span>}
                </td>
                {row.ports.map((port) => (
                  <td key={port.port} className={`py-1 pr-2 whitespace-nowrap ${stateClass[port.state]}`}>
                    {stateText[port.state]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">Of the Service&apos;s backends, how many each source may open the port on. {data.note}</p>}
    </section>
  );
}

export function PodReach({ context, graph, pod, reach, seq, onReachFrom }: { context: string; graph: Graph; pod: PodNode; reach?: ReachabilityResponse; seq: number; onReachFrom: (source: string) => void }) {
  // The whole-cluster answer carries one verdict per edge; the per-port ones come per Service.
  const services = reach ? servicesRoutingTo(graph, pod.id) : [];
  return (
    <section className="mt-4" data-testid="pod-reach">
      <h3 className="mb-1 font-semibold">NetworkPolicy</h3>
      {reach && (
        <ul className="mb-2 space-y-1">
          {services.map((service) => (
            <PodReachFor key={service.id} context={context} from={reach.from} service={service} pod={pod} seq={seq} />
          ))}
        </ul>
      )}
      {reach && services.length === 0 && <p className="mb-2 text-slate-600 dark:text-slate-300">No Service routes to this pod.</p>}
      <button type="button" className="rounded border border-slate-300 px-2 py-1 dark:border-slate-700" onClick={() => onReachFrom(`pod:${pod.namespace}/${pod.name}`)}>
        Show what this pod may reach
      </button>
    </section>
  );
}

function PodReachFor({ context, from, service, pod, seq }: { context: string; from: string; service: ServiceNode; pod: PodNode; seq: number }) {
  const { data, error } = useReachabilityOf(context, from, `${service.namespace}/${service.name}`, seq);
  if (error) return <li className="text-red-700 dark:text-red-300">{error.message}</li>;
  if (!data) return <li className="text-slate-600 dark:text-slate-300">Evaluating {service.name}…</li>;
  const entries = data.services.flatMap((entry) => entry.ports.flatMap((port) => port.endpoints.filter((endpoint) => endpoint.pod === pod.id).map((endpoint) => ({ port, endpoint }))));
  return (
    <>
      {entries.map(({ port, endpoint }) => (
        <li key={`${port.port}-${port.protocol}`}>
          <span className={stateClass[endpoint.state]}>{endpoint.state === 'allowed' ? '✓ allowed' : endpoint.state === 'blocked' ? '✕ blocked' : '◐ partly blocked'}</span> from {data.description} to {service.namespace}/{service.name} port {port.port}/{port.protocol}:{' '}
          <span className="[overflow-wrap:anywhere]">{endpoint.reason}</span>
        </li>
      ))}
    </>
  );
}
