'use client';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { PodGroupNode as PodGroupData } from '@/lib/stream/protocol';

export type PodGroupFlowNode = Node<PodGroupData, 'PodGroup'>;

/** Many pods of one Service as one node with counts; a click (or Enter) expands it. */
function PodGroupNodeView({ data }: NodeProps<PodGroupFlowNode>) {
  const colour = data.ready === 0 ? 'border-red-500' : data.ready < data.pods ? 'border-amber-500' : 'border-green-600';
  const parts = [`${data.ready} ready`, data.notReady > 0 && `${data.notReady} not ready`, data.terminating > 0 && `${data.terminating} terminating`].filter(Boolean);
  const summary = `${data.pods} pods: ${parts.join(', ')}`;
  return (
    <div
      className={`w-64 rounded-md border-2 border-double ${colour} bg-white px-3 py-2 text-xs dark:bg-slate-900`}
      data-kind="PodGroup"
      aria-label={`${summary}. Press Enter to show each pod.`}
    >
      <Handle type="target" position={Position.Left} />
      <div className="font-medium" data-testid="group-summary">
        {summary}
      </div>
      <div className="text-slate-500">click to show each pod</div>
    </div>
  );
}

export const PodGroupNode = memo(PodGroupNodeView);
