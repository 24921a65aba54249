'use client';
// Draws the routing graph with React Flow: layout positions from the worker, one
// memoised custom node per kind, edges styled by endpoint condition.
import { Background, ControlButton, Controls, type Edge, MiniMap, type Node, type NodeChange, ReactFlow, type ReactFlowInstance } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Graph, GraphEdge, GraphNode } from '@/lib/stream/protocol';
import { ExportMenu } from './ExportMenu';
import { nodeTypes } from './nodeTypes';
import { useLayout } from './useLayout';

const virtualiseAbove = 500;
const edgeLabelStyle = { fontSize: 10 };
const labelEdgesUpTo = 300;
// The minimap draws every node again (as an SVG rect, in React) and redraws on every
// patch (its per-node store selectors showed in the profile of a rollout at 600 nodes).
const minimapUpTo = virtualiseAbove;

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
  const { positions, resetLayout } = useLayout(graph);

  const shown = useMemo<Node[]>(() => {
    if (!positions) return [];
    return graph.nodes.flatMap((node) => {
      const position = positions.get(node.id);
      if (!position) return []; // laid out on the next worker answer
      const isSelected = node.id === selected;
      const cached = flowNodes.get(node);
      if (cached && cached.position.x === position.x && cached.position.y === position.y && Boolean(cached.selected) === isSelected) return [cached];
      const size = initialSize[node.kind];
      const flowNode: Node = { id: node.id, type: node.kind, position, data: node, draggable: false, connectable: false, selected: isSelected, initialWidth: size.width, initialHeight: size.height };
      flowNodes.set(node, flowNode);
      return [flowNode];
    });
  }, [graph, positions, selected]);
  // Small graphs animate: new nodes fade in (CSS), removed ones fade out before they go.
  const animate = shown.length <= virtualiseAbove;
  const nodes = useLeavingNodes(shown, animate);

  // Keep the whole graph in view as it grows (the first snapshot may hold only a Service
  // whose pods are still starting), as nodes are measured or change size, and as the pane
  // does (details panel, window) — until the user pans or zooms: then their view wins.
  const flow = useRef<ReactFlowInstance | null>(null);
  const userMoved = useRef(false);
  const fitFrame = useRef(0);
  // What the last fit was for: a pod replaced within its block (as in a rollout) leaves the
  // bounds as they were, and fitting again would only make React Flow recompute which of
  // its nodes and edges are in view.
  const lastFit = useRef('');
  const drawn = useRef(nodes);
  useEffect(() => {
    drawn.current = nodes;
  });
  const container = useRef<HTMLDivElement>(null);
  const followGraph = useCallback(() => {
    if (userMoved.current || fitFrame.current) return;
    fitFrame.current = requestAnimationFrame(() => {
      fitFrame.current = 0;
      const instance = flow.current;
      const element = container.current;
      if (userMoved.current || !instance || !element) return;
      const bounds = instance.getNodesBounds(drawn.current); // not getNodes(): it copies every node
      const fit = [bounds.x, bounds.y, bounds.width, bounds.height, element.clientWidth, element.clientHeight].join();
      if (fit === lastFit.current) return;
      lastFit.current = fit;
      void instance.fitView();
    });
  }, []);
  useEffect(() => {
    if (nodes.length > 0) followGraph();
  }, [nodes.length, positions, followGraph]);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const observer = new ResizeObserver(followGraph);
    observer.observe(element);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(fitFrame.current);
    };
  }, [followGraph]);
  // Our nodes are controlled, so React Flow's measurements only come through here.
  const onNodesChange = useCallback((changes: NodeChange[]) => {
    if (changes.some((change) => change.type === 'dimensions')) followGraph();
  }, [followGraph]);
  // Reset view: back to the whole graph, and following it as it grows again.
  const resetView = () => {
    userMoved.current = false;
    lastFit.current = '';
    void flow.current?.fitView({ duration: animate ? 300 : 0 });
  };

  // Edge labels are measured by the browser (getBBox) each time they are drawn: past a few
  // hundred edges that cost more than the rest of a redraw. The details panel has them all.
  const labelled = graph.edges.length <= labelEdgesUpTo;
  const mappedEdges = useMemo<Edge[]>(
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
  // The same edges as last time → the same array: React Flow then keeps its edge lookup
  // instead of rebuilding it (a pass over every edge) for a patch that touched only nodes.
  const edges = useSameArray(mappedEdges);

  return (
    // data-nodes: how many laid-out nodes React Flow has (the benchmark waits on it).
    <div
      ref={container}
      className={`absolute inset-0 ${animate ? 'animate-nodes' : ''}`}
      data-testid="graph"
      data-nodes={shown.length}
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
        onNodesChange={onNodesChange}
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
        <Controls aria-label="Zoom and view">
          <ControlButton onClick={resetView} title="Reset view: fit the whole graph" aria-label="Reset view">
            ⟲
          </ControlButton>
          <ControlButton onClick={resetLayout} title="Reset layout: pack the rows that pods left free" aria-label="Reset layout">
            ▤
          </ControlButton>
        </Controls>
        {nodes.length <= minimapUpTo && <MiniMap pannable zoomable ariaLabel="Minimap" nodeClassName={minimapClass} />}
        <ExportMenu graph={graph} name={exportName} dark={dark} />
      </ReactFlow>
    </div>
  );
}

