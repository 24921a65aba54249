import { describe, expect, it } from 'vitest';
import { loadFixture } from '@/test/fixtures/load';
import type { GraphEdge, GraphNode, GraphPatch } from './model';
import { buildGraph } from './build';
import { Timeline, timelineEvents } from './timeline';

const graph = buildGraph(loadFixture('frontend.yaml'));
const byId = new Map(graph.nodes.map((node) => [node.id, node]));
const lookup = (id: string): GraphNode | undefined => byId.get(id);
const endpointEdge = graph.edges.find((edge) => edge.relation === 'endpoint')!;
const empty: GraphPatch = { upsertNodes: [], removeNodes: [], upsertEdges: [], removeEdges: [] };
const at = '2026-11-30T06:00:00.000Z';

describe('timelineEvents', () => {
  it('reads joins, readiness changes, termination and departures of endpoints off a patch', () => {
    const joined = timelineEvents({ ...empty, upsertEdges: [endpointEdge] }, lookup, at);
    expect(joined).toEqual([expect.objectContaining({ at, change: 'joined', service: 'Service/shop/frontend', target: endpointEdge.target, slice: endpointEdge.source })]);
    expect(joined[0]!.address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const update = (conditions: GraphEdge['conditions']) => timelineEvents({ ...empty, updateEdges: [{ id: endpointEdge.id, set: { conditions } }] }, lookup, at)[0]?.change;
    expect(update({ ready: false, serving: false, terminating: false })).toBe('not-ready');
    expect(update({ ready: true, serving: true, terminating: false })).toBe('ready');
    expect(update({ ready: false, serving: true, terminating: true })).toBe('terminating');
    expect(timelineEvents({ ...empty, removeEdges: [endpointEdge.id] }, lookup, at)[0]?.change).toBe('left');
  });

  it('ignores edges that are not endpoints and updates that leave the conditions alone', () => {
    const slice = graph.edges.find((edge) => edge.relation === 'slice')!;
    expect(timelineEvents({ ...empty, upsertEdges: [slice], removeEdges: [slice.id], updateEdges: [{ id: endpointEdge.id, set: { ports: ['x'] } }] }, lookup, at)).toEqual([]);
  });
});

describe('Timeline', () => {
  it('keeps the newest events within bounds, per Service and overall', () => {
    const timeline = new Timeline(2, 3);
    const event = (index: number, service = 'Service/a/s') => ({ at: String(index), service, slice: 'EndpointSlice/a/x', target: 'Pod/a/p', change: 'joined' as const });
    timeline.add([event(1), event(2), event(3), event(4, 'Service/a/t')]);
    expect(timeline.recent('Service/a/s').map((e) => e.at)).toEqual(['3', '2']);
    expect(timeline.recent().map((e) => e.at)).toEqual(['4', '3', '2']);
    expect(timeline.recent('Service/a/none')).toEqual([]);
  });
});
