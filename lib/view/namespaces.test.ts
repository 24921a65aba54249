import { describe, expect, it } from 'vitest';
import { loadFixture } from '@/test/fixtures/load';
import { buildGraph } from '@/lib/graph/build';
import type { Graph } from '@/lib/graph/model';
import { collapseAbove, foldingOf, isCollapsed, namespaceFacts, namespaceSummaries, toggleNamespace, withNamespaceHeadings } from './namespaces';

describe('namespaces', () => {
  const graph = buildGraph(loadFixture('frontend.yaml', 'legacy-db.yaml'));

  it('counts Services, those with problems, pods and ready pods per namespace', () => {
    const summaries = namespaceSummaries(graph);
    expect(summaries.map((summary) => summary.name)).toEqual(['data', 'shop']);
    for (const summary of summaries) {
      const nodes = graph.nodes.filter((node) => node.namespace === summary.name);
      const services = nodes.filter((node) => node.kind === 'Service');
      const pods = nodes.filter((node) => node.kind === 'Pod');
      expect(summary).toEqual({
        name: summary.name,
        services: services.length,
        problems: services.filter((service) => service.diagnostics.some((diagnostic) => diagnostic.severity !== 'info')).length,
        pods: pods.length,
        readyPods: pods.filter((pod) => pod.ready && !pod.terminating).length,
      });
    }
    // frontend.yaml has a not-ready pod behind shop/frontend: a warning.
    expect(summaries.find((summary) => summary.name === 'shop')).toMatchObject({ problems: 1 });
  });

  it('says in words what a heading holds; problems counted over Gateways and routes say of how many', () => {
    expect(namespaceFacts({ name: 'shop', services: 10, problems: 3, pods: 18, readyPods: 13 })).toEqual(['10 Services', '3 with problems', '18 pods, 13 ready']);
    expect(namespaceFacts({ name: 'front', gateways: 3, routes: 12, services: 4, problems: 15, pods: 1, readyPods: 1 })).toEqual(['3 Gateways', '12 routes', '4 Services', '15 of 19 with problems', '1 pod, 1 ready']);
    expect(namespaceFacts({ name: 'edge', gateways: 1, services: 1, problems: 0, pods: 0, readyPods: 0 })).toEqual(['1 Gateway', '1 Service', '0 pods, 0 ready']);
  });

  it('adds one heading per namespace; collapsing one leaves only its heading and none of its edges', () => {
    const open = withNamespaceHeadings(graph, { collapsed: new Set() });
    expect(open.nodes.filter((node) => node.kind === 'Namespace').map((node) => node.id)).toEqual(['Namespace/data', 'Namespace/shop']);
    expect(open.nodes.length).toBe(graph.nodes.length + 2);
    const collapsed = withNamespaceHeadings(graph, { collapsed: new Set(['shop']) });
    expect(collapsed.nodes.filter((node) => node.namespace === 'shop').map((node) => node.id)).toEqual(['Namespace/shop']);
    expect(collapsed.nodes.find((node) => node.id === 'Namespace/shop')).toMatchObject({ collapsed: true, summary: { name: 'shop' } });
    expect(collapsed.edges.some((edge) => edge.namespace === 'shop')).toBe(false);
    expect(collapsed.nodes.filter((node) => node.namespace === 'data')).toEqual(open.nodes.filter((node) => node.namespace === 'data'));
  });

  it('opens a graph of more than collapseAbove nodes in several namespaces with every namespace collapsed', () => {
    const big = repeat(graph, collapseAbove + 1);
    expect(big.nodes.length).toBeGreaterThan(collapseAbove);
    const folding = foldingOf(big, null, null);
    expect(['data', 'shop'].map((namespace) => isCollapsed(folding, namespace))).toEqual([true, true]);
    expect(withNamespaceHeadings(big, folding).nodes.map((node) => node.id)).toEqual(['Namespace/data', 'Namespace/shop']);
    // Small, or one namespace only (its heading would be all there is): open.
    expect(isCollapsed(foldingOf(graph, null, null), 'shop')).toBe(false);
    const oneNamespace = repeat({ nodes: graph.nodes.filter((node) => node.namespace === 'shop'), edges: [] }, collapseAbove + 1);
    expect(oneNamespace.nodes.length).toBeGreaterThan(collapseAbove);
    expect(isCollapsed(foldingOf(oneNamespace, null, null), 'shop')).toBe(false);
  });

  it('follows the URL over the default: collapsed=a,b, collapsed=* with open=a, and collapsed= for none', () => {
    const big = repeat(graph, collapseAbove + 1);
    expect(isCollapsed(foldingOf(big, '', null), 'shop')).toBe(false);
    expect(isCollapsed(foldingOf(graph, 'shop', null), 'shop')).toBe(true);
    const starred = foldingOf(graph, '*', 'shop');
    expect([isCollapsed(starred, 'shop'), isCollapsed(starred, 'data')]).toEqual([false, true]);
  });

  it('toggles one namespace and writes the folding out explicitly, so a link keeps the view', () => {
    expect(toggleNamespace({ open: new Set() }, 'shop')).toEqual({ collapsed: '*', open: 'shop' });
    expect(toggleNamespace({ open: new Set(['shop', 'data']) }, 'shop')).toEqual({ collapsed: '*', open: 'data' });
    expect(toggleNamespace({ open: new Set(['shop']) }, 'shop')).toEqual({ collapsed: '*', open: null });
    expect(toggleNamespace({ collapsed: new Set() }, 'shop')).toEqual({ collapsed: 'shop', open: null });
    expect(toggleNamespace({ collapsed: new Set(['shop']) }, 'shop')).toEqual({ collapsed: '', open: null });
    // Round trip through the URL's form.
    const next = toggleNamespace({ open: new Set(['data']) }, 'shop');
    const folding = foldingOf(graph, next.collapsed, next.open);
    expect([isCollapsed(folding, 'shop'), isCollapsed(folding, 'data')]).toEqual([false, false]);
  });
});

/** The graph's nodes copied (renamed) until there are more than `count`. */
function repeat(graph: Graph, count: number): Graph {
  const nodes = [];
  for (let copy = 0; nodes.length <= count; copy++) nodes.push(...graph.nodes.map((node) => ({ ...node, id: `${node.id}-${copy}` })));
  return { nodes, edges: [] };
}
