'use client';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { ServiceNode as ServiceData } from '@/lib/stream/protocol';
import { serviceTone, severityIcon, worstSeverity } from '@/lib/view/svg';
import { CardSummary } from './CardSummary';
import { Diagnostics } from './Diagnostics';

export type ServiceFlowNode = Node<ServiceData, 'Service'>;

const borders = { error: 'border-red-500', warning: 'border-amber-500', alias: 'border-violet-500', healthy: 'border-green-600' } as const;

function ServiceNodeView({ data }: NodeProps<ServiceFlowNode>) {
  const { ready, total } = data.endpoints;
  const external = data.type === 'ExternalName';
  const worst = worstSeverity(data.diagnostics);
  const health = borders[serviceTone(data)];
  return (
    <div
      className={`card w-80 rounded-lg border-2 ${health} bg-white text-xs shadow-sm dark:bg-slate-900`}
      data-kind="Service"
      data-diagnostics={data.diagnostics.map((diagnostic) => diagnostic.code).join(' ')}
    >
      <CardSummary name={data.name} detail={`${external ? 'alias' : `${ready}/${total}`}${worst ? ` ${severityIcon[worst]}` : ''}`} />
      <div className="card-full px-3 py-2">
      <div className="flex items-baseline justify-between gap-2">
        <span className="truncate text-sm font-semibold">{data.name}</span>
        <span className="rounded bg-slate-100 px-1 text-xs uppercase text-slate-700 dark:bg-slate-800 dark:text-slate-300">{data.headless ? 'headless' : data.type}</span>
      </div>
      <div className="truncate text-slate-600 dark:text-slate-400">
        {data.namespace} · {data.externalName ?? data.clusterIP ?? ''}
      </div>
      <div className="truncate text-slate-600 dark:text-slate-400">{data.ports.join(', ')}</div>
      {!external && (
        <div data-testid="service-endpoints" className="truncate">
          endpoints {ready}/{total} ready
          {data.routing && data.routing.routable < ready && <span className="font-semibold text-red-700 dark:text-red-300"> ({data.routing.routable} routable)</span>}
          {data.routing && (
            <span data-testid="service-routing" className={data.routing.blackholes.length > 0 ? 'font-semibold text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}>
              {' '}· reaches {data.routing.backends} from {data.routing.reaching} of {data.routing.nodes} nodes
            </span>
          )}
        </div>
      )}
      {data.traits.length > 0 && <div className="truncate text-slate-600 dark:text-slate-400">{data.traits.join(' · ')}</div>}
      <Diagnostics diagnostics={data.diagnostics} />
      </div>
      {/* Routes and Ingresses send traffic in from the left. */}
      <Handle type="target" position={Position.Left} />
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const ServiceNode = memo(ServiceNodeView);
