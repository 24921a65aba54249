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
import { byName } from '@/lib/graph/diff';
import { isKind } from '@/lib/graph/ids';
import { addTo } from '@/lib/graph/maps';
import { isFrontNodeKind, isRouteKind } from '@/lib/graph/gateway-objects';
import type { Graph, GraphNode } from '@/lib/graph/model';

export interface Position {
  x: number;
  y: number;
}

export const columnX = { Service: 0, EndpointSlice: 360, backend: 720 } as const;
// What stands in front of Services takes up to two columns left of them, only in namespaces
// that have any: Gateways and Ingresses, then routes (one column when there is one kind). The
// first one moves the rest of its namespace right; the room stays while the layout remembers
// (like a block's rows), so routes that come and go move nothing else.
const frontColumn = 360;
const entryKinds = new Set<string>(['Gateway', 'Ingress']);
const isFront = isFrontNodeKind;
const rowHeight = 84;
const blockGap = 36;
const headingHeight = 72;
/** A namespace's width: its three tiers (the backend cards are 256 wide), and the tile's margin around them. */
export const namespaceWidth = columnX.backend + 256;
export const tileMargin = 24;
const columnGap = 120;
// Room between namespaces for a zoomed-out heading drawn above its tile (~32 px at zoom 0.2).
const namespaceGap = 160;
const maxColumns = 12;

/**
 * What a layout remembers for the next one: per block (Service or lone slice id), its rows
 * and its backends' rows; and which column each namespace went to.
 */
export interface LayoutMemory {
  blocks: Record<string, BlockMemory>;
  packing?: { namespaces: string; columns: Record<string, number> };
  /** A namespace shown alone: which of its columns each block went to. */
  split?: { blocks: string; columns: Record<string, number> };
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
interface LayoutNode {
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

  // Each namespace is laid out at its own origin, then the namespaces are packed.
  const positions: Record<string, Position> = {};
  const blocks: { namespace: string; heading?: string; width: number; height: number; ids: string[] }[] = [];
  // One namespace alone (the view a person picks most) spreads its Services over columns of its own.
  const alone = byNamespace.size === 1 ? (graph.aspect ?? 1.6) : undefined;
  for (const namespace of [...byNamespace.keys()].sort()) {
    const local: Record<string, Position> = {};
    const { width, height } = layoutNamespace(byNamespace.get(namespace)!, targets, local, previous, memory, alone);
    const heading = byNamespace.get(namespace)!.find((node) => node.kind === 'Namespace')?.id;
    blocks.push({ namespace, heading, width, height, ids: Object.keys(local) });
    Object.assign(positions, local);
  }

