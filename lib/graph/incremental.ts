// Keeps the graph up to date change by change: recomputes only the units (a Service's card
// and direct edges, or one EndpointSlice with its backends, see build.ts) that a change can
// touch, and returns the minimal patch.
// A property test checks it always equals a rebuild from scratch. Pure.
import type { FieldUpdate, Graph, GraphEdge, GraphNode, GraphPatch } from './model';
import { buildUnit, type Unit, unitKeys } from './build';
import { nodeId, parseNodeId, serviceId, sliceId } from './ids';
import { frontRef } from './front';
import { byId, fieldUpdate } from './diff';
import { type ClusterStore, type KubeObject, objectKey, type WatchedKind } from './objects';
import { isFrontNodeKind } from './gateway-objects';
import type { StoreChange } from './store';
import { type LiveRelationIndex, type RelationIndex, relations } from './relations';
import { matchesServiceSelector } from './selectors';


interface Counted<T> {
  value: T;
  refs: number;
}

export class IncrementalGraph {
  private readonly units = new Map<string, Unit>();
  private readonly nodes = new Map<string, Counted<GraphNode>>();
  private readonly edges = new Map<string, Counted<GraphEdge>>();
  // Reverse indexes: which units drew (or looked for) a pod, an address, anything of a namespace.
  private readonly unitsByPod = new Map<string, Set<string>>();
  private readonly unitsByAddress = new Map<string, Set<string>>();
  private readonly unitsByNamespace = new Map<string, Set<string>>();
  private readonly unitsWatchingNamespace = new Map<string, Set<string>>();
  // Gateways, routes and Ingresses by what they read (front.ts frontRef): backend Services, parents, grants, classes.
  private readonly unitsByRef = new Map<string, Set<string>>();

  /** The relation indexes, as up to date as the graph (for answers computed on demand beside it). */
  get relations(): RelationIndex {
    return this.index;
  }
  private readonly index: LiveRelationIndex;

  private readonly store: ClusterStore;

  constructor(store: ClusterStore) {
    this.store = store;
    this.index = relations.index(store);
    for (const key of unitKeys(store)) this.replaceUnit(key, buildUnit(key, store, this.index));
  }

  /** The units the last apply rebuilt (for tests: a change costs what it touches). */
  lastRebuilt: string[] = [];

  /** One node of the current graph. */
  node(id: string): GraphNode | undefined {
    return this.nodes.get(id)?.value;
  }

  graph(): Graph {
    return {
      nodes: [...this.nodes.values()].map((entry) => entry.value).sort(byId),
      edges: [...this.edges.values()].map((entry) => entry.value).sort(byId),
    };
  }

  /**
   * Call after the store has taken the changes; returns what changed in the graph. `rescoped`:
   * kinds whose scope (the namespaces they are read in) changed: every front unit reads it.
   */
  apply(changes: StoreChange[], rescoped: readonly WatchedKind[] = []): GraphPatch {
    const affected = new Set<string>();
    if (rescoped.length > 0) for (const key of this.units.keys()) if (isFrontNodeKind(parseNodeId(key).kind)) affected.add(key);
    // The store has taken the changes already; the indexes follow it, then tell who is affected.
    for (const change of changes) this.index.update(change.before, change.after);
    for (const change of changes) for (const key of this.affectedUnits(change)) affected.add(key);
    // A Service's card sums up its slices (counts, diagnostics, routing): it follows them.
    for (const key of [...affected]) {
      const { kind, namespace, name } = parseNodeId(key);
      if (kind !== 'EndpointSlice') continue;
      const slice = this.store.endpointslices.get(objectKey({ namespace, name }));
      const service = slice && this.index.serviceOfSlice(slice);
      if (service) affected.add(serviceId(service.namespace, service.name));
    }
    // Routes and Ingresses count their backend Services' ready endpoints: they follow those cards.
    for (const key of [...affected]) {
      const { kind, namespace, name } = parseNodeId(key);
      if (kind === 'Service') for (const front of this.unitsByRef.get(frontRef.service(namespace, name)) ?? []) affected.add(front);
    }
    this.lastRebuilt = [...affected];
    const before = new Map<string, GraphNode | undefined>();
    const edgesBefore = new Map<string, GraphEdge | undefined>();
    const index = this.index;
    for (const key of affected) {
      const old = this.units.get(key);
      const next = buildUnit(key, this.store, index);
      for (const node of [...(old?.nodes ?? []), ...(next?.nodes ?? [])]) if (!before.has(node.id)) before.set(node.id, this.nodes.get(node.id)?.value);
      for (const edge of [...(old?.edges ?? []), ...(next?.edges ?? [])]) if (!edgesBefore.has(edge.id)) edgesBefore.set(edge.id, this.edges.get(edge.id)?.value);
      this.replaceUnit(key, next);
    }
    const patch: GraphPatch = { upsertNodes: [], removeNodes: [], upsertEdges: [], removeEdges: [] };
    const updateNodes: FieldUpdate[] = [];
    const updateEdges: FieldUpdate[] = [];
    for (const [id, old] of before) {
      const now = this.nodes.get(id)?.value;
      if (!now) patch.removeNodes.push(id);
      else if (!old) patch.upsertNodes.push(now);
      else pushIfChanged(updateNodes, fieldUpdate(old, now));
    }
    for (const [id, old] of edgesBefore) {
      const now = this.edges.get(id)?.value;
      if (!now) patch.removeEdges.push(id);
      else if (!old) patch.upsertEdges.push(now);
      else pushIfChanged(updateEdges, fieldUpdate(old, now));
    }
    if (updateNodes.length > 0) patch.updateNodes = updateNodes;
    if (updateEdges.length > 0) patch.updateEdges = updateEdges;
    return patch;
  }

