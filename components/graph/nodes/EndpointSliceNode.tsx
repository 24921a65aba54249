'use client';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { EndpointSliceNode as EndpointSliceData } from '@/lib/stream/protocol';

export type EndpointSliceFlowNode = Node<EndpointSliceData, 'EndpointSlice'>;

function EndpointSliceNodeView({ data }: NodeProps<EndpointSliceFlowNode>) {
  const manual = data.managedBy !== undefined && data.managedBy !== 'endpointslice-controller.k8s.io';
  return (
    <div
      className="w-64 rounded-md border border-slate-400 bg-slate-50 px-3 py-2 text-xs dark:bg-slate-800"
      data-kind="EndpointSlice"
      aria-label={`EndpointSlice ${data.namespace}/${data.name}`}
    >
      <Handle type="target" position={Position.Left} />
      <div className="truncate font-medium">{data.name}</div>
      <div className="text-slate-500">
        {data.addressType} · {data.ports.join(', ') || 'no ports'}
        {manual && <span className="ml-1 rounded bg-violet-100 px-1 text-violet-900">manual</span>}
      </div>
      <div>
        {data.endpoints.ready}/{data.endpoints.total} ready
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const EndpointSliceNode = memo(EndpointSliceNodeView);
