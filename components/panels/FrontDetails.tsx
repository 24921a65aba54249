'use client';
// The details of what stands in front of Services: a route's rules in order (matches, filters
// by name, each backend with its share and the ready endpoints behind it), a Gateway's
// listeners and the routes attached, an Ingress's host/path rules. Rows link onward.
import { formatPercent } from '@/lib/graph/front-diagnostics';
import { isFrontNodeKind } from '@/lib/graph/gateway-objects';
import { shortName } from '@/lib/graph/ids';
import type { Backend, GatewayNode, Graph, GraphNode, IngressNode, RouteNode } from '@/lib/stream/protocol';
import { Table } from '../Table';
import { DiagnosticsSection, Facts } from './Facts';

export type FrontNode = GatewayNode | RouteNode | IngressNode;

export function isFrontNode(node: GraphNode): node is FrontNode {
  return isFrontNodeKind(node.kind);
}

export function FrontDetails({ graph, node, onSelect }: { graph: Graph; node: FrontNode; onSelect: (id: string) => void }) {
  const link = (id: string, text = shortName(id)) => (
    <button type="button" className="text-sky-700 underline dark:text-sky-300" onClick={() => onSelect(id)}>
      {text}
    </button>
  );
  // A split shows the weights as written beside the shares they make.
  const backend = (entry: Backend, showShare: boolean, split = false) => (
    <span key={entry.service} className="whitespace-nowrap">
      {entry.exists ? link(entry.service, `${shortName(entry.service)}${entry.port ? `:${entry.port}` : ''}`) : <span className="text-red-700 dark:text-red-300">{entry.service} (missing)</span>}
      {showShare && ` ${formatPercent(entry.percent)}${split && entry.weight !== undefined ? ` (weight ${entry.weight})` : ''}`}
      {entry.exists && <span className={entry.ready === 0 ? 'font-semibold text-red-700 dark:text-red-300' : ''}> · {entry.ready}/{entry.total} ready</span>}
    </span>
  );
  if (node.kind === 'Gateway') {
    const routes = graph.edges.filter((edge) => edge.source === node.id && edge.relation === 'attached');
    return (
      <>
        <Facts rows={[['GatewayClass', node.gatewayClassName], ['addresses', node.addresses.join(', ') || 'none: not programmed']]} />
        <DiagnosticsSection diagnostics={node.diagnostics} />
        <section className="mt-4">
          <h3 className="mb-1 font-semibold">Listeners</h3>
          {/* Certificates are Secrets: named, never read. */}
          <Table testId="listeners-table" headers={['NAME', 'PROTOCOL', 'PORT', 'HOSTNAME', 'ROUTES', 'TLS SECRET']} rows={node.listeners.map((listener) => [listener.name, listener.protocol, String(listener.port), listener.hostname ?? '*', String(listener.attachedRoutes ?? '—'), listener.certificates?.join(', ') ?? '—'])} />
        </section>
        <section className="mt-4">
          <h3 className="mb-1 font-semibold">Routes attached</h3>
          {routes.length === 0 ? <p className="text-slate-600 dark:text-slate-400">None shown.</p> : <ul>{routes.map((edge) => <li key={edge.id}>{link(edge.target)} <span className="text-slate-600 dark:text-slate-400">via {edge.label}</span></li>)}</ul>}
        </section>
      </>
    );
  }
  if (node.kind === 'Ingress') {
    return (
      <>
        <Facts rows={[['IngressClass', node.ingressClassName ?? '(default)'], ['addresses', node.addresses.join(', ') || 'none yet'], ['TLS hosts', node.tlsHosts.join(', ') || '—'], ['TLS secrets', node.tlsSecrets.join(', ') || '—']]} />
        <DiagnosticsSection diagnostics={node.diagnostics} />
        <section className="mt-4">
          <h3 className="mb-1 font-semibold">Rules</h3>
          <Table testId="ingress-rules-table" headers={['HOST', 'PATH', 'TYPE', 'BACKEND']} rows={node.rules.map((rule) => [rule.host ?? '*', rule.path, rule.pathType, backend(rule.backend, false)])} />
        </section>
      </>
    );
  }
  return (
    <>
      <Facts
        rows={[
          ['hostnames', node.hostnames.join(', ') || 'any the listener allows'],
          ['parents', node.parents.map((parent) => `${parent.text}${parent.attached ? '' : ' (not attached)'}`).join(', ') || '—'],
        ]}
      />
      <DiagnosticsSection diagnostics={node.diagnostics} />
      <section className="mt-4">
        <h3 className="mb-1 font-semibold">Rules <span className="font-normal text-slate-600 dark:text-slate-400">(most specific first: the first that matches serves; # as written)</span></h3>
        <Table
          testId="route-rules-table"
          headers={['#', 'MATCHES', 'FILTERS', 'BACKENDS']}
          rows={node.rules.map((rule) => [
            rule.name ? `${rule.number} (${rule.name})` : String(rule.number),
            rule.matches.join(' | '),
            rule.filters.join(', ') || '—',
            rule.backends.length === 0 ? 'none' : <span className="flex flex-col">{rule.backends.map((entry) => backend(entry, true, rule.backends.length > 1))}</span>,
          ])}
        />
      </section>
    </>
  );
}
