import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { objectAsYaml } from './object-yaml';

describe('objectAsYaml', () => {
  const ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'site',
      namespace: 'front',
      managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
      annotations: { 'nginx.ingress.kubernetes.io/proxy-buffering': 'on', 'example.com/enabled': 'yes', 'example.com/since': '2026-01-01', 'example.com/port': '8080' },
    },
    // A field no client library's model knows yet: shown all the same.
    spec: { ingressClassName: 'nginx', fieldFromAFutureRelease: { enabled: true } },
  };

  it('keeps every field but managedFields, and quotes the strings YAML 1.1 (kubectl) would read as booleans, dates or numbers', () => {
    const { object, yaml } = objectAsYaml(ingress);
    expect(object.metadata).not.toHaveProperty('managedFields');
    expect(yaml).not.toContain('managedFields');
    expect(yaml).toContain('fieldFromAFutureRelease:\n    enabled: true');
    for (const value of ['on', 'yes', '2026-01-01', '8080']) expect(yaml).toMatch(new RegExp(`: ["']${value}["']$`, 'm'));
    // Read back the way kubectl reads it, every annotation is the string it was.
    expect(parse(yaml, { version: '1.1' }).metadata.annotations).toEqual(ingress.metadata.annotations);
  });
});
