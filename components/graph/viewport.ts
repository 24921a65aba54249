// Moving React Flow's viewport for the person: centre on an object, reveal one, and the
// node an arrow key leads to.
import type { Node, ReactFlowInstance } from '@xyflow/react';
import type { Graph } from '@/lib/stream/protocol';

/** Centres the view on a node at a readable zoom; false when the node is not drawn (yet). */
export function centreOn(instance: ReactFlowInstance, id: string, element: HTMLElement | null): boolean {
  const node = instance.getInternalNode(id);
  if (!node || !element) return false;
  const { width = 256, height = 64 } = node.measured;
  void instance.setCenter(node.internals.positionAbsolute.x + width / 2, node.internals.positionAbsolute.y + height / 2, { zoom: 1 });
  return true;
}

/** Pans (at the same zoom) just enough that the node is inside the pane, with a margin. */
export function revealNode(instance: ReactFlowInstance, id: string, element: HTMLElement): void {
  const node = instance.getInternalNode(id);
  if (!node) return;
  const { x, y, zoom } = instance.getViewport();
  const { width = 256, height = 64 } = node.measured;
  const margin = 24;
  const left = node.internals.positionAbsolute.x * zoom + x;
  const top = node.internals.positionAbsolute.y * zoom + y;
  const right = left + width * zoom;
  const bottom = top + height * zoom;
  let dx = 0;
  let dy = 0;
  if (right > element.clientWidth - margin) dx = element.clientWidth - margin - right;
  if (left + dx < margin) dx = margin - left;
  if (bottom > element.clientHeight - margin) dy = element.clientHeight - margin - bottom;
  if (top + dy < margin) dy = margin - top;
  if (dx !== 0 || dy !== 0) void instance.setViewport({ x: x + dx, y: y + dy, zoom }, { duration: 200 });
}

/** The node an arrow key leads to from `id`: along its edges (→ ←) or up and down its column (↑ ↓). */
export function neighbour(id: string, key: string, graph: Graph, drawn: Node[]): string | undefined {
  if (key === 'ArrowRight') return graph.edges.find((edge) => edge.source === id)?.target;
  if (key === 'ArrowLeft') return graph.edges.find((edge) => edge.target === id)?.source;
  if (key !== 'ArrowDown' && key !== 'ArrowUp') return undefined;
  const here = drawn.find((node) => node.id === id);
  if (!here) return undefined;
  const column = drawn.filter((node) => node.position.x === here.position.x && !node.className?.includes('node-leaving')).sort((a, b) => a.position.y - b.position.y);
  const index = column.findIndex((node) => node.id === id);
  return column[key === 'ArrowDown' ? index + 1 : index - 1]?.id;
}
