'use client';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { RouteNode as RouteData } from '@/lib/stream/protocol';
import { severityIcon } from '@/lib/view/svg';
import { CardSummary } from './CardSummary';
import { Diagnostics, worstSeverity } from './Diagnostics';

export type RouteFlowNode = Node<RouteData, RouteData['kind']>;

/** A Gateway API route: its hostnames, the Gateways it asks for, and its rules in order, each to its backends' shares. */
function RouteNodeView({ data }: NodeProps<RouteFlowNode>) {
  const worst = worstSeverity(data.diagnostics);
  const health = worst === 'error' ? 'border-red-500' : worst === 'warning' ? 'border-amber-500' : 'border-green-600';
  return (
    <div className={`card w-80 rounded-lg border-2 ${health} bg-white text-xs shadow-sm dark:bg-slate-900`} data-kind={data.kind} data-diagnostics={data.diagnostics.map((diagnostic) => diagnostic.code).join(' ')}>
      <CardSummary name={data.name} detail={`${data.rules.length} rules${worst ? ` ${severityIcon[worst]}` : ''}`} />
      <div className="card-full px-3 py-2">
        <div className="flex items-baseline justify-between gap-2">
          <span className="truncate text-sm font-semibold">{data.name}</span>
          <span className="rounded bg-slate-100 px-1 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">{data.kind}</span>
        </div>
        <div className="truncate text-slate-600 dark:text-slate-400">
          {data.hostnames.join(', ') || 'any host'} · via {data.parents.map((parent) => `${parent.text}${parent.attached ? '' : ' ✖'}`).join(', ') || 'no Gateway'}
        </div>
        <ol aria-label="rules">
          {data.rules.map((rule) => (
            <li key={rule.number} className="truncate">
              {rule.number}. {rule.matches.join(' | ')} →{' '}
              {rule.backends.map((backend) => `${backend.service.split('/').at(-1)}${rule.backends.length > 1 ? ` ${backend.percent} %` : ''}`).join(', ') || 'no backend'}
            </li>
          ))}
        </ol>
        <Diagnostics diagnostics={data.diagnostics} />
      </div>
      <Handle type="target" position={Position.Left} />
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const RouteNode = memo(RouteNodeView);
