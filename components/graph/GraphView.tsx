'use client';
// Draws the routing graph with React Flow: layout positions from the worker, one
// memoised custom node per kind, edges styled by endpoint condition; semantic zoom by CSS,
// a viewport that moves only for the user, keyboard navigation in reading order.
import { Background, ControlButton, Controls, type Edge, MiniMap, type Node, ReactFlow, type ReactFlowInstance, type Viewport } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { edgeLabels } from '@/lib/view/labels';
import type { Graph, GraphEdge, GraphNode } from '@/lib/stream/protocol';
import { ExportMenu } from './ExportMenu';
import { edgeClass, edgeLabel, initialSize, minimapClass, nodeLabel } from './flow-words';
import { useLeavingNodes, useSameArray } from './useLeavingNodes';
import { centreOn, neighbour, revealNode } from './viewport';
import { nodeTypes } from './nodeTypes';
import { useLayout } from './useLayout';

const virtualiseAbove = 500;
// How an edge the picked source cannot use says so, in its label and to a screen reader. The
// labels are short enough for the gap between two columns of cards (a longer one ran under
// the cards); the Reach panel's legend, the hover title and the accessible name say more.
const markLabels = { allowed: '', blocked: '✕ blocked', partial: '◐ partly', unused: '– not used' } as const;
const markWords = { allowed: '', blocked: 'blocked by NetworkPolicy', partial: 'partly blocked by NetworkPolicy', unused: 'not used by kube-proxy from the chosen node or zone' } as const;
const edgeLabelStyle = { fontSize: 12 };
// Room for the controls (left) and the export menu (top right) around a fitted map.
const fitPadding = { top: '60px', right: '24px', bottom: '16px', left: '64px' } as const;
const labelEdgesUpTo = 300;
const proOptions = { hideAttribution: true };
// The minimap draws every node again (as an SVG rect, in React) and redraws on every
// patch (its per-node store selectors showed in the profile of a rollout at 600 nodes).
const minimapUpTo = virtualiseAbove;

// React Flow re-adopts (and re-measures) every node object it has not seen before: a pod
// flip must hand it one new object, not hundreds. Patches keep unchanged graph nodes and
// edges as the same objects, so React Flow's objects are kept per graph object.
const flowNodes = new WeakMap<GraphNode, Node>();
const flowEdges = new WeakMap<GraphEdge, Edge>();

interface Props {
  /** What is shown. */
  graph: Graph;
  /**
   * What is laid out: the shown graph before filters that come and go with the cluster
   * (only problems), so a Service entering or leaving the filter moves nothing else.
   */
  layoutGraph: Graph;
  dark: boolean;
  selected: string | null;
  /** An object to open centred on (a `focus=` link), when nothing is selected. */
  focus?: string | null;
  onSelect: (id: string) => void;
  /** File name for exports, without extension. */
  exportName: string;
  /** Changes when the user picks another view (context, namespaces, search, folding): the first picture of it is fitted again. */
  viewKey: string;
  /** True once every kind has synced: the first complete picture is fitted, later changes move no viewport. */
  synced: boolean;
  /**
   * Per endpoint edge, what the source picked in the page gets: NetworkPolicy reach
   * (blocked, partly blocked) or kube-proxy's routing from a node or zone (unused). None picked: undefined.
   */
  reach?: Record<string, { state: 'allowed' | 'blocked' | 'partial' | 'unused'; reason: string }>;
}

// Semantic zoom: at and above readableZoom card text (12 px) is drawn at ≥ 11 px on
// screen; below it cards show their name and one fact (CardSummary, 11.5 px on screen),
// then only their name, then (when even that would spill over the next row) only their colour.
export const readableZoom = 0.92;
export type ZoomBand = 'full' | 'names' | 'labels' | 'shape';
export const zoomBand = (zoom: number): ZoomBand => (zoom >= readableZoom - 1e-6 ? 'full' : zoom >= 0.45 ? 'names' : zoom >= 0.14 ? 'labels' : 'shape');

