'use client';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { ServiceNode as ServiceData } from '@/lib/stream/protocol';

export type ServiceFlowNode = Node<ServiceData, 'Service'>;

function ServiceNodeView({ data }: NodeProps<ServiceFlowNode>) {
  const { ready, total } = data.endpoints;
  const health = total === 0 || ready === 0 ? 'border-red-500' : ready < total ? 'border-amber-500' : 'border-green-600';
  return (
    <div
      className={`w-72 rounded-lg border-2 ${health} bg-white px-3 py-2 text-xs shadow-sm dark:bg-slate-900`}
      data-kind="Service"
      aria-label={`Service ${data.namespace}/${data.name}: ${ready} of ${total} endpoints ready`}
    >
      <div className="flex items-baseline justify-between gap-2">
        <span className="truncate text-sm font-semibold">{data.name}</span>
        <span className="rounded bg-slate-100 px-1 text-[10px] uppercase text-slate-600 dark:bg-slate-800 dark:text-slate-300">{data.type}</span>
      </div>
      <div className="truncate text-slate-500">
        {data.namespace} · {data.externalName ?? data.clusterIP ?? ''}
      </div>
      <div className="truncate text-slate-600 dark:text-slate-400">{data.ports.join(', ')}</div>
      <div data-testid="service-endpoints">
        endpoints {ready}/{total} ready
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const ServiceNode = memo(ServiceNodeView);
