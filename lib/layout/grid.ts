// The grid the tiered layout (tiered.ts) places cards on: the columns' x, a row's height,
// the gaps, a namespace tile's width and margin; and the masonry packing that spreads
// namespaces (or the blocks of a namespace shown alone) over columns to the pane's shape.
// Pure.
export const columnX = { Service: 0, EndpointSlice: 360, backend: 720 } as const;
// What stands in front of Services takes up to two columns left of them, only in namespaces
// that have any: Gateways and Ingresses, then routes (one column when there is one kind). The
// first one moves the rest of its namespace right; the room stays while the layout remembers
// (like a block's rows), so routes that come and go move nothing else.
export const frontColumn = 360;
export const rowHeight = 84;
export const blockGap = 36;
export const headingHeight = 72;
/** A namespace's width: its three tiers (the backend cards are 256 wide), and the tile's margin around them. */
export const namespaceWidth = columnX.backend + 256;
export const tileMargin = 24;
export const columnGap = 120;
// Room between namespaces for a zoomed-out heading drawn above its tile: two lines (name and
// problems, then the counts, on a narrow tile) are ~53 px on screen, 265 at zoom 0.2.
export const namespaceGap = 280;
const maxColumns = 12;

/** What is packed: a namespace tile (or a block of one), its height and width (a namespace's by default). */
export interface Packable {
  namespace: string;
  height: number;
  width?: number;
}

/**
 * Which column each namespace goes to: in name order, each to the shortest column so far
 * (masonry), with the number of columns (or `count`) that lets the whole fit the pane's
 * aspect at the largest zoom. Deterministic.
 */
export function packColumns(blocks: readonly Packable[], aspect: number, gap = namespaceGap, { count }: { count?: number } = {}): Record<string, number> {
  return bestPacking(blocks, aspect, gap, { count }).columns;
}

/** The packing packColumns picks, with the zoom at which it fits a pane of that aspect whose height is 1. */
export function bestPacking(blocks: readonly Packable[], aspect: number, gap = namespaceGap, { count }: { count?: number } = {}): { zoom: number; columns: Record<string, number> } {
  let best: { zoom: number; columns: Record<string, number> } = { zoom: 0, columns: {} };
  const most = Math.min(maxColumns, Math.max(1, blocks.length));
  const [fewest, widest] = count ? [Math.min(count, most), Math.min(count, most)] : [1, most];
  for (let columnCount = fewest; columnCount <= widest; columnCount++) {
    const heights = new Array<number>(columnCount).fill(0);
    const widths = new Array<number>(columnCount).fill(0);
    const columns: Record<string, number> = {};
    for (const block of blocks) {
      const column = heights.indexOf(Math.min(...heights));
      columns[block.namespace] = column;
      heights[column] = heights[column]! + block.height + gap;
      widths[column] = Math.max(widths[column]!, block.width ?? namespaceWidth);
    }
    const used = widths.filter((width) => width > 0);
    const width = used.reduce((sum, each) => sum + each, 0) + (used.length - 1) * columnGap;
    const height = Math.max(...heights) - gap;
    // The zoom at which this fits a pane of this aspect (its height taken as 1).
    const zoom = Math.min(aspect / width, 1 / height);
    if (zoom > best.zoom * 1.0001) best = { zoom, columns };
  }
  return best;
}
