'use client';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { RouteNode as RouteData } from '@/lib/stream/protocol';
import { count } from '@/lib/view/namespaces';
import { FrontCard } from './FrontCard';

export type RouteFlowNode = Node<RouteData, RouteData['kind']>;

/** A Gateway API route: its hostnames, the Gateways it asks for, and its rules most specific first, each to its backends' shares. */
function RouteNodeView({ data }: NodeProps<RouteFlowNode>) {
  return (
    <FrontCard
      kind={data.kind}
      name={data.name}
      diagnostics={data.diagnostics}
      healthy="border-green-600"
      summary={count(data.rules.length, 'rule', 'rules')}
      facts={`${data.hostnames.join(', ') || 'any host'} · via ${data.parents.map((parent) => `${parent.text}${parent.attached ? '' : ' ✖'}`).join(', ') || 'no Gateway'}`}
      target
    >
      <ol aria-label="rules">
        {data.rules.map((rule) => (
          <li key={rule.number} className="truncate">
            {rule.number}. {rule.matches.join(' | ')} →{' '}
            {rule.backends.map((backend) => `${backend.service.split('/').at(-1)}${rule.backends.length > 1 ? ` ${backend.percent} %` : ''}`).join(', ') || 'no backend'}
          </li>
        ))}
      </ol>
    </FrontCard>
  );
}

export const RouteNode = memo(RouteNodeView);
