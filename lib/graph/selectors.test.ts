import { describe, expect, it } from 'vitest';
import { matchesLabelSelector } from './selectors';

describe('matchesLabelSelector', () => {
  // https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#set-based-requirement:
  // "environment notin (frontend) selects all resources with key equal to environment and
  // value distinct from frontend, and all resources without a label with the environment key".
  it('NotIn selects labels without the key (where cyclonus differs)', () => {
    const selector = { matchLabels: {}, matchExpressions: [{ key: 'environment', operator: 'NotIn', values: ['frontend'] }] };
    expect(matchesLabelSelector(selector, {})).toBe(true);
    expect(matchesLabelSelector(selector, { environment: 'backend' })).toBe(true);
    expect(matchesLabelSelector(selector, { environment: 'frontend' })).toBe(false);
  });

  it('ANDs matchLabels and every expression; an empty selector selects everything', () => {
    expect(matchesLabelSelector({ matchLabels: {}, matchExpressions: [] }, { any: 'x' })).toBe(true);
    const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'canary', operator: 'DoesNotExist', values: [] }] };
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'b' })).toBe(true);
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'c' })).toBe(false);
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'a', canary: '' })).toBe(false);
  });
});
