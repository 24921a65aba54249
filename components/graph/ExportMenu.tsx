'use client';
// Export what is on screen: the drawing as PNG or SVG (html-to-image, as React Flow's
// own example does), the graph as JSON. Files are made in the browser; nothing is uploaded.
import { getNodesBounds, getViewportForBounds, Panel, useReactFlow } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';
import type { Graph } from '@/lib/stream/protocol';

const imageWidth = 2048;
const imageHeight = 1536;

function download(href: string, filename: string) {
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  link.click();
}

export function ExportMenu({ graph, name, dark }: { graph: Graph; name: string; dark: boolean }) {
  const flow = useReactFlow();
  const image = async (format: 'png' | 'svg') => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
    if (!viewport) return;
    const bounds = getNodesBounds(flow.getNodes());
    const { x, y, zoom } = getViewportForBounds(bounds, imageWidth, imageHeight, 0.05, 2, 0.05);
    const options = {
      backgroundColor: dark ? '#020617' : '#ffffff',
      width: imageWidth,
      height: imageHeight,
      style: { width: `${imageWidth}px`, height: `${imageHeight}px`, transform: `translate(${x}px, ${y}px) scale(${zoom})` },
    };
    download(format === 'png' ? await toPng(viewport, options) : await toSvg(viewport, options), `${name}.${format}`);
  };
  const json = () => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(graph, null, 2)], { type: 'application/json' }));
    download(url, `${name}.json`);
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const button = 'rounded border border-slate-300 bg-white px-2 py-0.5 text-xs dark:border-slate-700 dark:bg-slate-900';
  return (
    <Panel position="top-right" className="flex gap-1" aria-label="Export">
      <button type="button" className={button} onClick={() => void image('png')}>
        Export PNG
      </button>
      <button type="button" className={button} onClick={() => void image('svg')}>
        Export SVG
      </button>
      <button type="button" className={button} onClick={json}>
        Export JSON
      </button>
    </Panel>
  );
}
