'use client';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { AddressNode as AddressData } from '@/lib/stream/protocol';
import { CardSummary } from './CardSummary';

export type AddressFlowNode = Node<AddressData, 'Address'>;

/** An endpoint address that is no Pod svcmap knows: hand-written Endpoints, an external IP. */
function AddressNodeView({ data }: NodeProps<AddressFlowNode>) {
  return (
    <div className="card w-64 rounded-md border-2 border-dotted border-violet-500 bg-white text-xs dark:bg-slate-900" data-kind="Address" data-source={data.source}>
      <Handle type="target" position={Position.Left} />
      {/* An IP cut short keeps its end; a DNS name (ExternalName) its start. */}
      <CardSummary keepEnd={data.source !== 'externalName'} name={data.address} />
      <div className="card-full px-3 py-2">
        <div className="truncate font-medium">{data.address}</div>
        <div className="text-slate-600 dark:text-slate-300">{data.source === 'externalName' ? 'DNS name (ExternalName: a CNAME, no endpoints)' : 'not a Pod in this cluster'}</div>
      </div>
    </div>
  );
}

export const AddressNode = memo(AddressNodeView);
