import { describe, expect, it } from 'vitest';
import { loadFixture } from '@/test/fixtures/load';
import { buildGraph } from './build';
import { namespaceSummaries, withNamespaceHeadings } from './namespaces';

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

  it('adds one heading per namespace; collapsing one leaves only its heading and none of its edges', () => {
    const open = withNamespaceHeadings(graph, new Set());
    expect(open.nodes.filter((node) => node.kind === 'Namespace').map((node) => node.id)).toEqual(['Namespace/data', 'Namespace/shop']);
    expect(open.nodes.length).toBe(graph.nodes.length + 2);
    const collapsed = withNamespaceHeadings(graph, new Set(['shop']));
    expect(collapsed.nodes.filter((node) => node.namespace === 'shop').map((node) => node.id)).toEqual(['Namespace/shop']);
    expect(collapsed.nodes.find((node) => node.id === 'Namespace/shop')).toMatchObject({ collapsed: true, summary: { name: 'shop' } });
    expect(collapsed.edges.some((edge) => edge.namespace === 'shop')).toBe(false);
    expect(collapsed.nodes.filter((node) => node.namespace === 'data')).toEqual(open.nodes.filter((node) => node.namespace === 'data'));
  });
});
