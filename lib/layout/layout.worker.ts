// Web Worker: computes the tiered layout off the main thread.
import type { Graph } from '@/lib/stream/protocol';
import { layoutGraph } from './tiered';

self.onmessage = (message: MessageEvent<{ id: number; graph: Graph }>) => {
  const { id, graph } = message.data;
  self.postMessage({ id, positions: layoutGraph(graph) });
};
