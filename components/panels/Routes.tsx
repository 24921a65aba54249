'use client';
// The details panel's "Routing by node": kube-proxy's choice on every node (lib/graph/routing),
// as a nodes × backends matrix for internal traffic; nodes that reach no backend in red.
import { internalEndpoints } from '@/lib/graph/routing';
import type { Graph, ServiceNode } from '@/lib/stream/protocol';
import { useRoutes } from '../graph/useRoutes';

export function RoutingMatrix({ context, service, graph, seq }: { context: string; service: ServiceNode; graph: Graph; seq: number }) {
  const { data, error } = useRoutes(context, { service: `${service.namespace}/${service.name}` }, seq);
  if (service.type === 'ExternalName' || service.headless) return null;
  const routes = data?.routes ?? [];
  const podByIp = new Map(graph.nodes.flatMap((node) => (node.kind === 'Pod' && node.ip ? [[node.ip, node.name] as const] : [])));
  const backends = [...new Set(routes.flatMap((route) => route.endpoints.map((endpoint) => endpoint.ip)))].sort();
  const nodes = [...new Map(routes.flatMap((route) => route.nodes.map((node) => [node.node, node.zone] as const))).entries()].sort();
  const cell = (node: string, ip: string) => {
    const ports = routes.filter((route) => route.endpoints.some((endpoint) => endpoint.ip === ip));
    const used = ports.filter((route) => {
      const here = route.nodes.find((candidate) => candidate.node === node)!;
      return internalEndpoints(route, here).some((key) => route.endpoints.find((endpoint) => endpoint.key === key)?.ip === ip);
    });
    return used.length === 0 ? '' : used.length === ports.length ? '✓' : '◐';
  };
  const notes = (node: string) => {
    const here = routes.map((route) => ({ route, node: route.nodes.find((candidate) => candidate.node === node)! }));
    const dropped = here.filter(({ route, node: at }) => at.hasAny && internalEndpoints(route, at).length === 0);
    if (dropped.length > 0) return { text: `no backend for ${dropped.map(({ route }) => route.servicePort).join(', ')}: traffic dropped`, bad: true };
    const modes = [...new Set(here.map(({ node: at }) => (at.topology ? `${at.topology === 'PreferSameZone' ? 'zone' : 'node'} hints` : at.hintsIgnored ? `hints ignored: ${at.hintsIgnored}` : '')).filter(Boolean))];
    const fallback = here.some(({ node: at }) => at.terminatingFallback) ? ['terminating endpoints'] : [];
    return { text: [...modes, ...fallback].join('; '), bad: false };
  };
  return (
    <section className="mt-4" data-testid="routing-matrix">
      <h3 className="mb-1 font-semibold">Routing by node (kube-proxy)</h3>
      {error && <p role="alert" className="text-red-700 dark:text-red-300">{error.message}</p>}
      {data && nodes.length === 0 && <p className="text-slate-600 dark:text-slate-300">No nodes are known (nodes are not readable with these credentials).</p>}
      {data && nodes.length > 0 && (
        // Wide with many backends: it scrolls, and a keyboard can scroll it too.
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Routing by node: nodes × backends">
          <table className="border-collapse text-left text-xs">
            <thead>
              <tr className="border-b border-slate-200 dark:border-slate-700">
                <th className="py-1 pr-2 font-medium">Node</th>
                {backends.map((ip) => (
                  // A pod's name is long: its last part (the hash) tells pods of one workload apart; hover for all of it.
                  <th key={ip} className="py-1 pr-2 font-medium whitespace-nowrap" title={`${podByIp.get(ip) ?? ''} ${ip}`.trim()}>
                    {podByIp.get(ip)?.split('-').at(-1) ?? ip}
                  </th>
                ))}
                <th className="min-w-[10rem] py-1 pr-2 font-medium">Note</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map(([node, zone]) => {
                const note = notes(node);
                return (
                  <tr key={node} className={`border-b border-slate-100 dark:border-slate-800 ${note.bad ? 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200' : ''}`} data-blackhole={note.bad || undefined}>
                    <td className="py-1 pr-2 whitespace-nowrap">
                      {node}
                      {zone && <span className="text-slate-600 dark:text-slate-300"> · {zone}</span>}
                    </td>
                    {backends.map((ip) => (
                      <td key={ip} className="py-1 pr-2 text-center">
                        {cell(node, ip)}
                      </td>
                    ))}
                    <td className="py-1 pr-2">{note.text}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {data && <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">✓ a client on that node reaches this backend on every port (◐ some ports), as kube-proxy&apos;s rules decide.{data.sessionAffinity ? ` sessionAffinity ${data.sessionAffinity}.` : ''}</p>}
    </section>
  );
}