// Node sizes before the browser measured them (the CSS widths of components/graph/nodes).
// The minimap draws only nodes with a size, and our nodes are controlled: React Flow's
// measurements are not written back to them.
const initialSize: Record<GraphNode['kind'], { width: number; height: number }> = {
  Service: { width: 320, height: 72 },
  EndpointSlice: { width: 256, height: 56 },
  Pod: { width: 256, height: 64 },
  Address: { width: 256, height: 48 },
  PodGroup: { width: 256, height: 48 },
  Namespace: { width: 1024, height: 36 },
};

// How long a removed node stays, fading out (the CSS transition in globals.css).
const leaveMs = 600;

/** The nodes to draw: these, plus the ones just removed, marked to fade out for a moment. */
function useLeavingNodes(nodes: Node[], enabled: boolean): Node[] {
  const previous = useRef<Node[]>([]);
  const [leaving, setLeaving] = useState<Node[]>([]);
  // Each batch of leaving nodes has its own timer; re-renders must not cancel it.
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);
  // Before paint: a removed node is drawn again (fading) in the same frame it left.
  useLayoutEffect(() => {
    const present = new Set(nodes.map((node) => node.id));
    const gone = enabled ? previous.current.filter((node) => !present.has(node.id)) : [];
    previous.current = nodes;
    if (gone.length === 0) return;
    const marked: Node[] = gone.map((node) => ({ ...node, className: 'node-leaving', selectable: false, focusable: false }));
    setLeaving((current) => [...current.filter((node) => !present.has(node.id)), ...marked]);
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setLeaving((current) => current.filter((node) => !marked.includes(node)));
    }, leaveMs);
    timers.current.add(timer);
  }, [nodes, enabled]);
  return useMemo(() => {
    if (leaving.length === 0) return nodes;
    const present = new Set(nodes.map((node) => node.id));
    return [...nodes, ...leaving.filter((node) => !present.has(node.id))];
  }, [nodes, leaving]);
}

/** `items`, or the previous array when it held the very same objects. */
function useSameArray<T>(items: T[]): T[] {
  const [kept, setKept] = useState(items);
  const same = kept.length === items.length && kept.every((item, index) => item === items[index]);
  if (!same) setKept(items); // adjusting state while rendering, as React's docs describe
  return same ? kept : items;
}

function minimapClass(node: Node): string {
  const data = node.data as GraphNode;
  if (data.kind === 'Pod') return data.terminating ? 'minimap-terminating' : data.ready ? 'minimap-ready' : 'minimap-not-ready';
  if (data.kind === 'Service') return data.diagnostics.some((diagnostic) => diagnostic.severity === 'error') ? 'minimap-not-ready' : 'minimap-service';
  return 'minimap-other';
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