  const key = blocks.map((block) => block.namespace).join(',');
  const columnOf = previous.packing?.namespaces === key ? previous.packing.columns : packColumns(blocks, graph.aspect ?? 1.6);
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
 * Lays out one namespace from (0, 0): its heading on top (its tile's corner), then its
 * blocks; returns its size. With `aspect` (the namespace is the whole view) its blocks are
 * spread over as many columns as fit that aspect best, each block in its remembered
 * column while the namespace's Services stay the same.
 */
function layoutNamespace(
  nodes: LayoutNode[],
  targets: Map<string, string[]>,
  positions: Record<string, Position>,
  previous: LayoutMemory,
  memory: LayoutMemory,
  aspect?: number,
  placeFrontHere = true,
): { width: number; height: number } {
  let y = 0;
  // The namespace's heading (lib/view/namespaces.ts) goes on top; collapsed, it is all there is.
  const heading = nodes.find((node) => node.kind === 'Namespace');
  if (heading) {
    positions[heading.id] = { x: -tileMargin, y: -tileMargin / 2 };
    y += headingHeight;
    if (nodes.length === 1) return { width: namespaceWidth, height: headingHeight - tileMargin / 2 };
  }
  const top = y;
  const front = nodes.filter((node) => isFront(node.kind));
  const namespace = nodes[0]?.namespace ?? '';
  const frontRoom = previous.fronts?.[namespace] ?? 0;
  if (placeFrontHere && (front.length > 0 || frontRoom > 0)) {
    const inner = layoutNamespace(nodes.filter((node) => !isFront(node.kind)), targets, positions, previous, memory, aspect, false);
    const placed = placeFront(front, top, positions);
    const frontWidth = Math.max(placed.width, frontRoom);
    memory.fronts = { ...memory.fronts, [namespace]: frontWidth };
    for (const node of nodes) if (!isFront(node.kind) && node.kind !== 'Namespace' && positions[node.id]) positions[node.id]!.x += frontWidth;
    // A namespace of Gateways or routes alone is only as wide as its front columns.
    const alone = nodes.every((node) => isFront(node.kind) || node.kind === 'Namespace');
    return { width: alone ? frontWidth - (frontColumn - 320) : inner.width + frontWidth, height: Math.max(inner.height, placed.bottom + tileMargin) };
  }
  const blocks: { id: string; top: number; height: number; ids: string[] }[] = [];
  const place = (id: string, rows?: number) => {
    const ids: string[] = [];
    const next = placeBlock(id, y, targets, positions, previous, memory, rows, ids);
    blocks.push({ id, top: y, height: next - y, ids });
    y = next;
  };
  for (const service of nodes.filter((node) => node.kind === 'Service').sort(byName)) place(service.id, service.rows);
  // Slices of no known Service, and backends of no placed slice, go below.
  for (const node of nodes.filter((n) => n.kind === 'EndpointSlice' && !positions[n.id]).sort(byName)) place(node.id);
  let orphanRow = 0;
  for (const node of nodes.filter((n) => !positions[n.id]).sort(byName)) {
    positions[node.id] = { x: columnX.backend, y: y + orphanRow++ * rowHeight };
  }
  y += orphanRow * rowHeight;
  if (aspect === undefined || blocks.length < 2 || orphanRow > 0) return { width: namespaceWidth, height: y - blockGap + tileMargin };

  const key = blocks.map((block) => block.id).join(',');
  const remembered = previous.split?.blocks === key ? previous.split.columns : undefined;
  const columns = remembered ?? packColumns(blocks.map((block) => ({ namespace: block.id, height: block.height - blockGap })), aspect, blockGap);
  memory.split = { blocks: key, columns };
  const bottoms: number[] = [];
  for (const block of blocks) {
    const column = columns[block.id] ?? 0;
    const blockTop = bottoms[column] ?? top;
    for (const id of block.ids) positions[id] = { x: positions[id]!.x + column * (namespaceWidth + columnGap), y: positions[id]!.y - block.top + blockTop };
    bottoms[column] = blockTop + block.height;
  }
  const count = Math.max(...Object.values(columns)) + 1;
  return { width: count * (namespaceWidth + columnGap) - columnGap, height: Math.max(...bottoms) - blockGap + tileMargin };
}

/**
 * Places a namespace's Gateways and Ingresses (left) and routes (right of them) from `top`,
 * each column stacked by name; returns the columns' width and the lower column's bottom. A
 * route or Ingress moves only the cards below it in its own column, never a Service.
 */
function placeFront(front: LayoutNode[], top: number, positions: Record<string, Position>): { width: number; bottom: number } {
  let bottom = top;
  let x = 0;
  for (const members of [front.filter((node) => entryKinds.has(node.kind)), front.filter((node) => isRouteKind(node.kind))]) {
    if (members.length === 0) continue;
    let y = top;
    for (const node of [...members].sort(byName)) {
      positions[node.id] = { x, y };
      y += node.rows * rowHeight + blockGap;
    }
    bottom = Math.max(bottom, y - blockGap);
    x += frontColumn;
  }
  return { width: x, bottom };
}

/**
 * Which column each namespace goes to: in name order, each to the shortest column so far
 * (masonry), with the number of columns that lets the whole fit the pane's aspect at
 * the largest zoom. Deterministic.
 */
export function packColumns(blocks: { namespace: string; height: number }[], aspect: number, gap = namespaceGap): Record<string, number> {
  let best: { zoom: number; columns: Record<string, number> } | undefined;
  for (let count = 1; count <= Math.min(maxColumns, Math.max(1, blocks.length)); count++) {
    const heights = new Array<number>(count).fill(0);
    const columns: Record<string, number> = {};
    for (const block of blocks) {
      const column = heights.indexOf(Math.min(...heights));
      columns[block.namespace] = column;
      heights[column] = heights[column]! + block.height + gap;
    }
    const width = count * (namespaceWidth + columnGap) - columnGap;
    const height = Math.max(...heights) - gap;
    // The zoom at which this fits a pane of this aspect (its height taken as 1).
    const zoom = Math.min(aspect / width, 1 / height);
    if (!best || zoom > best.zoom * 1.0001) best = { zoom, columns };
  }
  return best?.columns ?? {};
}

/**
 * Places a Service (or a lone slice) with its slices and their backends; returns the next
 * free y. Slices stack in the middle column; backends keep the rows they had (memory),
 * new ones take the first free rows; the block keeps at least the rows it had.
 */
function placeBlock(
  rootId: string,
  top: number,
  targets: Map<string, string[]>,
  positions: Record<string, Position>,
  previous: LayoutMemory,
  memory: LayoutMemory,
  rootRows = 1,
  placed: string[] = [],
): number {
  const isService = isKind(rootId, 'Service');
  positions[rootId] = { x: isService ? columnX.Service : columnX.EndpointSlice, y: top };
  placed.push(rootId);
  const own = isService ? (targets.get(rootId) ?? []).filter((id) => !positions[id]) : [rootId];
  const slices = own.filter((id) => isKind(id, 'EndpointSlice'));
  slices.forEach((sliceId, row) => (positions[sliceId] = { x: columnX.EndpointSlice, y: top + row * rowHeight }));
  placed.push(...slices);
  // The slices' backends, then what hangs off the Service directly (pods the selector
  // matches that are no endpoint, an ExternalName's DNS name). A Pod behind several
  // Services is drawn once, in the first block that reaches it.
  const backends = [...new Set([...slices.flatMap((sliceId) => targets.get(sliceId) ?? []), ...own.filter((id) => !isKind(id, 'EndpointSlice'))])].filter(
    (id) => !positions[id],
  );
  const remembered = previous.blocks[rootId];
  const slots: Record<string, number> = {};
  const taken = new Set<number>();
  for (const id of backends) {
    const row = remembered?.slots[id];
    if (row !== undefined && !taken.has(row)) {
      slots[id] = row;
      taken.add(row);
    }
  }
  let free = 0;
  for (const id of backends) {
    if (slots[id] !== undefined) continue;
    while (taken.has(free)) free++;
    slots[id] = free;
    taken.add(free);
  }
  let used = Math.max(rootRows, slices.length);
  for (const id of backends) {
    positions[id] = { x: columnX.backend, y: top + slots[id]! * rowHeight };
    placed.push(id);
    used = Math.max(used, slots[id]! + 1);
  }
  // Room for a rollout without pushing the blocks below down: its surge pods (25 % by
  // default) start while the old pods stay as terminating endpoints for their grace
  // period (30 s by default), so for a while a Service can show up to twice its pods.
  // (More than 30 pods are drawn as one group node, so this never grows past 30 rows.)
  const headroom = backends.length;
  const rows = remembered && used <= remembered.rows ? remembered.rows : used + headroom;
  memory.blocks[rootId] = { rows, slots };
  return top + rows * rowHeight + blockGap;
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
    if (left.id !== right.id || ((left.kind === 'Service' || isFront(left.kind)) && cardRows(left) !== cardRows(right))) return false;
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
