'use client';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { IngressNode as IngressData } from '@/lib/stream/protocol';
import { count } from '@/lib/view/namespaces';
import { FrontCard } from './FrontCard';

export type IngressFlowNode = Node<IngressData, 'Ingress'>;

/** An Ingress: its class, where it answers, and each host/path rule to its Service port. */
function IngressNodeView({ data }: NodeProps<IngressFlowNode>) {
  return (
    <FrontCard
      kind="Ingress"
      name={data.name}
      diagnostics={data.diagnostics}
      healthy="border-green-600"
      summary={count(data.rules.length, 'path', 'paths')}
      facts={`${data.namespace} · ${data.ingressClassName ?? 'default class'} · ${data.addresses.join(', ') || 'no address'}`}
    >
      <ul aria-label="rules">
        {data.rules.map((rule, index) => (
          <li key={index} className="truncate">
            {rule.host ?? '*'}
            {rule.path === '*' ? ' (default)' : rule.path} → {rule.backend.service.split('/').at(-1)}:{rule.backend.port}
          </li>
        ))}
      </ul>
    </FrontCard>
  );
}

export const IngressNode = memo(IngressNodeView);
