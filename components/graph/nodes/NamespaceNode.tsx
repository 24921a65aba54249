'use client';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { NamespaceNode as NamespaceData } from '@/lib/stream/protocol';
import { namespaceFacts } from '@/lib/view/namespaces';

export type NamespaceFlowNode = Node<NamespaceData, 'Namespace'>;

/**
 * A namespace's tile: the rectangle its Services take, with a heading saying what it
 * holds; a click (or Enter) on the heading collapses or opens the namespace. Zoomed out,
 * the heading grows as the zoom shrinks (globals.css) so the overview stays readable.
 */
function NamespaceNodeView({ data }: NodeProps<NamespaceFlowNode>) {
  const { problems } = data.summary;
  const facts = namespaceFacts(data.summary);
  return (
    <div className="namespace-tile" data-kind="Namespace" data-collapsed={data.collapsed} data-problems={problems > 0}>
      <div className="namespace-heading">
        <span aria-hidden="true" className="namespace-chevron">
          {data.collapsed ? '▸' : '▾'}
        </span>
        <span className="namespace-name">{data.name}</span>
        <span className="namespace-facts" data-testid="namespace-summary">
          {facts.join(' · ')}
        </span>
        {problems > 0 && <span className="namespace-problems">⚠ {problems}</span>}
      </div>
    </div>
  );
}

export const NamespaceNode = memo(NamespaceNodeView);
