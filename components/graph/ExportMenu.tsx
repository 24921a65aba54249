'use client';
// Export what is on screen: the map as a vector SVG (every edge a path, every label text,
// lib/view/svg.ts) or as a PNG drawn from that SVG, and the graph as JSON. Files are made
// in the browser; nothing is uploaded.
import { type Node, Panel, useReactFlow } from '@xyflow/react';
import type { Graph, GraphNode } from '@/lib/stream/protocol';
import { type DrawnNode, graphToSvg } from '@/lib/view/svg';

// A canvas this big still fits every browser's limits.
const maxPixels = 8192;

function download(href: string, filename: string) {
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  link.click();
  if (href.startsWith('blob:')) setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

async function svgToPng(svg: string, width: number, height: number): Promise<Blob> {
  const scale = Math.min(2, maxPixels / width, maxPixels / height);
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function ExportMenu({ graph, nodes, name, dark }: { graph: Graph; nodes: Node[]; name: string; dark: boolean }) {
  const flow = useReactFlow();
  const drawing = () => {
    const drawn: DrawnNode[] = nodes.flatMap((node) => {
      const internal = flow.getInternalNode(node.id);
      if (!internal || node.className?.includes('node-leaving')) return [];
      const { width = node.initialWidth ?? 256, height = node.initialHeight ?? 64 } = internal.measured;
      return [{ node: node.data as GraphNode, x: internal.internals.positionAbsolute.x, y: internal.internals.positionAbsolute.y, width, height }];
    });
    const shown = new Set(drawn.map((entry) => entry.node.id));
    return graphToSvg(drawn, graph.edges.filter((edge) => shown.has(edge.source) && shown.has(edge.target)), dark ? 'dark' : 'light');
  };
  const svg = () => download(URL.createObjectURL(new Blob([drawing().svg], { type: 'image/svg+xml' })), `${name}.svg`);
  const png = async () => {
    const { svg: text, width, height } = drawing();
    download(URL.createObjectURL(await svgToPng(text, width, height)), `${name}.png`);
  };
  const json = () => download(URL.createObjectURL(new Blob([JSON.stringify(graph, null, 2)], { type: 'application/json' })), `${name}.json`);
  // A choice closes the menu, as a menu does.
  const choose = (action: () => void) => (event: React.MouseEvent<HTMLButtonElement>) => {
    const menu = event.currentTarget.closest('details');
    if (menu) menu.open = false;
    action();
  };
  const button = 'rounded border border-slate-300 bg-white px-2 py-0.5 text-left text-sm dark:border-slate-700 dark:bg-slate-900';
  return (
    // In the left gutter the fitted map keeps free for the controls: it covers no heading.
    <Panel position="top-left" aria-label="Export menu">
      <details className="relative text-sm">
        <summary aria-label="Export" title="Export the view" className="block w-7 cursor-pointer list-none rounded border border-slate-300 bg-white text-center text-base dark:border-slate-700 dark:bg-slate-900">
          ⤓
        </summary>
        <div className="absolute left-0 mt-1 flex w-36 flex-col gap-1 rounded border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-800 dark:bg-slate-950">
          <button type="button" className={button} onClick={choose(() => void png())}>
            Export PNG
          </button>
          <button type="button" className={button} onClick={choose(svg)}>
            Export SVG
          </button>
          <button type="button" className={button} onClick={choose(json)}>
            Export JSON
          </button>
        </div>
      </details>
    </Panel>
  );
}
