// Who held an IP, as spans opened and closed by the store's changes: a Pod holds its podIPs,
// an EndpointSlice lists addresses as endpoints of its Service. Pure.
import type { ClusterStore, EndpointSlice, KubeObject, Pod } from '@/lib/graph/objects';
import type { StoreChange } from '@/lib/graph/store';
import type { IpSpan, SpanOps } from './store';

type Owner = Pick<IpSpan, 'ip' | 'ownerKind' | 'namespace' | 'name' | 'service'>;

/** The addresses an object holds (none for other kinds). */
function held(object: KubeObject | undefined): Owner[] {
  if (object?.kind === 'Pod') return podAddresses(object);
  if (object?.kind === 'EndpointSlice') return sliceAddresses(object);
  return [];
}

function podAddresses(pod: Pod): Owner[] {
  return [...new Set(pod.podIPs)].map((ip) => ({ ip, ownerKind: 'Pod', namespace: pod.namespace, name: pod.name }));
}

function sliceAddresses(slice: EndpointSlice): Owner[] {
  const addresses = new Set(slice.endpoints.flatMap((endpoint) => endpoint.addresses));
  return [...addresses].map((ip) => ({ ip, ownerKind: 'EndpointSlice', namespace: slice.namespace, name: slice.name, ...(slice.serviceName ? { service: slice.serviceName } : {}) }));
}

// A span is one owner holding one IP for one Service: a slice moved to another Service closes and reopens.
const spanKey = (owner: Owner) => `${owner.ip} ${owner.service ?? ''}`;

/**
 * The spans a batch of changes opens and closes, each change at its time. A span opened and
 * closed within the batch is written closed (stores close before they open).
 */
export function spanOps(batch: readonly { at: number; changes: readonly StoreChange[] }[]): SpanOps {
  const ops: SpanOps = { open: [], close: [] };
  const opened = new Map<string, SpanOps['open'][number]>();
  const ownerKey = (owner: Owner) => `${owner.ownerKind} ${owner.namespace}/${owner.name} ${owner.ip}`;
  for (const { at, changes } of batch) {
    for (const change of changes) {
      if (change.kind !== 'pods' && change.kind !== 'endpointslices') continue;
      const before = new Map(held(change.before).map((owner) => [spanKey(owner), owner]));
      const after = new Map(held(change.after).map((owner) => [spanKey(owner), owner]));
      for (const [key, owner] of before) {
        if (after.has(key)) continue;
        const open = opened.get(ownerKey(owner));
        if (open && open.ended === undefined) open.ended = at;
        else ops.close.push({ ip: owner.ip, ownerKind: owner.ownerKind, namespace: owner.namespace, name: owner.name, ended: at });
      }
      for (const [key, owner] of after) {
        if (before.has(key)) continue;
        const open = { ...owner, started: at, startUnknown: false };
        opened.set(ownerKey(owner), open);
        ops.open.push(open);
      }
    }
  }
  return ops;
}

/** The spans open when a session starts: everything held then, since a time svcmap does not know. */
export function initialSpans(store: ClusterStore, at: number): SpanOps['open'] {
  return [...store.pods.values(), ...store.endpointslices.values()].flatMap((object) => held(object).map((owner) => ({ ...owner, started: at, startUnknown: true })));
}
