// Web Worker: computes the tiered layout off the main thread, remembering the last
// layout so the next one keeps nodes where they were (see tiered.ts). `reset` forgets it.
import { emptyLayoutMemory, type LayoutInput, layoutGraph } from './tiered';

let memory = emptyLayoutMemory();

self.onmessage = (message: MessageEvent<{ id: number; graph: LayoutInput; reset?: boolean }>) => {
  const { id, graph, reset } = message.data;
  const layout = layoutGraph(graph, reset ? emptyLayoutMemory() : memory);
  memory = layout.memory;
  self.postMessage({ id, positions: layout.positions });
};
