// A compact copy of a whole store: its objects by kind (and each kind's read scope) as gzip'd
// JSON. Encoding stringifies at once (the store as it is now), then compresses off the
// main thread (zlib's thread pool).
import { promisify } from 'node:util';
import { deflateRaw, gunzip, gzip, inflateRawSync } from 'node:zlib';
import { type KubeObject, objectKey, type WatchedKind, watchedKinds } from '@/lib/graph/objects';
import { emptyStore, type WritableStore } from '@/lib/graph/store';
import type { ClusterStore } from '@/lib/graph/objects';

const zip = promisify(gzip);
const deflate = promisify(deflateRaw);

/** One changed object, as the journal keeps it: its JSON, deflated (an EndpointSlice's repeats itself). */
export async function packObject(object: KubeObject): Promise<Uint8Array> {
  return new Uint8Array(await deflate(JSON.stringify(object), { level: 6 }));
}

export function unpackObject(data: Uint8Array): KubeObject {
  return JSON.parse(inflateRawSync(data).toString('utf8')) as KubeObject;
}
const unzip = promisify(gunzip);

interface Encoded {
  objects: Partial<Record<WatchedKind, KubeObject[]>>;
  scope: Partial<Record<WatchedKind, string[]>>;
}

export async function encodeStore(store: ClusterStore): Promise<Uint8Array> {
  const encoded: Encoded = { objects: {}, scope: {} };
  for (const kind of watchedKinds) {
    const objects = [...(store[kind] as ReadonlyMap<string, KubeObject>).values()];
    if (objects.length > 0) encoded.objects[kind] = objects;
    const scope = store.scope?.get(kind);
    if (scope) encoded.scope[kind] = [...scope];
  }
  return new Uint8Array(await zip(JSON.stringify(encoded), { level: 6 }));
}

export async function decodeStore(data: Uint8Array): Promise<WritableStore> {
  const encoded = JSON.parse((await unzip(data)).toString('utf8')) as Encoded;
  const store = emptyStore();
  for (const kind of watchedKinds) {
    const objects = store[kind] as Map<string, KubeObject>;
    for (const object of encoded.objects[kind] ?? []) objects.set(objectKey(object), object);
    const scope = encoded.scope[kind];
    if (scope) store.scope.set(kind, new Set(scope));
  }
  return store;
}
