import { describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/graph/build';
import { loadFixture } from '@/test/fixtures/load';
import { layoutGraph } from '@/lib/layout/tiered';
import { edgeLabels } from './labels';
import type { ServiceNode } from '@/lib/graph/model';
import { graphToSvg, serviceTone } from './svg';

describe('graphToSvg', () => {
  const graph = buildGraph(loadFixture('frontend.yaml', 'legacy-db.yaml'));
  const { positions } = layoutGraph(graph);
  const drawn = graph.nodes.map((node) => ({ node, ...positions[node.id]!, width: node.kind === 'Service' ? 320 : 256, height: 64 }));

  it('draws every edge as a path and every card as a rectangle with its name as text', () => {
    const { svg } = graphToSvg(drawn, graph.edges, 'light');
    expect(svg.match(/<path class="edge"/g)).toHaveLength(graph.edges.length);
    expect(svg.match(/<g class="card"/g)).toHaveLength(graph.nodes.length);
    for (const node of graph.nodes) expect(svg).toContain(`>${node.kind === 'Address' ? node.address : node.name}`);
    expect(svg).not.toContain('foreignObject');
  });

  it('labels edges as on screen (edgeLabels), and draws not-ready endpoints dashed', () => {
    const { svg } = graphToSvg(drawn, graph.edges, 'dark');
    const labels = edgeLabels(graph.edges);
    const withOne = graphToSvg(drawn, [...graph.edges.slice(0, 1)], 'dark').svg; // a lone edge is labelled
    for (const text of edgeLabels(graph.edges.slice(0, 1)).values()) expect(withOne).toContain(`>${text}</text>`);
    for (const text of labels.values()) expect(svg).toContain(`>${text}</text>`);
    expect(svg.match(/<g class="edge-label"/g)?.length ?? 0).toBe(labels.size);
    const notReady = graph.edges.find((edge) => edge.conditions && !edge.conditions.ready);
    expect(notReady).toBeDefined();
    const path = svg.split('<path ').find((element) => element.includes(`data-id="${notReady!.id.replace('>', '&#62;')}"`));
    expect(path).toContain('stroke-dasharray');
  });

  it('escapes text so a hostile name cannot break the drawing', () => {
    const hostile = { ...drawn[0]!, node: { ...drawn[0]!.node, name: '<script>alert(1)</script>' } } as (typeof drawn)[number];
    const { svg } = graphToSvg([hostile], [], 'light');
    expect(svg).not.toContain('<script>');
  });
});

describe('edgeLabels', () => {
  const edge = (id: string, source: string, ports: string[], relation: 'endpoint' | 'selected' = 'endpoint') =>
    ({ id, source, target: id, namespace: 'shop', relation, ports, reason: relation === 'selected' ? 'not ready' : undefined }) as never;

  it('leaves out a mapping every endpoint of a slice shares, and shows the one that differs', () => {
    const labels = edgeLabels([edge('a', 's', ['80 → http(8080)']), edge('b', 's', ['80 → http(8080)']), edge('c', 's', ['80 → http(9090)'])]);
    expect([...labels]).toEqual([['c', '80 → http(9090)']]);
  });

  it('labels a lone endpoint, and not the edge to a selected pod that is no endpoint (it would hide behind slices)', () => {
    expect(edgeLabels([edge('a', 's', ['80 → 8080'])]).get('a')).toBe('80 → 8080');
    expect(edgeLabels([edge('p', 'svc', [], 'selected')]).has('p')).toBe(false);
  });
});

describe('serviceTone', () => {
  const service = buildGraph(loadFixture('frontend.yaml')).nodes.find((node): node is ServiceNode => node.kind === 'Service')!;
  const warning: ServiceNode['diagnostics'][number] = { code: 'InternalTrafficPolicyLocalBlackhole', severity: 'warning', message: 'traffic from 3 of 5 nodes is dropped', objects: [], command: '' };

  it('is the worse of endpoint readiness and diagnostics: all endpoints ready with a warning is a warning', () => {
    const ready = { ...service, endpoints: { ready: 3, total: 3 }, diagnostics: [] };
    expect(serviceTone(ready)).toBe('healthy');
    expect(serviceTone({ ...ready, diagnostics: [warning] })).toBe('warning');
    expect(serviceTone({ ...ready, diagnostics: [{ ...warning, severity: 'error' }] })).toBe('error');
    expect(serviceTone({ ...ready, diagnostics: [{ ...warning, severity: 'info' }] })).toBe('healthy');
    expect(serviceTone({ ...ready, endpoints: { ready: 0, total: 3 }, diagnostics: [warning] })).toBe('error');
    expect(serviceTone({ ...ready, endpoints: { ready: 2, total: 3 } })).toBe('warning');
    expect(serviceTone({ ...ready, type: 'ExternalName', endpoints: { ready: 0, total: 0 } })).toBe('alias');
    expect(serviceTone({ ...ready, type: 'ExternalName', endpoints: { ready: 0, total: 0 }, diagnostics: [warning] })).toBe('warning');
  });
});