export function GraphView({ graph, layoutGraph, dark, selected, focus, onSelect, exportName, viewKey, synced, reach }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const { positions, current: laidOut, resetLayout } = useLayout(layoutGraph, container, viewKey);

  const shown = useMemo<Node[]>(() => {
    if (!positions) return [];
    const flowList = graph.nodes.flatMap((node) => {
      const position = positions.get(node.id);
      if (!position) return []; // laid out on the next worker answer
      const isSelected = node.id === selected;
      const tile = node.kind === 'Namespace' ? positions.tile(node.id) : undefined;
      const cached = flowNodes.get(node);
      if (cached && cached.position.x === position.x && cached.position.y === position.y && Boolean(cached.selected) === isSelected && cached.height === tile?.height && cached.width === tile?.width) return [cached];
      const size = initialSize[node.kind];
      const flowNode: Node = {
        id: node.id,
        type: node.kind,
        position,
        data: node,
        draggable: false,
        connectable: false,
        selected: isSelected,
        initialWidth: size.width,
        initialHeight: size.height,
        ariaRole: 'button',
        ariaLabel: nodeLabel(node),
        ...(tile ? { width: tile.width, height: tile.height, zIndex: -1 } : {}),
      };
      flowNodes.set(node, flowNode);
      return [flowNode];
    });
    // In reading order, so Tab walks the map as a person reads it.
    return flowList.sort((a, b) => positions.rank(a.id) - positions.rank(b.id));
  }, [graph, positions, selected]);
  // Small graphs animate: new nodes fade in (CSS), removed ones fade out before they go.
  const animate = shown.length <= virtualiseAbove;
  const nodes = useLeavingNodes(shown, animate);

  // The viewport: the first complete picture of a view — its own layout, its own nodes — is
  // fitted (or centred on the object a link selects, at a readable zoom); after that the
  // cluster's changes never move it: the user's pan and zoom, or Reset view, decide.
  const flow = useRef<ReactFlowInstance | null>(null);
  const settledView = useRef<string | null>(null);
  const fitFrame = useRef(0);
  // What the view shows, not the nodes still fading out of the one before.
  const drawn = useRef(shown);
  useEffect(() => {
    drawn.current = shown;
  });
  const target = selected ?? focus ?? null;
  const targetRef = useRef(target);
  useEffect(() => {
    targetRef.current = target;
  });
  const firstPicture = useCallback(() => {
    if (settledView.current === viewKey || fitFrame.current) return;
    fitFrame.current = requestAnimationFrame(() => {
      fitFrame.current = 0;
      const instance = flow.current;
      if (!instance || drawn.current.length === 0 || settledView.current === viewKey) return;
      const centred = targetRef.current && centreOn(instance, targetRef.current, container.current);
      if (!centred) void instance.fitView({ nodes: drawn.current, maxZoom: 1, padding: fitPadding });
      if (synced) settledView.current = viewKey;
    });
  }, [viewKey, synced]);
  useEffect(() => {
    if (shown.length > 0 && laidOut) firstPicture();
  }, [shown.length, positions, laidOut, firstPicture]);
  useEffect(() => () => cancelAnimationFrame(fitFrame.current), []);
  // What the user selects stays in view: when the pane narrows (the details panel opens)
  // or the selection changes, the map pans — at the same zoom — just enough to show it.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const keepSelectionInView = () => {
      if (targetRef.current && flow.current && settledView.current) revealNode(flow.current, targetRef.current, element);
    };
    const observer = new ResizeObserver(keepSelectionInView);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (selected && flow.current && settledView.current && container.current) revealNode(flow.current, selected, container.current);
  }, [selected, positions]);
  // Reset view: back to the whole graph.
  const resetView = () => {
    void flow.current?.fitView({ duration: animate ? 300 : 0, maxZoom: 1, padding: fitPadding });
  };
  // Semantic zoom without React: the band and the zoom go on the pane as an attribute and
  // a CSS variable (globals.css), so a wheel tick re-renders nothing.
  const onViewport = useCallback((viewport: Viewport) => {
    const element = container.current;
    if (!element) return;
    element.style.setProperty('--zoom', String(viewport.zoom));
    const band = zoomBand(viewport.zoom);
    if (element.dataset.band !== band) element.dataset.band = band;
  }, []);

  const onMove = useCallback((_: unknown, viewport: Viewport) => onViewport(viewport), [onViewport]);
  // Stable too: React Flow hands onNodeClick to every node wrapper as a prop, so a new
  // function per render re-rendered (and re-wrote the DOM attributes of) every drawn node
  // on every delivery of the stream — most of the main thread's work during a rollout.
  const latestOnSelect = useRef(onSelect);
  useEffect(() => {
    latestOnSelect.current = onSelect;
  });
  const onNodeClick = useCallback((_: unknown, node: Node) => latestOnSelect.current(node.id), []);
  const onInit = useCallback(
    (instance: ReactFlowInstance) => {
      flow.current = instance;
      onViewport(instance.getViewport());
    },
    [onViewport],
  );

  // Edge labels are measured by the browser (getBBox) each time they are drawn: past a few
  // hundred edges that cost more than the rest of a redraw. The details panel has them all.
  const labelled = graph.edges.length <= labelEdgesUpTo;
  const mappedEdges = useMemo<Edge[]>(() => {
    const labels = labelled ? edgeLabels(graph.edges) : new Map<string, string>();
    return graph.edges.map((edge) => {
        const portLabel = labels.get(edge.id);
        const reached = reach?.[edge.id];
        const blocked = reached && reached.state !== 'allowed' ? reached : undefined;
        const cached = flowEdges.get(edge);
        if (cached && cached.data?.portLabel === portLabel && cached.data?.reason === blocked?.reason) return cached;
        const flowEdge: Edge = {
          id: edge.id,
          source: edge.source,
          target: edge.target,
          className: blocked ? `${edgeClass(edge)} reach-${blocked.state}` : edgeClass(edge),
          ariaLabel: blocked ? `${edgeLabel(edge)}; ${markWords[blocked.state]}: ${blocked.reason}` : edgeLabel(edge),
          // Blocked edges say so in words (and, on hover, which policy), not by colour alone.
          label: blocked ? (
            <tspan>
              <title>{blocked.reason}</title>
              {markLabels[blocked.state]}
              {portLabel ? ` · ${portLabel}` : ''}
            </tspan>
          ) : portLabel,
          labelStyle: edgeLabelStyle,
          focusable: false,
          data: { portLabel, reason: blocked?.reason },
        };
        flowEdges.set(edge, flowEdge);
        return flowEdge;
      });
  }, [graph, labelled, reach]);
  // The same edges as last time → the same array: React Flow then keeps its edge lookup
  // instead of rebuilding it (a pass over every edge) for a patch that touched only nodes.
  const edges = useSameArray(mappedEdges);

  // Keyboard: Enter opens a node; arrows follow its edges (→ to what it routes to, ← back)
  // or walk its column (↑ ↓).
  const onKeyDown = (event: React.KeyboardEvent) => {
    const id = event.target instanceof HTMLElement ? event.target.closest('.react-flow__node')?.getAttribute('data-id') : null;
    if (!id) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(id);
      return;
    }
    const next = neighbour(id, event.key, graph, drawn.current);
    if (next) {
      event.preventDefault();
      container.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(next)}"]`)?.focus();
    }
  };

  return (
    // data-nodes: how many laid-out nodes React Flow has (the benchmark waits on it).
    <div
      ref={container}
      className={`graph-pane absolute inset-0 ${animate ? 'animate-nodes' : ''}`}
      data-testid="graph"
      data-nodes={shown.length}
      data-band="full"
      onKeyDown={onKeyDown}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        colorMode={dark ? 'dark' : 'light'}
        onNodeClick={onNodeClick}
        onInit={onInit}
        // A stable function: React Flow copies onMove into its store whenever it changes,
        // and every store update re-runs a selector per drawn node and edge.
        onMove={onMove}
        edgesFocusable={false}
        // Virtualising pays off only for big graphs; for small ones it makes nodes that
        // arrive outside the current view invisible until the view moves.
        onlyRenderVisibleElements={nodes.length > virtualiseAbove}
        minZoom={0.02}
        maxZoom={2}
        proOptions={proOptions}
      >
        <Background />
        <Controls aria-label="Zoom and view" showInteractive={false}>
          <ControlButton onClick={resetView} title="Reset view: fit the whole graph" aria-label="Reset view">
            ⟲
          </ControlButton>
          <ControlButton onClick={resetLayout} title="Reset layout: pack the rows that pods left free" aria-label="Reset layout">
            ▤
          </ControlButton>
        </Controls>
        {nodes.length <= minimapUpTo && <MiniMap pannable zoomable ariaLabel="Minimap" nodeClassName={minimapClass} />}
        <ExportMenu graph={graph} nodes={nodes} name={exportName} dark={dark} />
      </ReactFlow>
    </div>
  );
}
