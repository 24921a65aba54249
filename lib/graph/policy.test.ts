import { describe, expect, it } from 'vitest';
import type { NetworkPolicy } from './objects';
import { blockCovers, type Endpoint, evaluate, inBlock, inCidr, parseAddress, PolicyIndex } from './policy';

const pod = (namespace: string, labels: Record<string, string>, ip: string): Endpoint => ({ kind: 'pod', namespace, labels, namespaceLabels: { 'kubernetes.io/metadata.name': namespace }, ip });
const policy = (spec: Partial<NetworkPolicy> & { name: string; namespace: string }): NetworkPolicy => ({
  kind: 'NetworkPolicy',
  uid: spec.name,
  resourceVersion: '1',
  labels: {},
  podSelector: { matchLabels: {}, matchExpressions: [] },
  policyTypes: ['Ingress'],
  ingressRules: spec.ingress?.length ?? 0,
  ingress: [],
  egress: [],
  ...spec,
});

describe('evaluate', () => {
  const web = pod('shop', { app: 'web' }, '10.0.0.1');
  const db = pod('shop', { app: 'db' }, '10.0.0.2');
  const postgres = { protocol: 'TCP', port: 5432, name: 'postgres' };

  it('allows when nothing isolates; default-deny isolates with no rule; a named-port rule admits', () => {
    expect(evaluate(new PolicyIndex([]), web, db, postgres)).toMatchObject({ allowed: true, ingress: { isolatedBy: [] } });
    const deny = policy({ name: 'default-deny', namespace: 'shop' });
    expect(evaluate(new PolicyIndex([deny]), web, db, postgres)).toMatchObject({ allowed: false, ingress: { isolatedBy: ['shop/default-deny'], allowedBy: [] } });
    const allow = policy({ name: 'db-from-web', namespace: 'shop', podSelector: { matchLabels: { app: 'db' }, matchExpressions: [] }, ingress: [{ peers: [{ podSelector: { matchLabels: { app: 'web' }, matchExpressions: [] } }], ports: [{ protocol: 'TCP', port: 'postgres' }] }] });
    expect(evaluate(new PolicyIndex([deny, allow]), web, db, postgres)).toMatchObject({ allowed: true, ingress: { isolatedBy: ['shop/db-from-web', 'shop/default-deny'], allowedBy: [{ policy: 'shop/db-from-web', rule: 0 }] } });
    // The same rule does not admit another port, nor the pod of another namespace (no namespaceSelector: own namespace only).
    expect(evaluate(new PolicyIndex([deny, allow]), web, db, { protocol: 'TCP', port: 5433 }).allowed).toBe(false);
    expect(evaluate(new PolicyIndex([deny, allow]), pod('ops', { app: 'web' }, '10.0.1.1'), db, postgres).allowed).toBe(false);
  });

  it('needs egress from the source too; an address is never isolated', () => {
    const egressDeny = policy({ name: 'no-egress', namespace: 'shop', policyTypes: ['Egress'], podSelector: { matchLabels: { app: 'web' }, matchExpressions: [] } });
    expect(evaluate(new PolicyIndex([egressDeny]), web, db, postgres)).toMatchObject({ allowed: false, egress: { isolatedBy: ['shop/no-egress'] }, ingress: { allowed: true } });
    expect(evaluate(new PolicyIndex([egressDeny]), { kind: 'address', ip: '192.0.2.1' }, db, postgres).allowed).toBe(true);
  });
});

describe('addresses', () => {
  it('parses IPv4 and IPv6 and tests CIDRs and ipBlocks', () => {
    expect(parseAddress('10.0.0.256')).toBeNull();
    expect(parseAddress('fd00::1')).toEqual({ value: (0xfd00n << 112n) | 1n, bits: 128 });
    expect(parseAddress('::ffff:192.0.2.1')?.value).toBe((0xffffn << 32n) | 0xc0000201n);
    expect(inCidr('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(inCidr('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(inCidr('fd00::5', 'fd00::/64')).toBe(true);
    expect(inCidr('10.1.2.3', 'fd00::/8')).toBe(false);
    expect(inBlock('10.0.1.5', { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] })).toBe(false);
    expect(inBlock('10.0.2.5', { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] })).toBe(true);
  });

  it('says whether an ipBlock admits all, some or none of a range', () => {
    const block = { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] };
    expect(blockCovers(block, '10.0.2.0/24')).toBe('all');
    expect(blockCovers(block, '10.0.1.0/25')).toBe('none');
    expect(blockCovers(block, '10.0.0.0/23')).toBe('some');
    expect(blockCovers(block, '10.0.0.0/8')).toBe('some');
    expect(blockCovers(block, '192.168.0.0/24')).toBe('none');
  });
});
