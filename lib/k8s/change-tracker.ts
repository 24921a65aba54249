// What the store of a context goes through once its watches have synced: the change timeline
// (the endpoint events each patch makes, lib/graph/timeline) and the hub's observer (the
// history's recorder). The first lists are the cluster as it is, not changes, so both begin at
// the first sync; the observer hears of changes only while every kind is synced, not while one
// reconnects (nobody knows what happens then).
import { isEmptyPatch } from '@/lib/graph/diff';
import type { GraphNode, GraphPatch, TimelineEvent } from '@/lib/graph/model';
import type { StoreChange } from '@/lib/graph/store';
import { Timeline, timelineEvents } from '@/lib/graph/timeline';

/** Told of what the store goes through (the history's recorder). */
export interface HubObserver {
  /** The watches synced (again): the store is the cluster as it is (lists are not changes). */
  synced(): void;
  /** Changes applied since the last call (while synced), with the endpoint events they made; `rescoped`: a kind's read scope changed too. */
  changed(changes: readonly StoreChange[], events: readonly TimelineEvent[], rescoped: boolean): void;
  /** The watches stopped, or lost the cluster (a kind reconnecting): what happens now is not known. */
  stopped(): void;
}

export class ChangeTracker {
  private readonly timeline = new Timeline();
  private recording = false;
  private observing = false;
  private readonly observer: HubObserver | undefined;

  constructor(observer: HubObserver | undefined) {
    this.observer = observer;
  }

  /** Every watched kind has synced (again). */
  synced(): void {
    this.recording = true;
    if (this.observing) return;
    this.observing = true;
    this.observer?.synced();
  }

  /** A kind lost the cluster, or the watches stop. */
  unsynced(): void {
    if (!this.observing) return;
    this.observing = false;
    this.observer?.stopped();
  }

  /** Changes were applied to the graph and made `patch`; `node` looks up the graph after it. */
  applied(changes: readonly StoreChange[], patch: GraphPatch, rescoped: boolean, node: (id: string) => GraphNode | undefined): void {
    const events = this.recording && !isEmptyPatch(patch) ? timelineEvents(patch, node, new Date().toISOString()) : [];
    if (this.observing && (changes.length > 0 || rescoped)) this.observer?.changed(changes, events, rescoped);
    this.timeline.add(events);
  }

  /** Recent changes to endpoints, newest first: of one Service (its node id) or of all. */
  recent(service?: string): TimelineEvent[] {
    return this.timeline.recent(service);
  }

  /** The watches stopped: the timeline begins again at their next first sync. */
  clear(): void {
    this.timeline.clear();
    this.recording = false;
  }
}
