'use client';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { IngressNode as IngressData } from '@/lib/stream/protocol';
import { severityIcon } from '@/lib/view/svg';
import { CardSummary } from './CardSummary';
import { Diagnostics, worstSeverity } from './Diagnostics';

export type IngressFlowNode = Node<IngressData, 'Ingress'>;

/** An Ingress: its class, where it answers, and each host/path rule to its Service port. */
function IngressNodeView({ data }: NodeProps<IngressFlowNode>) {
  const worst = worstSeverity(data.diagnostics);
  const health = worst === 'error' ? 'border-red-500' : worst === 'warning' ? 'border-amber-500' : 'border-green-600';
  return (
    <div className={`card w-80 rounded-lg border-2 ${health} bg-white text-xs shadow-sm dark:bg-slate-900`} data-kind="Ingress" data-diagnostics={data.diagnostics.map((diagnostic) => diagnostic.code).join(' ')}>
      <CardSummary name={data.name} detail={`${data.rules.length} paths${worst ? ` ${severityIcon[worst]}` : ''}`} />
      <div className="card-full px-3 py-2">
        <div className="flex items-baseline justify-between gap-2">
          <span className="truncate text-sm font-semibold">{data.name}</span>
          <span className="rounded bg-slate-100 px-1 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">Ingress</span>
        </div>
        <div className="truncate text-slate-600 dark:text-slate-400">
          {data.namespace} · {data.ingressClassName ?? 'default class'} · {data.addresses.join(', ') || 'no address'}
        </div>
        <ul aria-label="rules">
          {data.rules.map((rule, index) => (
            <li key={index} className="truncate">
              {rule.host ?? '*'}
              {rule.path === '*' ? ' (default)' : rule.path} → {rule.backend.service.split('/').at(-1)}:{rule.backend.port}
            </li>
          ))}
        </ul>
        <Diagnostics diagnostics={data.diagnostics} />
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const IngressNode = memo(IngressNodeView);
