// ReadScope works out which namespaces each watched kind is read in, from its reflectors'
// sources: all of them, unless a source watches one namespace (SVCMAP_NAMESPACE, or its fallback
// when listing across the cluster is forbidden) or is forbidden altogether. The hub writes the
// answer into the store, so the graph can say "not visible" rather than "does not exist".
import type { WatchedKind } from '@/lib/graph/objects';
import type { ListerWatcher } from './list-watch';
import type { ReflectorState } from './reflector';

export class ReadScope<R> {
  private readonly sources = new Map<R, { kind: WatchedKind; source: ListerWatcher }>();
  private readonly forbidden = new Set<R>();

  add(reflector: R, kind: WatchedKind, source: ListerWatcher): void {
    this.sources.set(reflector, { kind, source });
  }

  remove(reflector: R): void {
    this.sources.delete(reflector);
    this.forbidden.delete(reflector);
  }

  clear(): void {
    this.sources.clear();
    this.forbidden.clear();
  }

  /** A reflector reached `state`: the namespaces its kind is read in now (undefined: every one). */
  after(reflector: R, state: ReflectorState): { kind: WatchedKind; namespaces: Set<string> | undefined } | undefined {
    const entry = this.sources.get(reflector);
    if (!entry) return undefined;
    if (state === 'forbidden') this.forbidden.add(reflector);
    else if (state === 'synced') this.forbidden.delete(reflector);
    const namespaces = new Set<string>();
    for (const [other, { kind, source }] of this.sources) {
      if (kind !== entry.kind || this.forbidden.has(other)) continue;
      if (source.namespace === undefined) return { kind: entry.kind, namespaces: undefined };
      namespaces.add(source.namespace);
    }
    return { kind: entry.kind, namespaces };
  }
}
