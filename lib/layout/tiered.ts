// A deterministic tiered layout for the routing graph: columns Service → EndpointSlice →
// backend (Pod or address), Services stacked by name within their namespace, and the
// namespaces packed side by side (masonry columns) to the shape of the pane, so a wide
// screen is filled instead of one tall column. O(nodes + edges), the same input (graph
// and memory) always gives the same positions. Pure; runs in a Web Worker.
//
// Stable under change: the layout remembers, per Service block, the row each backend
// had and how many rows the block took. A pod keeps its row while it lives, a new pod
// takes the first free row, and a block never shrinks on its own — so a rollout (which
// adds surge pods, then removes old ones) moves no node outside the Service that rolls
// (each block also keeps as many rows free as it has backends: old pods stay as
// terminating endpoints while their replacements start).
// Namespaces keep their column while the set of namespaces stays the same (a namespace
// that grows pushes down only what is below it in its own column); a new or removed
// namespace packs the columns again. "Reset layout" forgets the memory and packs afresh.
// The grid's measures and the packing into columns are in grid.ts, one namespace's layout in
// namespace-layout.ts.
import { isFrontNodeKind } from '@/lib/graph/gateway-objects';
import { addTo } from '@/lib/graph/maps';
import type { Graph, GraphNode } from '@/lib/graph/model';
import { bestPacking, columnGap, namespaceGap, namespaceWidth, packColumns, tileMargin } from './grid';
import { layoutNamespace, type Spread } from './namespace-layout';

const maxSpreadSteps = 6;

export interface Position {
  x: number;
  y: number;
}

/**
 * What a layout remembers for the next one: per block (Service or lone slice id), its rows
 * and its backends' rows; and which column each namespace went to.
 */
export interface LayoutMemory {
  blocks: Record<string, BlockMemory>;
  packing?: { namespaces: string; columns: Record<string, number> };
  /** Per namespace spread over columns of its own (shown alone — fitted to the pane — or too tall among others): which column each block went to. */
  splits?: Record<string, { blocks: string; columns: Record<string, number>; toPane?: boolean }>;
  /** Per namespace, the widest its front columns have been. */
  fronts?: Record<string, number>;
}
interface BlockMemory {
  rows: number;
  slots: Record<string, number>;
}

export function emptyLayoutMemory(): LayoutMemory {
  return { blocks: {} };
}

export interface Layout {
  positions: Record<string, Position>;
  /** Each namespace heading's tile: the rectangle its namespace takes (the heading node is drawn that size). */
  tiles: Record<string, { width: number; height: number }>;
  memory: LayoutMemory;
}

/**
 * What the layout reads of a graph — ids, kinds, names, a Service card's height and the
 * edges — without the rest (diagnostics text, labels, conditions): what the page copies
 * to the worker on every structural change, a fifth of the whole graph.
 */
export interface LayoutInput {
  layoutInput: true;
  nodes: LayoutNode[];
  edges: { source: string; target: string }[];
  /** The pane's width / height: namespaces are packed to fill it (default: a 16:10 screen). */
  aspect?: number;
}
export interface LayoutNode {
  id: string;
  kind: GraphNode['kind'];
  namespace: string;
  name: string;
  rows: number;
}

export function layoutInput(graph: Graph, aspect?: number): LayoutInput {
  return {
    layoutInput: true,
    aspect,
    nodes: graph.nodes.map((node) => ({ id: node.id, kind: node.kind, namespace: node.namespace, name: node.name, rows: cardRows(node) })),
    edges: graph.edges.map((edge) => ({ source: edge.source, target: edge.target })),
  };
}

/**
 * Positions as the worker hands them over: x and y of each node of the layout input (and
 * for a namespace heading its tile's width and height), in its order, in one transferable buffer. (An object per node, structured-cloned and read
 * back on the page, cost the page seconds of main thread during a rollout.)
 */
export function packPositions(input: LayoutInput, layout: Pick<Layout, 'positions'> & Partial<Pick<Layout, 'tiles'>>): Float64Array {
  const coordinates = new Float64Array(input.nodes.length * 4).fill(Number.NaN);
  input.nodes.forEach((node, index) => {
    const position = layout.positions[node.id];
    const tile = layout.tiles?.[node.id];
    if (position) coordinates.set([position.x, position.y, tile?.width ?? Number.NaN, tile?.height ?? Number.NaN], index * 4);
  });
  return coordinates;
}

/** The page's side of packPositions: the nodes it sent, the buffer it got back. */
export class PackedPositions {
  private readonly index: Map<string, number>;
  private order: Map<string, number> | undefined;

  private readonly nodes: readonly Pick<LayoutNode, 'id' | 'namespace' | 'kind'>[];
  private readonly coordinates: Float64Array;

