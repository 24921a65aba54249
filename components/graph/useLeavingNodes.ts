// Small hooks that keep React Flow's work small: removed nodes fade out before they go,
// and an array of the very same objects is handed on as the same array.
import type { Node } from '@xyflow/react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { sameElements } from '@/lib/graph/diff';

// How long a removed node stays, fading out (the CSS transition in globals.css).
const leaveMs = 600;

/** The nodes to draw: these, plus the ones just removed, marked to fade out for a moment. */
export function useLeavingNodes(nodes: Node[], enabled: boolean): Node[] {
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
export function useSameArray<T>(items: T[]): T[] {
  const [kept, setKept] = useState(items);
  const same = sameElements(kept, items);
  if (!same) setKept(items); // adjusting state while rendering, as React's docs describe
  return same ? kept : items;
}
