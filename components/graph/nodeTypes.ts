// The React Flow node types, defined once outside render as React Flow requires.
import type { NodeTypes } from '@xyflow/react';
import { AddressNode } from './nodes/AddressNode';
import { EndpointSliceNode } from './nodes/EndpointSliceNode';
import { GatewayNode } from './nodes/GatewayNode';
import { IngressNode } from './nodes/IngressNode';
import { NamespaceNode } from './nodes/NamespaceNode';
import { PodGroupNode } from './nodes/PodGroupNode';
import { PodNode } from './nodes/PodNode';
import { RouteNode } from './nodes/RouteNode';
import { ServiceNode } from './nodes/ServiceNode';

export const nodeTypes: NodeTypes = {
  Service: ServiceNode,
  EndpointSlice: EndpointSliceNode,
  Pod: PodNode,
  Address: AddressNode,
  PodGroup: PodGroupNode,
  Namespace: NamespaceNode,
  Gateway: GatewayNode,
  Ingress: IngressNode,
  HTTPRoute: RouteNode,
  GRPCRoute: RouteNode,
  TLSRoute: RouteNode,
  TCPRoute: RouteNode,
  UDPRoute: RouteNode,
};
