// The numbered patches of one run of a context's watches, the latest ones kept so a client
// resuming with Last-Event-ID gets what it missed instead of a new snapshot.
import { patchItems } from '@/lib/graph/diff';
import type { GraphPatch } from '@/lib/graph/model';

export interface PatchLogLimits {
  /** How many recent patches are kept. */
  patches: number;
  /**
   * And how many nodes and edges they may hold in all: the patches of a first sync carry
   * the whole cluster, and keeping them would double the server's memory for nothing
   * (a client that far behind gets a snapshot anyway).
   */
  items: number;
}

export class PatchLog {
  /** Changes with every run, so sequence numbers of an old run are never mistaken for this one's. */
  epoch = '';
  /** The number of the latest patch. */
  seq = 0;
  private readonly recent: { seq: number; patch: GraphPatch; items: number }[] = [];
  private items = 0;
  private readonly limits: PatchLogLimits;

  constructor(limits: PatchLogLimits) {
    this.limits = limits;
  }

  /** Starts a new run: new epoch, numbering from 0, nothing kept. */
  restart(): void {
    this.epoch = Math.random().toString(36).slice(2, 10);
    this.seq = 0;
    this.recent.length = 0;
    this.items = 0;
  }

  /** Numbers and keeps a patch; returns its number. */
  append(patch: GraphPatch): number {
    this.seq++;
    const items = patchItems(patch);
    this.recent.push({ seq: this.seq, patch, items });
    this.items += items;
    while (this.recent.length > this.limits.patches || this.items > this.limits.items) this.items -= this.recent.shift()!.items;
    return this.seq;
  }

  /** The patches after `seq`, or null when they are no longer kept (the client must resnapshot). */
  since(seq: number): { seq: number; patch: GraphPatch }[] | null {
    if (seq === this.seq) return [];
    const first = this.recent[0];
    if (seq > this.seq || !first || seq < first.seq - 1) return null;
    return this.recent.filter((entry) => entry.seq > seq).map(({ seq: entrySeq, patch }) => ({ seq: entrySeq, patch }));
  }
}
