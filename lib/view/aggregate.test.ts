import { describe, expect, it } from 'vitest';
import type { Graph, GraphEdge, GraphNode, PodNode } from '@/lib/graph/model';
import { aggregatePods } from './aggregate';
import { groupId } from '@/lib/graph/ids';

const pod = (name: string, ready: boolean, terminating = false): PodNode => ({
  id: `Pod/a/${name}`, kind: 'Pod', namespace: 'a', name, phase: 'Running', ready, terminating, restarts: 0,
  containers: { ready: ready ? 1 : 0, total: 1 }, policies: [], isolated: false,
});
const edge = (source: string, target: string, relation: GraphEdge['relation']): GraphEdge => ({ id: `${source}>${target}`, namespace: 'a', source, target, relation });
const service = (name: string): GraphNode => ({
  id: `Service/a/${name}`, kind: 'Service', namespace: 'a', name, type: 'ClusterIP', selector: { app: name }, headless: false, ports: [], endpoints: { ready: 0, total: 0 }, traits: [], diagnostics: [],
});

function bigService(count: number): Graph {
  const pods = Array.from({ length: count }, (_, index) => pod(`p${index}`, index % 10 !== 0, index === 1));
  const slice: GraphNode = { id: 'EndpointSlice/a/big-1', kind: 'EndpointSlice', namespace: 'a', name: 'big-1', service: 'big', addressType: 'IPv4', ports: [], endpoints: { ready: 0, total: count } };
  return {
    nodes: [service('big'), slice, ...pods],
    edges: [edge('Service/a/big', slice.id, 'slice'), ...pods.map((p) => edge(slice.id, p.id, 'endpoint'))],
  };
}

describe('aggregatePods', () => {
  it('draws a Service with many pods as one group node with counts', () => {
    const view = aggregatePods(bigService(40), new Set(), 30);
    expect(view.nodes.filter((node) => node.kind === 'Pod')).toEqual([]);
    expect(view.nodes.find((node) => node.kind === 'PodGroup')).toMatchObject({ id: groupId('Service/a/big'), pods: 40, ready: 35, notReady: 4, terminating: 1 });
    expect(view.edges.map((e) => e.id)).toEqual(['Service/a/big>EndpointSlice/a/big-1', 'EndpointSlice/a/big-1>PodGroup/a/big']);
  });

  it('leaves small Services and expanded ones as they are', () => {
    const small = bigService(30);
    expect(aggregatePods(small, new Set(), 30)).toBe(small);
    const big = bigService(40);
    expect(aggregatePods(big, new Set(['Service/a/big']), 30)).toBe(big);
  });

  it('keeps a pod another, ungrouped Service also routes to', () => {
    const graph = bigService(40);
    graph.nodes.push(service('small'));
    graph.edges.push(edge('Service/a/small', 'Pod/a/p3', 'selected'));
    const view = aggregatePods(graph, new Set(), 30);
    expect(view.nodes.filter((node) => node.kind === 'Pod').map((node) => node.id)).toEqual(['Pod/a/p3']);
    expect(view.edges.filter((e) => e.target === 'Pod/a/p3').map((e) => e.source)).toEqual(['Service/a/small']);
  });
});
