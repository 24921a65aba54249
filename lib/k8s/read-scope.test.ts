// Which namespaces a kind is read in (read-scope.ts): all, those its sources watch, none when forbidden.
import { describe, expect, it } from 'vitest';
import type { ListerWatcher } from './list-watch';
import { ReadScope } from './read-scope';

// Only its namespace matters here; it is never listed or watched.
const source = (namespace?: string): ListerWatcher => ({
  namespace,
  list: async () => ({ items: [], resourceVersion: '1' }),
  watch: async () => (async function* () {})(),
});

describe('ReadScope', () => {
  it('reads a kind in every namespace while a source lists across the cluster', () => {
    const scope = new ReadScope<string>();
    scope.add('gateways', 'gateways', source());
    expect(scope.after('gateways', 'synced')).toEqual({ kind: 'gateways', namespaces: undefined });
  });

  it('reads it in the namespaces its sources watch, leaving out a forbidden one, and in none when all are forbidden', () => {
    const scope = new ReadScope<string>();
    scope.add('shop', 'services', source('shop'));
    scope.add('data', 'services', source('data'));
    expect(scope.after('shop', 'synced')).toEqual({ kind: 'services', namespaces: new Set(['shop', 'data']) });
    expect(scope.after('data', 'forbidden')).toEqual({ kind: 'services', namespaces: new Set(['shop']) });
    expect(scope.after('shop', 'forbidden')).toEqual({ kind: 'services', namespaces: new Set() });
    // Allowed again: counted again.
    expect(scope.after('data', 'synced')).toEqual({ kind: 'services', namespaces: new Set(['data']) });
  });

  it('says nothing about a reflector it does not know (stopped, or of another hub run)', () => {
    const scope = new ReadScope<string>();
    scope.add('gone', 'gateways', source('shop'));
    scope.remove('gone');
    expect(scope.after('gone', 'synced')).toBeUndefined();
  });
});
