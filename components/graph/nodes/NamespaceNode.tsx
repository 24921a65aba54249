'use client';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { NamespaceNode as NamespaceData } from '@/lib/stream/protocol';

export type NamespaceFlowNode = Node<NamespaceData, 'Namespace'>;

/** A namespace's heading with what it holds; a click (or Enter) collapses or opens it. */
function NamespaceNodeView({ data }: NodeProps<NamespaceFlowNode>) {
  const { services, problems, pods, readyPods } = data.summary;
  const facts = [
    `${services} ${services === 1 ? 'Service' : 'Services'}`,
    problems > 0 && `${problems} with problems`,
    `${pods} ${pods === 1 ? 'pod' : 'pods'}, ${readyPods} ready`,
  ].filter(Boolean);
  return (
    <div
      className="flex w-[64rem] items-center gap-3 border-b-2 border-slate-300 px-1 pb-1 text-sm dark:border-slate-600"
      data-kind="Namespace"
      data-collapsed={data.collapsed}
      aria-label={`Namespace ${data.name}: ${facts.join(', ')}. ${data.collapsed ? 'Collapsed; press Enter to open it.' : 'Press Enter to collapse it.'}`}
    >
      <span aria-hidden="true" className="w-4 text-slate-500">
        {data.collapsed ? '▸' : '▾'}
      </span>
      <span className="text-lg font-semibold">{data.name}</span>
      <span className="text-slate-500" data-testid="namespace-summary">
        {facts.join(' · ')}
      </span>
      {problems > 0 && <span className="rounded bg-amber-100 px-1.5 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100">⚠ {problems}</span>}
    </div>
  );
}

export const NamespaceNode = memo(NamespaceNodeView);