  constructor(nodes: readonly Pick<LayoutNode, 'id' | 'namespace' | 'kind'>[], coordinates: Float64Array) {
    this.nodes = nodes;
    this.coordinates = coordinates;
    this.index = new Map(nodes.map((node, index) => [node.id, index]));
  }

  get(id: string): Position | undefined {
    const index = this.index.get(id);
    if (index === undefined || Number.isNaN(this.coordinates[index * 4]!)) return undefined;
    return { x: this.coordinates[index * 4]!, y: this.coordinates[index * 4 + 1]! };
  }

  /** A namespace heading's tile: the size of the rectangle its namespace takes. */
  tile(id: string): { width: number; height: number } | undefined {
    const index = this.index.get(id);
    if (index === undefined || Number.isNaN(this.coordinates[index * 4 + 3]!)) return undefined;
    return { width: this.coordinates[index * 4 + 2]!, height: this.coordinates[index * 4 + 3]! };
  }

  /**
   * A node's place in reading order (for Tab): namespace tiles top to bottom and left to
   * right, each heading first, then its cards by row and column. Computed once per layout.
   */
  rank(id: string): number {
    if (!this.order) {
      const tiles = new Map<string, Position>();
      for (const node of this.nodes) if (node.kind === 'Namespace') tiles.set(node.namespace, this.get(node.id) ?? { x: 0, y: 0 });
      const keyed = this.nodes.flatMap((node) => {
        const position = this.get(node.id);
        if (!position) return [];
        const tile = tiles.get(node.namespace) ?? { x: 0, y: 0 };
        return [{ id: node.id, key: [tile.y, tile.x, node.kind === 'Namespace' ? 0 : 1, position.y, position.x] }];
      });
      keyed.sort((a, b) => {
        for (let index = 0; index < a.key.length; index++) if (a.key[index] !== b.key[index]) return a.key[index]! - b.key[index]!;
        return 0;
      });
      this.order = new Map(keyed.map((entry, index) => [entry.id, index]));
    }
    return this.order.get(id) ?? Number.POSITIVE_INFINITY;
  }
}

export function layoutGraph(source: Graph | LayoutInput, previous: LayoutMemory = emptyLayoutMemory()): Layout {
  const graph = 'layoutInput' in source ? source : layoutInput(source);
  const memory = emptyLayoutMemory();
  const targets = new Map<string, string[]>();
  for (const edge of graph.edges) addTo(targets, edge.source, edge.target);
  for (const list of targets.values()) list.sort();

  const byNamespace = new Map<string, LayoutNode[]>();
  for (const node of graph.nodes) addTo(byNamespace, node.namespace, node);

  const layoutAlone = (namespace: string, spread?: Spread) => {
    const local: Record<string, Position> = {};
    return { local, ...layoutNamespace(byNamespace.get(namespace)!, targets, local, previous, memory, spread) };
  };

  // Each namespace is laid out at its own origin, then the namespaces are packed.
  const positions: Record<string, Position> = {};
  const blocks: { namespace: string; heading?: string; width: number; height: number; ids: string[] }[] = [];
  const namespaces = [...byNamespace.keys()].sort();
  const key = namespaces.join(',');
  const aspect = graph.aspect ?? 1.6;
  const repack = previous.packing?.namespaces !== key;
  // One namespace alone (the view a person picks most) spreads its Services over columns of its own;
  // among others, one too tall for the pane does, when the namespaces are packed afresh.
  // (Otherwise each stays spread as the layout remembers.)
  // (spreadTall lays every namespace out to measure it; those layouts are kept, not made again.)
  const spreads = namespaces.length > 1 && repack ? spreadTall(namespaces, byNamespace, targets, previous, aspect) : undefined;
  for (const namespace of namespaces) {
    const { local, width, height } = spreads?.get(namespace) ?? layoutAlone(namespace, namespaces.length === 1 ? { aspect } : undefined);
    mergeMemory(memory, spreads?.get(namespace)?.memory);
    const heading = byNamespace.get(namespace)!.find((node) => node.kind === 'Namespace')?.id;
    blocks.push({ namespace, heading, width, height, ids: Object.keys(local) });
    Object.assign(positions, local);
  }

  const columnOf = repack ? packColumns(blocks, aspect) : previous.packing!.columns;
  memory.packing = { namespaces: key, columns: columnOf };
  const columnTops: number[] = [];
  const tiles: Layout['tiles'] = {};
  // Columns are as wide as their widest namespace (one with a front column is wider).
  const columnWidths: number[] = [];
  for (const block of blocks) {
    const column = columnOf[block.namespace] ?? 0;
    columnWidths[column] = Math.max(columnWidths[column] ?? 0, block.width);
  }
  const columnLefts: number[] = [];
  for (let column = 0, left = 0; column < columnWidths.length; column++) {
    columnLefts[column] = left;
    left += (columnWidths[column] ?? namespaceWidth) + columnGap;
  }
  for (const block of blocks) {
    const column = columnOf[block.namespace] ?? 0;
    const left = columnLefts[column] ?? 0;
    const top = columnTops[column] ?? 0;
    for (const id of block.ids) positions[id] = { x: positions[id]!.x + left, y: positions[id]!.y + top };
    if (block.heading) tiles[block.heading] = { width: block.width + 2 * tileMargin, height: block.height };
    columnTops[column] = top + block.height + namespaceGap;
  }
  return { positions, tiles, memory };
}

