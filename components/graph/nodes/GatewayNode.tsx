'use client';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { GatewayNode as GatewayData } from '@/lib/stream/protocol';
import { count } from '@/lib/view/namespaces';
import { FrontCard } from './FrontCard';

export type GatewayFlowNode = Node<GatewayData, 'Gateway'>;

/** A Gateway: where it answers, and each listener (protocol, port, hostname, routes attached). */
function GatewayNodeView({ data }: NodeProps<GatewayFlowNode>) {
  return (
    <FrontCard
      kind="Gateway"
      name={data.name}
      diagnostics={data.diagnostics}
      healthy="border-indigo-500"
      badge="uppercase bg-indigo-100 text-indigo-900 dark:bg-indigo-950 dark:text-indigo-100"
      summary={count(data.listeners.length, 'listener', 'listeners')}
      facts={`${data.namespace} · ${data.gatewayClassName} · ${data.addresses.join(', ') || 'no address'}`}
    >
      <ul aria-label="listeners">
        {data.listeners.map((listener) => (
          <li key={listener.name} className="truncate">
            {listener.name}: {listener.protocol} :{listener.port} {listener.hostname ?? '*'}
            {listener.attachedRoutes !== undefined && <span className="text-slate-600 dark:text-slate-400"> · {listener.attachedRoutes} routes</span>}
          </li>
        ))}
      </ul>
    </FrontCard>
  );
}

export const GatewayNode = memo(GatewayNodeView);
