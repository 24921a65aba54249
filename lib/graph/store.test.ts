import { describe, expect, it } from 'vitest';
import type { KubeObject, Namespace } from './objects';
import { applyWatchEvent, emptyStore, isCurrent } from './store';

const ns = (name: string, resourceVersion = '1', namespace = ''): KubeObject =>
  ({ kind: 'Namespace', uid: `uid-${namespace}${name}`, namespace, name, resourceVersion, labels: {} }) satisfies Namespace;

const names = (changes: ReturnType<typeof applyWatchEvent>) => changes.map((change) => `${change.before?.resourceVersion ?? '-'}→${change.after?.resourceVersion ?? '-'} ${(change.after ?? change.before)!.name}`);

describe('applyWatchEvent', () => {
  it('adds, modifies and deletes, answering each change with the object before and after', () => {
    const store = emptyStore();
    expect(names(applyWatchEvent(store, 'namespaces', { type: 'ADDED', object: ns('a') }))).toEqual(['-→1 a']);
    expect(names(applyWatchEvent(store, 'namespaces', { type: 'MODIFIED', object: ns('a', '2') }))).toEqual(['1→2 a']);
    expect(names(applyWatchEvent(store, 'namespaces', { type: 'DELETED', object: ns('a', '3') }))).toEqual(['2→- a']);
    expect(store.namespaces.size).toBe(0);
  });

  it('finds no change in an object seen again unchanged, nor in deleting one it never held', () => {
    const store = emptyStore();
    applyWatchEvent(store, 'namespaces', { type: 'ADDED', object: ns('a') });
    expect(applyWatchEvent(store, 'namespaces', { type: 'MODIFIED', object: ns('a') })).toEqual([]);
    expect(applyWatchEvent(store, 'namespaces', { type: 'DELETED', object: ns('b') })).toEqual([]);
  });

  it('replaces on a relist: new and changed objects in, what the list lacks out, the unchanged untouched', () => {
    const store = emptyStore();
    applyWatchEvent(store, 'namespaces', { type: 'REPLACE', objects: [ns('a'), ns('b'), ns('c')] });
    const changes = applyWatchEvent(store, 'namespaces', { type: 'REPLACE', objects: [ns('a'), ns('b', '2'), ns('d')] });
    expect(names(changes).sort()).toEqual(['-→1 d', '1→- c', '1→2 b']);
    expect([...store.namespaces.keys()].sort()).toEqual(['/a', '/b', '/d']);
  });

  it('keeps what a relist passed by key as unchanged (isCurrent), and finds no change in it', () => {
    const store = emptyStore();
    applyWatchEvent(store, 'namespaces', { type: 'REPLACE', objects: [ns('a'), ns('b')] });
    expect(isCurrent(store, 'namespaces', ns('a'))).toBe(true);
    expect(isCurrent(store, 'namespaces', ns('a', '2'))).toBe(false);
    const changes = applyWatchEvent(store, 'namespaces', { type: 'REPLACE', objects: [ns('c')], unchanged: ['/a'] });
    expect(names(changes).sort()).toEqual(['-→1 c', '1→- b']);
    expect([...store.namespaces.keys()].sort()).toEqual(['/a', '/c']);
  });

  it('replaces only within the namespace a list covered (a reflector per watched namespace)', () => {
    const store = emptyStore();
    applyWatchEvent(store, 'namespaces', { type: 'REPLACE', objects: [ns('x', '1', 'shop'), ns('y', '1', 'data')] });
    const changes = applyWatchEvent(store, 'namespaces', { type: 'REPLACE', objects: [], namespace: 'shop' });
    expect(names(changes)).toEqual(['1→- x']);
    expect([...store.namespaces.keys()]).toEqual(['data/y']);
  });
});