  private affectedUnits(change: StoreChange): Set<string> {
    const keys = new Set<string>();
    const objects = [change.before, change.after].filter((object): object is KubeObject => object !== undefined);
    for (const object of objects) {
      switch (object.kind) {
        case 'Service':
          keys.add(serviceId(object.namespace, object.name));
          // Its slices map its ports on their endpoint edges (and had no Service before it came).
          for (const slice of this.index.slicesNamed(object.namespace, object.name)) keys.add(sliceId(slice.namespace, slice.name));
          break;
        case 'EndpointSlice':
          keys.add(sliceId(object.namespace, object.name));
          if (object.serviceName) keys.add(serviceId(object.namespace, object.serviceName));
          break;
        case 'Pod':
          for (const key of this.unitsByPod.get(objectKey(object)) ?? []) keys.add(key);
          for (const ip of object.podIPs) for (const key of this.unitsByAddress.get(ip) ?? []) keys.add(key);
          for (const key of this.unitsWatchingNamespace.get(object.namespace) ?? []) keys.add(key);
          for (const service of this.index.servicesInNamespace(object.namespace)) {
            if (matchesServiceSelector(service.selector, object.labels)) keys.add(serviceId(service.namespace, service.name));
          }
          break;
        case 'NetworkPolicy':
          for (const key of this.unitsByNamespace.get(object.namespace) ?? []) keys.add(key);
          break;
        case 'Node':
        case 'Namespace':
          for (const key of this.units.keys()) keys.add(key);
          break;
        case 'Ingress':
        case 'HTTPRoute':
        case 'GRPCRoute':
        case 'TLSRoute':
        case 'TCPRoute':
        case 'UDPRoute':
          keys.add(nodeId(object.kind, object.namespace, object.name));
          break;
        case 'Gateway':
          keys.add(nodeId('Gateway', object.namespace, object.name));
          for (const key of this.unitsByRef.get(frontRef.gateway(object.namespace, object.name)) ?? []) keys.add(key);
          break;
        case 'ReferenceGrant':
          for (const key of this.unitsByRef.get(frontRef.grants(object.namespace)) ?? []) keys.add(key);
          break;
        case 'GatewayClass':
          for (const key of this.unitsByRef.get(frontRef.gatewayClasses) ?? []) keys.add(key);
          break;
        case 'IngressClass':
          for (const key of this.unitsByRef.get(frontRef.ingressClasses) ?? []) keys.add(key);
          break;
      }
    }
    return keys;
  }

  private replaceUnit(key: string, next: Unit | null): void {
    const old = this.units.get(key);
    if (old) {
      for (const node of old.nodes) release(this.nodes, node.id);
      for (const edge of old.edges) release(this.edges, edge.id);
      unindex(this.unitsByPod, old.pods, key);
      unindex(this.unitsByAddress, old.addresses, key);
      unindex(this.unitsByNamespace, old.namespaces, key);
      unindex(this.unitsWatchingNamespace, old.namespacesWatched, key);
      unindex(this.unitsByRef, old.refs ?? [], key);
      this.units.delete(key);
    }
    if (!next) return;
    this.units.set(key, next);
    for (const node of next.nodes) retain(this.nodes, node.id, node);
    for (const edge of next.edges) retain(this.edges, edge.id, edge);
    addIndex(this.unitsByPod, next.pods, key);
    addIndex(this.unitsByAddress, next.addresses, key);
    addIndex(this.unitsByNamespace, next.namespaces, key);
    addIndex(this.unitsWatchingNamespace, next.namespacesWatched, key);
    addIndex(this.unitsByRef, next.refs ?? [], key);
  }
}

function retain<T>(map: Map<string, Counted<T>>, id: string, value: T): void {
  const entry = map.get(id);
  if (entry) {
    entry.refs++;
    entry.value = value; // units agree on a shared node; the newest copy is as good as any
  } else {
    map.set(id, { value, refs: 1 });
  }
}

function release<T>(map: Map<string, Counted<T>>, id: string): void {
  const entry = map.get(id);
  if (!entry) return;
  if (--entry.refs === 0) map.delete(id);
}

function addIndex(index: Map<string, Set<string>>, values: string[], key: string): void {
  for (const value of values) {
    const keys = index.get(value);
    if (keys) keys.add(key);
    else index.set(value, new Set([key]));
  }
}

function unindex(index: Map<string, Set<string>>, values: string[], key: string): void {
  for (const value of values) {
    const keys = index.get(value);
    keys?.delete(key);
    if (keys?.size === 0) index.delete(value);
  }
}

function pushIfChanged(updates: FieldUpdate[], update: FieldUpdate | null): void {
  if (update) updates.push(update);
}
