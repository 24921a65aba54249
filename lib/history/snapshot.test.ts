import { gunzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import type { WritableStore } from '@/lib/graph/store';
import { loadFixture } from '@/test/fixtures/load';
import { decodeStore, encodeStore } from './snapshot';

test('a store written in many pieces reads back as it was, scopes included', async () => {
  const store = loadFixture('frontend.yaml') as WritableStore;
  const first = store.pods.values().next().value;
  if (!first) throw new Error('the fixture has pods');
  // Some 2,000 pods: the JSON is well over one piece (64 K characters).
  for (let i = 0; i < 2_000; i++) store.pods.set(`shop/copy-${i}`, { ...first, name: `copy-${i}`, uid: `uid-${i}` });
  store.scope.set('pods', new Set(['shop', 'edge']));
  const data = await encodeStore(store);
  expect(JSON.parse(gunzipSync(data).toString('utf8')).objects.pods).toHaveLength(store.pods.size);
  const decoded = await decodeStore(data);
  expect(decoded).toEqual(store);
});

test('an empty store round-trips too', async () => {
  const store = loadFixture('frontend.yaml') as WritableStore;
  for (const map of Object.values(store)) map.clear();
  expect(await decodeStore(await encodeStore(store))).toEqual(store);
});
