'use client';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { PodGroupNode as PodGroupData } from '@/lib/stream/protocol';
import { CardSummary } from './CardSummary';

export type PodGroupFlowNode = Node<PodGroupData, 'PodGroup'>;

/** Many pods of one Service as one node with counts; a click (or Enter) expands it. */
function PodGroupNodeView({ data }: NodeProps<PodGroupFlowNode>) {
  const colour = data.ready === 0 ? 'border-red-500' : data.ready < data.pods ? 'border-amber-500' : 'border-green-600';
  const parts = [`${data.ready} ready`, data.notReady > 0 && `${data.notReady} not ready`, data.terminating > 0 && `${data.terminating} terminating`].filter(Boolean);
  const summary = `${data.pods} pods: ${parts.join(', ')}`;
  return (
    <div
      className={`card w-64 rounded-md border-2 border-double ${colour} bg-white text-xs dark:bg-slate-900`}
      data-kind="PodGroup"
    >
      <Handle type="target" position={Position.Left} />
      <CardSummary name={`${data.pods} pods`} detail={`${data.ready} ready`} />
      <div className="card-full px-3 py-2">
        <div className="font-medium" data-testid="group-summary">
          {summary}
        </div>
        <div className="text-slate-600 dark:text-slate-300">click to show each pod</div>
      </div>
    </div>
  );
}

export const PodGroupNode = memo(PodGroupNodeView);
