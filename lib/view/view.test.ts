import { describe, expect, it } from 'vitest';
import { loadFixture } from '@/test/fixtures/load';
import type { Graph, PodNode } from '@/lib/graph/model';
import { buildGraph } from '@/lib/graph/build';
import { viewGraph } from './view';

const graph = buildGraph(loadFixture('frontend.yaml', 'legacy-db.yaml', 'shapes.yaml'));
const ids = (view: Graph, kind?: string) => view.nodes.filter((node) => !kind || node.kind === kind).map((node) => node.id).sort();
const pods = graph.nodes.filter((node): node is PodNode => node.kind === 'Pod');

describe('viewGraph', () => {
  it('is the whole graph when nothing is asked', () => {
    expect(viewGraph(graph, {})).toBe(graph);
    expect(viewGraph(graph, { search: '  ' })).toBe(graph);
  });

  it('finds a pod by IP address, and every Service routing to it, through its slice', () => {
    const pod = pods.find((node) => node.id === 'Pod/shop/frontend-6d9f7c-abcde')!;
    const view = viewGraph(graph, { search: pod.ip });
    expect(ids(view)).toEqual(['EndpointSlice/shop/frontend-x7k2p', 'Pod/shop/frontend-6d9f7c-abcde', 'Service/shop/frontend']);
    expect(view.edges.every((edge) => ids(view).includes(edge.source) && ids(view).includes(edge.target))).toBe(true);
    expect(view.edges).toHaveLength(2);
  });

  it('finds a hand-written endpoint address and the selector-less Service behind it', () => {
    const view = viewGraph(graph, { search: '192.0.2.10' });
    expect(ids(view, 'Service')).toEqual(['Service/data/legacy-db']);
    expect(ids(view, 'Address')).toEqual(['Address/data/192.0.2.10']);
  });

  it('finds pods by label and Services by selector with key=value', () => {
    const view = viewGraph(graph, { search: 'app=frontend' });
    expect(ids(view, 'Service')).toEqual(['Service/shop/frontend']);
    expect(ids(view, 'Pod')).toEqual(pods.filter((pod) => pod.labels?.app === 'frontend').map((pod) => pod.id).sort());
  });

  it('finds by name fragment, case-insensitive: a Service brings its backends', () => {
    const view = viewGraph(graph, { search: 'FrontEnd' });
    expect(ids(view, 'Service')).toEqual(['Service/shop/frontend']);
    expect(ids(view, 'Pod')).toHaveLength(3);
  });

  it('focuses one Service: its slices and backends, nothing of other Services', () => {
    const view = viewGraph(graph, { focus: 'Service/data/legacy-db' });
    expect(ids(view, 'Service')).toEqual(['Service/data/legacy-db']);
    expect(ids(view, 'Address')).toHaveLength(2);
    expect(viewGraph(graph, { focus: 'Service/nowhere/none' }).nodes).toEqual([]);
  });

  it('shows only Services with errors or warnings, and filters by Service type', () => {
    const problems = viewGraph(graph, { onlyProblems: true });
    const services = problems.nodes.filter((node) => node.kind === 'Service');
    expect(services.length).toBeGreaterThan(0);
    expect(services.every((service) => service.kind === 'Service' && service.diagnostics.some((d) => d.severity !== 'info'))).toBe(true);
    const clusterIps = graph.nodes.filter((node) => node.kind === 'Service' && node.type === 'ClusterIP').map((node) => node.id).sort();
    expect(clusterIps.length).toBeGreaterThan(0);
    expect(ids(viewGraph(graph, { serviceTypes: new Set(['ClusterIP']) }), 'Service')).toEqual(clusterIps);
    expect(viewGraph(graph, { serviceTypes: new Set(['NodePort']) }).nodes).toEqual([]);
  });
});

describe('viewGraph, only problems, with Gateways and routes', () => {
  const front = buildGraph(loadFixture('gateway.yaml'));
  const problem = (node: Graph['nodes'][number]) => 'diagnostics' in node && node.diagnostics.some((d) => d.severity !== 'info');

  it('keeps every Gateway, route and Ingress with a problem, with what leads to it and what it routes to', () => {
    const view = viewGraph(front, { onlyProblems: true });
    const routesWithProblems = front.nodes.filter((node) => node.kind !== 'Service' && node.kind !== 'Namespace' && problem(node)).map((node) => node.id).sort();
    expect(routesWithProblems).toContain('HTTPRoute/shop/broken');
    expect(ids(view).filter((id) => routesWithProblems.includes(id))).toEqual(routesWithProblems);
    // the Gateway the broken route hangs off is kept, so the route is seen where traffic enters
    expect(ids(view)).toContain('Gateway/infra/main');
    expect(view.edges.some((edge) => edge.target === 'HTTPRoute/shop/broken')).toBe(true);
    // routes come only for their own problems: none kept for its Gateway's or backend's
    const problemRoutes = front.nodes.filter((node) => node.kind === 'HTTPRoute' && problem(node)).map((node) => node.id).sort();
    expect(ids(view, 'HTTPRoute')).toEqual(problemRoutes);
    expect(front.nodes.filter((node) => node.kind === 'HTTPRoute').length).toBeGreaterThan(problemRoutes.length);
    // a Gateway with a problem of its own comes alone, not with its healthy routes' Services
    expect(ids(view)).toContain('Gateway/infra/unprogrammed');
  });

  it('asks only for Services when a type filter is on', () => {
    const view = viewGraph(front, { onlyProblems: true, serviceTypes: new Set(['ClusterIP']) });
    expect(ids(view).filter((id) => id.startsWith('HTTPRoute/'))).toEqual([]);
  });
});
