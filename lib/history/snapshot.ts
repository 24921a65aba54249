// A compact copy of a whole store: its objects by kind (and each kind's read scope) as gzip'd
// JSON. Encoding takes the store as it is now (its objects are immutable: holding them is
// holding that moment), then writes their JSON to the compressor piece by piece off the main
// thread (zlib's thread pool) — never the whole store's JSON at once, which at 10,000 pods is a
// string and a buffer of some 30 MB each, and after it malloc kept tens of MB it never returned.
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { createGzip, deflateRawSync, gunzip, inflateRawSync } from 'node:zlib';
import { type KubeObject, objectKey, type WatchedKind, watchedKinds } from '@/lib/graph/objects';
import { emptyStore, type WritableStore } from '@/lib/graph/store';
import type { ClusterStore } from '@/lib/graph/objects';

/**
 * One changed object, as the journal keeps it: its JSON, deflated (an EndpointSlice's repeats
 * itself). On this thread, at once: a few kB take some 0.1 ms, and zlib's 256 KB of state is
 * taken and given back before anything else is allocated — dozens of these a second in the
 * thread pool left malloc's arenas holed and growing.
 */
export function packObject(object: KubeObject): Uint8Array {
  return new Uint8Array(deflateRawSync(JSON.stringify(object), { level: 6 }));
}

export function unpackObject(data: Uint8Array): KubeObject {
  return JSON.parse(inflateRawSync(data).toString('utf8')) as KubeObject;
}
const unzip = promisify(gunzip);

interface Encoded {
  objects: Partial<Record<WatchedKind, KubeObject[]>>;
  scope: Partial<Record<WatchedKind, string[]>>;
}

/** The snapshot's JSON (an `Encoded`) in pieces of about `CHUNK` characters, cut between objects. */
const CHUNK = 64 * 1024;
function* encodedJson({ objects, scope }: Encoded): Generator<string> {
  let text = '{"objects":{';
  for (const [k, [kind, list]] of Object.entries(objects).entries()) {
    text += `${k ? ',' : ''}${JSON.stringify(kind)}:[`;
    for (const [index, object] of list.entries()) {
      text += (index ? ',' : '') + JSON.stringify(object);
      if (text.length >= CHUNK) {
        yield text;
        text = '';
      }
    }
    text += ']';
  }
  yield `${text}},"scope":${JSON.stringify(scope)}}`;
}

export async function encodeStore(store: ClusterStore): Promise<Uint8Array> {
  const encoded: Encoded = { objects: {}, scope: {} };
  for (const kind of watchedKinds) {
    const objects = [...(store[kind] as ReadonlyMap<string, KubeObject>).values()];
    if (objects.length > 0) encoded.objects[kind] = objects;
    const scope = store.scope?.get(kind);
    if (scope) encoded.scope[kind] = [...scope];
  }
  return new Uint8Array(await buffer(Readable.from(encodedJson(encoded)).pipe(createGzip({ level: 6 }))));
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
