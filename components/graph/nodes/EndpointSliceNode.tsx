'use client';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { EndpointSliceNode as EndpointSliceData } from '@/lib/stream/protocol';
import { CardSummary } from './CardSummary';

export type EndpointSliceFlowNode = Node<EndpointSliceData, 'EndpointSlice'>;

function EndpointSliceNodeView({ data }: NodeProps<EndpointSliceFlowNode>) {
  const manual = data.managedBy !== undefined && data.managedBy !== 'endpointslice-controller.k8s.io';
  return (
    <div
      className="card w-64 rounded-md border border-slate-400 bg-slate-50 text-xs dark:bg-slate-800"
      data-kind="EndpointSlice"
    >
      <Handle type="target" position={Position.Left} />
      <CardSummary name={data.name} detail={`${data.endpoints.ready}/${data.endpoints.total}`} />
      <div className="card-full px-3 py-2">
      <div className="truncate font-medium">{data.name}</div>
      <div className="truncate text-slate-600 dark:text-slate-300">
        {data.addressType} · {data.ports.join(', ') || 'no ports'}
        {manual && <span className="ml-1 rounded bg-violet-100 px-1 text-violet-900">manual</span>}
      </div>
      <div>
        {data.endpoints.ready}/{data.endpoints.total} ready
      </div>
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const EndpointSliceNode = memo(EndpointSliceNodeView);
