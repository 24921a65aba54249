// Web Worker: computes the tiered layout off the main thread, remembering the last
// layout so the next one keeps nodes where they were (see tiered.ts). `reset` forgets it.
// Answers with the positions (and namespace tiles' heights) packed in the order of the nodes it was sent.
import { emptyLayoutMemory, type LayoutInput, layoutGraph, packPositions } from './tiered';

let memory = emptyLayoutMemory();

self.onmessage = (message: MessageEvent<{ id: number; graph: LayoutInput; reset?: boolean }>) => {
  const { id, graph, reset } = message.data;
  const layout = layoutGraph(graph, reset ? emptyLayoutMemory() : memory);
  memory = layout.memory;
  const coordinates = packPositions(graph, layout);
  self.postMessage({ id, coordinates }, { transfer: [coordinates.buffer] });
};
