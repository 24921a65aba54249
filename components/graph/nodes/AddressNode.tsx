'use client';
import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import type { AddressNode as AddressData } from '@/lib/stream/protocol';

export type AddressFlowNode = Node<AddressData, 'Address'>;

/** An endpoint address that is no Pod svcmap knows: hand-written Endpoints, an external IP. */
function AddressNodeView({ data }: NodeProps<AddressFlowNode>) {
  return (
    <div className="w-64 rounded-md border-2 border-dotted border-violet-500 bg-white px-3 py-2 text-xs dark:bg-slate-900" data-kind="Address" aria-label={`${data.source === 'externalName' ? 'DNS name' : 'Address'} ${data.address}`}>
      <Handle type="target" position={Position.Left} />
      <div className="font-medium">{data.address}</div>
      <div className="text-slate-500">{data.source === 'externalName' ? 'DNS name (ExternalName: a CNAME, no endpoints)' : 'not a Pod in this cluster'}</div>
    </div>
  );
}

export const AddressNode = memo(AddressNodeView);
