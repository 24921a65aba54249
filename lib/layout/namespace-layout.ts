// One namespace of the tiered layout (tiered.ts), laid out from its own origin: its heading
// on top, Gateways, Ingresses and routes in columns in front, then a block per Service (its
// slices, and its backends in the rows the layout remembers for them). Pure.
import { byName } from '@/lib/graph/diff';
import { isKind } from '@/lib/graph/ids';
import { isFrontNodeKind, isRouteKind } from '@/lib/graph/gateway-objects';
import { blockGap, columnGap, columnX, frontColumn, headingHeight, namespaceWidth, packColumns, rowHeight, tileMargin } from './grid';
import type { LayoutMemory, LayoutNode, Position } from './tiered';

const entryKinds = new Set<string>(['Gateway', 'Ingress']);
const isFront = isFrontNodeKind;

/**
 * How a namespace's blocks spread over columns of its own: as many as fit a pane of that
 * aspect best (the namespace is the whole view), or that many (a tall namespace among others).
 */
export type Spread = { aspect: number } | { columns: number };

/**
 * Lays out one namespace from (0, 0): its heading on top (its tile's corner), then its
 * blocks; returns its size. Its blocks are spread over columns as `spread` says, or as
 * the layout remembers (without `spread`), each block in its remembered column while the
 * namespace's Services stay the same (when they change, they are spread over as many
 * columns again). Gateways, Ingresses and routes go in
 * front columns left of the rest (placeFrontHere: this call places them, not the inner one
 * that lays out the rest), as wide as the widest they have been while the layout remembers.
 */
export function layoutNamespace(
  nodes: LayoutNode[],
  targets: Map<string, string[]>,
  positions: Record<string, Position>,
  previous: LayoutMemory,
  memory: LayoutMemory,
  spread?: Spread,
  placeFrontHere = true,
): { width: number; height: number } {
  let y = 0;
  const namespace = nodes[0]?.namespace ?? '';
  // Drawn in one column for now (collapsed, one Service left): a spread the layout remembers
  // stays remembered, so the namespace opened again is spread as it was — unless the caller
  // decided on one column.
  const unspread = (size: { width: number; height: number }) => {
    const before = previous.splits?.[namespace];
    if (before && !(spread && 'columns' in spread)) (memory.splits ??= {})[namespace] = before;
    return size;
  };
  // The namespace's heading (lib/view/namespaces.ts) goes on top; collapsed, it is all there is.
  const heading = nodes.find((node) => node.kind === 'Namespace');
  if (heading) {
    positions[heading.id] = { x: -tileMargin, y: -tileMargin / 2 };
    y += headingHeight;
    if (nodes.length === 1) return unspread({ width: namespaceWidth, height: headingHeight - tileMargin / 2 });
  }
  const top = y;
  const front = nodes.filter((node) => isFront(node.kind));
  const frontRoom = previous.fronts?.[namespace] ?? 0;
  if (placeFrontHere && (front.length > 0 || frontRoom > 0)) {
    const inner = layoutNamespace(nodes.filter((node) => !isFront(node.kind)), targets, positions, previous, memory, spread, false);
    const placed = placeFront(front, top, positions);
    const frontWidth = Math.max(placed.width, frontRoom);
    (memory.fronts ??= {})[namespace] = frontWidth;
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
  const key = blocks.map((block) => block.id).join(',');
  const before = previous.splits?.[namespace];
  const beforeCount = before && columnCount(before.columns);
  // Without a word from the caller, a namespace stays spread over as many columns as it was.
  const wanted = spread ?? (beforeCount ? { columns: beforeCount } : undefined);
  if (!wanted || ('columns' in wanted && wanted.columns < 2) || blocks.length < 2 || orphanRow > 0) return unspread({ width: namespaceWidth, height: y - blockGap + tileMargin });

  // Fitted to the pane (the namespace alone) is kept only for that view, and a count only for that count.
  const toPane = 'aspect' in wanted;
  const remembered = before?.blocks === key && (toPane ? before.toPane : beforeCount === wanted.columns) ? before.columns : undefined;
  const heights = blocks.map((block) => ({ namespace: block.id, height: block.height - blockGap }));
  const columns = remembered ?? (toPane ? packColumns(heights, wanted.aspect, blockGap) : packColumns(heights, 1, blockGap, { count: wanted.columns }));
  (memory.splits ??= {})[namespace] = { blocks: key, columns, ...(toPane ? { toPane } : {}) };
  const bottoms: number[] = [];
  for (const block of blocks) {
    const column = columns[block.id] ?? 0;
    const blockTop = bottoms[column] ?? top;
    for (const id of block.ids) positions[id] = { x: positions[id]!.x + column * (namespaceWidth + columnGap), y: positions[id]!.y - block.top + blockTop };
    bottoms[column] = blockTop + block.height;
  }
  return { width: columnCount(columns) * (namespaceWidth + columnGap) - columnGap, height: Math.max(...bottoms) - blockGap + tileMargin };
}

function columnCount(columns: Record<string, number>): number {
  return Math.max(0, ...Object.values(columns)) + 1;
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
