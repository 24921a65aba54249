// The one store of a context: every watched object, trimmed, by kind and namespace/name.
// Reflectors write it through applyWatchEvent, as client-go's reflector writes its
// injected Store: an event per watched change, and a Replace with everything a (re)list
// returned. It answers what changed, object before and after, for the graph to follow.
// No I/O: the reducer writes the maps it is given and returns the changes.
import { type ClusterStore, type KubeObject, objectKey, type WatchedKind, watchedKinds } from './objects';

/** What a reflector writes: a watch event, or a list's objects replacing what the store held in its scope. */
export type WatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject }
  // A list of the whole kind, or of one namespace of it (a reflector watching one namespace).
  // `unchanged`: keys of listed objects the reflector found the store holding as listed
  // (isCurrent), passed by key so a relist of 10,000 unchanged pods holds no second copy.
  | { type: 'REPLACE'; objects: KubeObject[]; unchanged?: string[]; namespace?: string };

/** One change to the store: the object before and after (absent when added or deleted). */
export interface StoreChange {
  kind: WatchedKind;
  before?: KubeObject;
  after?: KubeObject;
}

/** The store, writable: only applyWatchEvent (and setScope) write it. */
export type WritableStore = { [K in WatchedKind]: ClusterStore[K] extends ReadonlyMap<string, infer T> ? Map<string, T> : never } & {
  scope: Map<WatchedKind, ReadonlySet<string>>;
};

export function emptyStore(): WritableStore {
  return { ...Object.fromEntries(watchedKinds.map((kind) => [kind, new Map()])), scope: new Map() } as unknown as WritableStore;
}

/** Sets the namespaces a kind is read in (undefined: all of them); true when that changed. */
export function setScope(store: WritableStore, kind: WatchedKind, namespaces: ReadonlySet<string> | undefined): boolean {
  const current = store.scope.get(kind);
  if (namespaces === undefined) return store.scope.delete(kind);
  if (current && current.size === namespaces.size && [...namespaces].every((namespace) => current.has(namespace))) return false;
  store.scope.set(kind, namespaces);
  return true;
}

/**
 * Writes one event of a kind into the store and returns what changed. An object seen again
 * with the same uid and resourceVersion is no change (a relist must not re-announce what it
 * finds unchanged: client-node #301); a Replace deletes what its scope held and the list lacks.
 */
export function applyWatchEvent(store: WritableStore, kind: WatchedKind, event: WatchEvent): StoreChange[] {
  // A reflector of a kind writes only objects of that kind (its trimmer made them).
  const objects = store[kind] as Map<string, KubeObject>;
  if (event.type === 'REPLACE') {
    const changes: StoreChange[] = [];
    const seen = new Set<string>(event.unchanged);
    for (const object of event.objects) {
      seen.add(objectKey(object));
      const change = upsert(objects, kind, object);
      if (change) changes.push(change);
    }
    for (const [key, before] of objects) {
      if (seen.has(key) || (event.namespace !== undefined && before.namespace !== event.namespace)) continue;
      objects.delete(key);
      changes.push({ kind, before });
    }
    return changes;
  }
  if (event.type === 'DELETED') {
    const key = objectKey(event.object);
    const before = objects.get(key);
    if (!before) return [];
    objects.delete(key);
    return [{ kind, before }];
  }
  const change = upsert(objects, kind, event.object);
  return change ? [change] : [];
}

/** True when the store holds this object as it is (same uid and resourceVersion): writing it would change nothing. */
export function isCurrent(store: ClusterStore, kind: WatchedKind, object: KubeObject): boolean {
  return sameVersion(store[kind].get(objectKey(object)), object);
}

/** The same object at the same version: same uid, same resourceVersion. */
function sameVersion(held: KubeObject | undefined, object: KubeObject): boolean {
  return held?.resourceVersion === object.resourceVersion && held.uid === object.uid;
}

function upsert(objects: Map<string, KubeObject>, kind: WatchedKind, object: KubeObject): StoreChange | null {
  const key = objectKey(object);
  const before = objects.get(key);
  if (sameVersion(before, object)) return null;
  objects.set(key, object);
  return { kind, before, after: object };
}