/**
 * Each namespace laid out over as many columns of its own as make the whole fit the pane
 * at a larger zoom: the tallest namespace that limits it is spread over one column more
 * while that gains a tenth or more (a map of one very tall namespace beside small ones
 * would otherwise be drawn too small to read); the others stay in one column.
 */
function spreadTall(namespaces: readonly string[], byNamespace: Map<string, LayoutNode[]>, targets: Map<string, string[]>, previous: LayoutMemory, aspect: number): Map<string, NamespaceLayout> {
  const sizeWith = (namespace: string, columns: number): NamespaceLayout & { namespace: string; columns: number } => {
    const local: Record<string, Position> = {};
    const memory = emptyLayoutMemory();
    return { namespace, columns, local, memory, ...layoutNamespace(byNamespace.get(namespace)!, targets, local, previous, memory, { columns }) };
  };
  const sizes = namespaces.map((namespace) => sizeWith(namespace, 1));
  let zoom = bestPacking(sizes, aspect).zoom;
  for (let step = 0; step < maxSpreadSteps; step++) {
    const tallest = sizes.reduce((a, b) => (b.height > a.height ? b : a));
    const wider = sizeWith(tallest.namespace, tallest.columns + 1);
    // Fewer blocks than columns: it cannot spread further.
    if (wider.width <= tallest.width) break;
    const trial = sizes.map((size) => (size === tallest ? wider : size));
    const trialZoom = bestPacking(trial, aspect).zoom;
    if (trialZoom < zoom * 1.1) break;
    sizes.splice(sizes.indexOf(tallest), 1, wider);
    zoom = trialZoom;
  }
  return new Map(sizes.map((size) => [size.namespace, size]));
}

/** One namespace laid out at its own origin, with what its layout remembers. */
interface NamespaceLayout {
  local: Record<string, Position>;
  memory: LayoutMemory;
  width: number;
  height: number;
}

/** Adds what one namespace's layout remembers (keyed by its blocks and its name) to the whole's. */
function mergeMemory(into: LayoutMemory, from: LayoutMemory | undefined): void {
  if (!from) return;
  Object.assign(into.blocks, from.blocks);
  if (from.splits) Object.assign((into.splits ??= {}), from.splits);
  if (from.fronts) Object.assign((into.fronts ??= {}), from.fronts);
}

/**
 * Whether two graphs lay out the same: the same nodes and edges in the same order (and
 * each Service as tall). A change that keeps it (a pod turning not ready) keeps every
 * position, so the page need not ask the worker again. Compares ids, allocates nothing:
 * it runs on every patch.
 */
export function sameLayout(a: Graph, b: Graph): boolean {
  if (a === b) return true;
  if (a.nodes.length !== b.nodes.length || a.edges.length !== b.edges.length) return false;
  for (let index = 0; index < a.nodes.length; index++) {
    const left = a.nodes[index]!;
    const right = b.nodes[index]!;
    if (left.id !== right.id || ((left.kind === 'Service' || isFrontNodeKind(left.kind)) && cardRows(left) !== cardRows(right))) return false;
  }
  for (let index = 0; index < a.edges.length; index++) if (a.edges[index]!.id !== b.edges[index]!.id) return false;
  return true;
}

/** How many rows a card takes: a Service's diagnostics, a route's rules make it taller. */
function cardRows(node: GraphNode): number {
  switch (node.kind) {
    case 'Service':
      return Math.ceil(1 + (node.traits.length > 0 ? 0.2 : 0) + node.diagnostics.length * 0.55);
    case 'Gateway':
      return Math.ceil(1 + node.listeners.length * 0.2 + node.diagnostics.length * 0.55);
    case 'Ingress':
    case 'HTTPRoute':
    case 'GRPCRoute':
    case 'TLSRoute':
    case 'TCPRoute':
    case 'UDPRoute':
      return Math.ceil(1 + node.rules.length * 0.2 + node.diagnostics.length * 0.55);
    default:
      return 1;
  }
}
