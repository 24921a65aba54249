'use client';
// Draws the routing graph with React Flow: layout positions from the worker, one
// memoised custom node per kind, edges styled by endpoint condition.
import { Background, Controls, type Edge, type Node, ReactFlow, type ReactFlowInstance } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import type { Graph, GraphEdge, GraphNode } from '@/lib/stream/protocol';
import { ExportMenu } from './ExportMenu';
import { nodeTypes } from './nodeTypes';
import { useLayout } from './useLayout';

const virtualiseAbove = 500;
const edgeLabelStyle = { fontSize: 10 };
const labelEdgesUpTo = 300;

// React Flow re-adopts (and re-measures) every node object it has not seen before: a pod
// flip must hand it one new object, not hundreds. Patches keep unchanged graph nodes and
// edges as the same objects, so React Flow's objects are kept per graph object.
const flowNodes = new WeakMap<GraphNode, Node>();
const flowEdges = new WeakMap<GraphEdge, Edge>();

interface Props {
  graph: Graph;
  dark: boolean;
  selected: string | null;
  onSelect: (id: string) => void;
  /** File name for exports, without extension. */
  exportName: string;
}

export function GraphView({ graph, dark, selected, onSelect, exportName }: Props) {
  const positions = useLayout(graph);

  const nodes = useMemo<Node[]>(() => {
    if (!positions) return [];
    return graph.nodes.flatMap((node) => {
      const position = positions[node.id];
      if (!position) return []; // laid out on the next worker answer
      const isSelected = node.id === selected;
      const cached = flowNodes.get(node);
      if (cached && cached.position.x === position.x && cached.position.y === position.y && Boolean(cached.selected) === isSelected) return [cached];
      const flowNode: Node = { id: node.id, type: node.kind, position, data: node, draggable: false, connectable: false, selected: isSelected };
      flowNodes.set(node, flowNode);
      return [flowNode];
    });
  }, [graph, positions, selected]);

  // Keep the whole graph in view as it grows (the first snapshot may hold only a Service
  // whose pods are still starting), until the user pans or zooms: then their view wins.
  const flow = useRef<ReactFlowInstance | null>(null);
  const userMoved = useRef(false);
  useEffect(() => {
    if (userMoved.current || nodes.length === 0) return;
    const frame = requestAnimationFrame(() => void flow.current?.fitView());
    return () => cancelAnimationFrame(frame);
  }, [nodes.length]);

  // Edge labels are measured by the browser (getBBox) each time they are drawn: past a few
  // hundred edges that cost more than the rest of a redraw. The details panel has them all.
  const labelled = graph.edges.length <= labelEdgesUpTo;
  const edges = useMemo<Edge[]>(
    () =>
      graph.edges.map((edge) => {
        const cached = flowEdges.get(edge);
        if (cached && (cached.label !== undefined) === labelled) return cached;
        const flowEdge: Edge = {
          id: edge.id,
          source: edge.source,
          target: edge.target,
          className: edgeClass(edge),
          ariaLabel: edgeLabel(edge),
          label: !labelled ? undefined : edge.relation === 'selected' ? edge.reason : [edge.hostname, edge.ports?.join(', ')].filter(Boolean).join(' · '),
          labelStyle: edgeLabelStyle,
        };
        flowEdges.set(edge, flowEdge);
        return flowEdge;
      }),
    [graph, labelled],
  );

  return (
    // data-nodes: how many laid-out nodes React Flow has (the benchmark waits on it).
    <div
      className="absolute inset-0"
      data-testid="graph"
      data-nodes={nodes.length}
      // Keyboard: Tab moves between nodes (React Flow makes them focusable), Enter opens one.
      onKeyDown={(event) => {
        const id = event.target instanceof HTMLElement ? event.target.closest('.react-flow__node')?.getAttribute('data-id') : null;
        if (event.key === 'Enter' && id) onSelect(id);
      }}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        colorMode={dark ? 'dark' : 'light'}
        fitView
        onNodeClick={(_, node) => onSelect(node.id)}
        onInit={(instance) => {
          flow.current = instance;
        }}
        onMoveStart={(event) => {
          if (event) userMoved.current = true; // null when the move was ours (fitView)
        }}
        // Virtualising pays off only for big graphs; for small ones it makes nodes that
        // arrive outside the current view invisible until the view moves.
        onlyRenderVisibleElements={nodes.length > virtualiseAbove}
        minZoom={0.05}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls />
        <ExportMenu graph={graph} name={exportName} dark={dark} />
      </ReactFlow>
    </div>
  );
}

function edgeClass(edge: GraphEdge): string {
  if (edge.relation !== 'endpoint') return `relation-${edge.relation}`;
  const conditions = edge.conditions;
  if (!conditions) return 'endpoint-ready';
  const base = conditions.ready ? 'endpoint-ready' : conditions.serving ? 'endpoint-serving' : 'endpoint-not-serving';
  return conditions.terminating ? `${base} endpoint-terminating` : base;
}

function edgeLabel(edge: GraphEdge): string {
  if (edge.relation === 'selected') return `${edge.target} matches the selector of ${edge.source} but is not an endpoint: ${edge.reason}`;
  const conditions = edge.conditions;
  if (!conditions) return `${edge.source} → ${edge.target}`;
  const words = [conditions.ready ? 'ready' : 'not ready', conditions.serving ? 'serving' : 'not serving'];
  if (conditions.terminating) words.push('terminating');
  return `endpoint ${edge.target}: ${words.join(', ')}`;
}
