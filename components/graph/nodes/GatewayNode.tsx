'use client';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { GatewayNode as GatewayData } from '@/lib/stream/protocol';
import { severityIcon } from '@/lib/view/svg';
import { CardSummary } from './CardSummary';
import { Diagnostics, worstSeverity } from './Diagnostics';

export type GatewayFlowNode = Node<GatewayData, 'Gateway'>;

/** A Gateway: where it answers, and each listener (protocol, port, hostname, routes attached). */
function GatewayNodeView({ data }: NodeProps<GatewayFlowNode>) {
  const worst = worstSeverity(data.diagnostics);
  const health = worst === 'error' ? 'border-red-500' : worst === 'warning' ? 'border-amber-500' : 'border-indigo-500';
  return (
    <div className={`card w-80 rounded-lg border-2 ${health} bg-white text-xs shadow-sm dark:bg-slate-900`} data-kind="Gateway" data-diagnostics={data.diagnostics.map((diagnostic) => diagnostic.code).join(' ')}>
      <CardSummary name={data.name} detail={`${data.listeners.length} listeners${worst ? ` ${severityIcon[worst]}` : ''}`} />
      <div className="card-full px-3 py-2">
        <div className="flex items-baseline justify-between gap-2">
          <span className="truncate text-sm font-semibold">{data.name}</span>
          <span className="rounded bg-indigo-100 px-1 text-xs uppercase text-indigo-900 dark:bg-indigo-950 dark:text-indigo-100">Gateway</span>
        </div>
        <div className="truncate text-slate-600 dark:text-slate-400">
          {data.namespace} · {data.gatewayClassName} · {data.addresses.join(', ') || 'no address'}
        </div>
        <ul aria-label="listeners">
          {data.listeners.map((listener) => (
            <li key={listener.name} className="truncate">
              {listener.name}: {listener.protocol} :{listener.port} {listener.hostname ?? '*'}
              {listener.attachedRoutes !== undefined && <span className="text-slate-600 dark:text-slate-400"> · {listener.attachedRoutes} routes</span>}
            </li>
          ))}
        </ul>
        <Diagnostics diagnostics={data.diagnostics} />
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const GatewayNode = memo(GatewayNodeView);
