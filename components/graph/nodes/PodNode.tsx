'use client';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { PodNode as PodData } from '@/lib/stream/protocol';
import { CardSummary } from './CardSummary';

export type PodFlowNode = Node<PodData, 'Pod'>;

function PodNodeView({ data }: NodeProps<PodFlowNode>) {
  const state = data.terminating ? 'terminating' : data.ready ? 'ready' : 'not ready';
  const containers = `${data.containers.ready}/${data.containers.total} containers${data.restarts > 0 ? ` · ${data.restarts} restarts` : ''}`;
  const colour = data.terminating ? 'border-slate-400 opacity-60' : data.ready ? 'border-green-600' : 'border-amber-500 border-dashed';
  return (
    <div
      className={`card w-64 rounded-md border-2 ${colour} bg-white text-xs dark:bg-slate-900`}
      data-kind="Pod"
      data-ready={String(data.ready)}
      data-terminating={String(data.terminating)}
    >
      <Handle type="target" position={Position.Left} />
      <CardSummary keepEnd name={data.name} detail={state} />
      <div className="card-full px-3 py-2">
      <div className="truncate font-medium">{data.name}</div>
      <div className="truncate text-slate-600 dark:text-slate-300">
        {data.ip ?? 'no IP'} · {data.nodeName ?? 'unscheduled'}
      </div>
      {/* One line whatever the state: a node that changes height on a readiness flip makes
          React Flow measure it again and update its whole store. */}
      <div className="truncate" title={`${data.phase} · ${state} · ${containers}`}>
        {data.phase} · <span data-testid="pod-state">{state}</span> · {containers}
      </div>
      {(data.zone || data.policies.length > 0) && (
        <div className="truncate text-slate-600 dark:text-slate-300">
          {data.zone}
          {data.policies.length > 0 && (
            <span className="ml-1 rounded bg-slate-200 px-1 text-slate-800 dark:bg-slate-700 dark:text-slate-100" title={`NetworkPolicies: ${data.policies.join(', ')}`}>
              {data.isolated ? 'ingress isolated' : 'policy'}: {data.policies.join(', ')}
            </span>
          )}
        </div>
      )}
      </div>
    </div>
  );
}

export const PodNode = memo(PodNodeView);
