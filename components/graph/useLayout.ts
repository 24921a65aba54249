'use client';
// Positions for the graph, computed by the tiered layout in a Web Worker so a big
// graph never blocks the page. Until the first answer, nothing is drawn.
import { type RefObject, startTransition, useEffect, useRef, useState } from 'react';
import { layoutInput, PackedPositions, sameLayout } from '@/lib/layout/tiered';
import type { Graph } from '@/lib/stream/protocol';

/**
 * Positions (null until the first answer); whether they lay out the view named `view` (false
 * from the moment it changes, e.g. to a search, until the worker's answer for it — later
 * changes of the cluster's structure do not make it false again); and a way to pack the layout
 * afresh ("Reset layout"). Namespaces are packed to the shape of `pane` as it is when they are packed.
 */
export function useLayout(graph: Graph, pane: RefObject<HTMLElement | null>, view: string): { positions: PackedPositions | null; current: boolean; resetLayout: () => void } {
  const [answer, setAnswer] = useState<{ positions: PackedPositions; version: number } | null>(null);
  const worker = useRef<Worker | null>(null);
  const requestId = useRef(0);
  const lastReset = useRef(0);

  useEffect(() => {
    const instance = new Worker(new URL('../../lib/layout/layout.worker.ts', import.meta.url));
    worker.current = instance;
    return () => instance.terminate();
  }, []);

  // Ask the worker only when the layout can change: copying a big graph to it and drawing
  // twice per patch made the page fall seconds behind at a few hundred pods under churn.
  const latest = useRef(graph);
  useEffect(() => {
    latest.current = graph;
  });
  // A new layout version only when the structure changed (adjusting state during render,
  // as React's docs recommend for values derived from a previous render).
  const [laidOut, setLaidOut] = useState({ graph, version: 0 });
  const changed = graph !== laidOut.graph && !sameLayout(laidOut.graph, graph);
  const key = changed ? laidOut.version + 1 : laidOut.version;
  if (changed) setLaidOut({ graph, version: key });
  // The first layout version that belongs to the view (a pass that changes it is redone at
  // once with it set, before anything commits).
  const [viewStart, setViewStart] = useState({ view, version: key });
  if (viewStart.view !== view) setViewStart({ view, version: key });
  const [resets, setResets] = useState(0);
  useEffect(() => {
    const instance = worker.current;
    if (!instance) return;
    const id = ++requestId.current;
    const element = pane.current;
    const aspect = element && element.clientHeight > 0 ? element.clientWidth / element.clientHeight : undefined;
    const input = layoutInput(latest.current, aspect);
    const onMessage = (message: MessageEvent<{ id: number; coordinates: Float64Array }>) => {
      // Only the answer to the latest request counts; older ones are for graphs already replaced.
      // In a transition: React draws the new places in slices, between which the page answers input.
      if (message.data.id === requestId.current) startTransition(() => setAnswer({ positions: new PackedPositions(input.nodes, message.data.coordinates), version: key }));
    };
    instance.addEventListener('message', onMessage);
    instance.postMessage({ id, graph: input, reset: resets > 0 && resets !== lastReset.current });
    lastReset.current = resets;
    return () => instance.removeEventListener('message', onMessage);
  }, [key, resets, pane]);

  return { positions: answer?.positions ?? null, current: answer !== null && answer.version >= viewStart.version, resetLayout: () => setResets((count) => count + 1) };
}
