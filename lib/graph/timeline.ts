// The change timeline: what happened to each Service's endpoints — a pod joined, became
// ready or not ready, started terminating, left — read off the graph patches as they
// are made, so a rollout can be read after the fact. Pure.
import { isKind, parseEdgeId, serviceId } from './ids';
import type { EndpointConditions, GraphNode, GraphPatch, TimelineEvent } from './model';

/** The endpoint events in one patch; `node` looks up the graph after the patch (for a slice's Service). */
export function timelineEvents(patch: GraphPatch, node: (id: string) => GraphNode | undefined, at: string): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const add = (edgeId: string, change: TimelineEvent['change'], conditions?: EndpointConditions) => {
    const { source: sliceId, target } = parseEdgeId(edgeId);
    if (!isKind(sliceId, 'EndpointSlice') || !target) return;
    const slice = node(sliceId);
    const service = slice?.kind === 'EndpointSlice' && slice.service ? serviceId(slice.namespace, slice.service) : undefined;
    const backend = node(target);
    events.push({
      at,
      service,
      slice: sliceId,
      target,
      address: backend?.kind === 'Pod' ? backend.ip : backend?.kind === 'Address' ? backend.address : undefined,
      change,
      ...(conditions ? { conditions } : {}),
    });
  };
  for (const edge of patch.upsertEdges) {
    if (edge.relation === 'endpoint') add(edge.id, 'joined', edge.conditions);
  }
  for (const update of patch.updateEdges ?? []) {
    const conditions = update.set.conditions as EndpointConditions | undefined;
    if (!conditions) continue;
    add(update.id, conditions.terminating ? 'terminating' : conditions.ready ? 'ready' : 'not-ready', conditions);
  }
  for (const id of patch.removeEdges) add(id, 'left');
  return events;
}

/** Keeps the latest events, overall and per Service, within fixed bounds. */
export class Timeline {
  private readonly all: TimelineEvent[] = [];
  private readonly byService = new Map<string, TimelineEvent[]>();

  private readonly perService: number;
  private readonly overall: number;

  constructor(perService = 50, overall = 500) {
    this.perService = perService;
    this.overall = overall;
  }

  add(events: TimelineEvent[]): void {
    for (const event of events) {
      push(this.all, event, this.overall);
      if (!event.service) continue;
      const list = this.byService.get(event.service) ?? [];
      push(list, event, this.perService);
      this.byService.set(event.service, list);
    }
  }

  /** Newest first. */
  recent(service?: string): TimelineEvent[] {
    return [...((service ? this.byService.get(service) : this.all) ?? [])].reverse();
  }

  clear(): void {
    this.all.length = 0;
    this.byService.clear();
  }
}

function push(list: TimelineEvent[], event: TimelineEvent, limit: number): void {
  list.push(event);
  if (list.length > limit) list.splice(0, list.length - limit);
}
