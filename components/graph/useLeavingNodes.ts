// Small hooks that keep React Flow's work small: removed nodes fade out before they go,
// and an array of the very same objects is handed on as the same array.
import type { Node } from '@xyflow/react';
import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import { sameElements } from '@/lib/graph/diff';

// How long a removed node stays, fading out (the CSS transition in globals.css).
const leaveMs = 600;

/** The nodes to draw: these, plus the ones just removed, marked to fade out for a moment. */
export function useLeavingNodes(nodes: Node[], enabled: boolean): Node[] {
  // Derived while rendering (as React's docs recommend for values that follow a previous
  // render), so a removed node is drawn again, fading, in the very render it left — not in a
  // second, synchronous render from a layout effect, which during a rollout doubled redraws.
  const [held, setHeld] = useState<{ nodes: Node[]; leaving: Leaving[]; batch: number }>({ nodes, leaving: [], batch: 0 });
  let { leaving } = held;
  if (held.nodes !== nodes) {
    const present = new Set(nodes.map((node) => node.id));
    const gone = enabled ? held.nodes.filter((node) => !present.has(node.id)) : [];
    const batch = held.batch + 1;
    leaving = [...leaving.filter((entry) => !present.has(entry.node.id)), ...gone.map((node) => ({ node: { ...node, className: 'node-leaving', selectable: false, focusable: false }, batch }))];
    setHeld({ nodes, leaving, batch });
  }
  // Each batch goes once its fade is over, in a transition (React may draw that in slices).
  // A timer per batch, which re-renders must not cancel.
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);
  useEffect(() => {
    for (const batch of new Set(leaving.map((entry) => entry.batch))) {
      if (timers.current.has(batch)) continue;
      const timer = setTimeout(() => {
        timers.current.delete(batch);
        startTransition(() => setHeld((current) => ({ ...current, leaving: current.leaving.filter((entry) => entry.batch !== batch) })));
      }, leaveMs);
      timers.current.set(batch, timer);
    }
  }, [leaving]);
  return useMemo(() => {
    if (leaving.length === 0) return nodes;
    const present = new Set(nodes.map((node) => node.id));
    return [...nodes, ...leaving.filter((entry) => !present.has(entry.node.id)).map((entry) => entry.node)];
  }, [nodes, leaving]);
}

interface Leaving {
  node: Node;
  /** The render it left in: the nodes that left together go together. */
  batch: number;
}

/** `items`, or the previous array when it held the very same objects. */
export function useSameArray<T>(items: T[]): T[] {
  const [kept, setKept] = useState(items);
  const same = sameElements(kept, items);
  if (!same) setKept(items); // adjusting state while rendering, as React's docs describe
  return same ? kept : items;
}
