// A URL's whole path (resolve.ts) over the fixture of test/fixtures/gateway.yaml: listener and
// rule by the Gateway API's precedence, then the Services' shares, slices and pods as drawn.
import { describe, expect, it } from 'vitest';
import { loadFixture } from '@/test/fixtures/load';
import { buildGraph } from './build';
import type { Route } from './gateway-objects';
import { parseUrlQuery } from './url-query';
import { objectKey, watchedKinds } from './objects';
import { resolvePaths } from './resolve';
import { applyWatchEvent, emptyStore } from './store';

function store() {
  const loaded = loadFixture('gateway.yaml');
  const writable = emptyStore();
  for (const kind of watchedKinds) for (const object of loaded[kind].values()) applyWatchEvent(writable, kind, { type: 'ADDED', object });
  return writable;
}

const resolve = (text: string, objects = store()) => resolvePaths(parseUrlQuery(text)!, objects, buildGraph(objects));

describe('resolvePaths', () => {
  it('follows a URL from the Gateway listener through the route rule to each Service share, its slices and pods', () => {
    const paths = resolve('http://shop.example.com/checkout/cart');
    const best = paths.find((path) => path.best)!;
    expect([best.via, best.entry, best.listener, best.route, best.rule, best.match]).toEqual(['Gateway', 'Gateway/infra/main', 'http', 'HTTPRoute/shop/checkout', 1, 'PathPrefix /checkout']);
    expect(best.backends.map((backend) => [backend.service, backend.percent, backend.ready, backend.total])).toEqual([
      ['Service/shop/checkout', 80, 2, 2],
      ['Service/shop/checkout-canary', 20, 0, 1],
    ]);
    const checkout = best.backends[0]!;
    expect(checkout.slices.flatMap((slice) => slice.endpoints.map((endpoint) => [endpoint.target, endpoint.ready]))).toEqual([
      ['Pod/shop/checkout-5c7d9b-abcde', true],
      ['Pod/shop/checkout-5c7d9b-fghij', true],
    ]);
    expect(best.nodes).toEqual(expect.arrayContaining(['Gateway/infra/main', 'HTTPRoute/shop/checkout', 'Service/shop/checkout', 'Pod/shop/checkout-5c7d9b-abcde']));
    // The Ingress for the same host serves it too, after the Gateway on an equal hostname: its longest path first.
    expect(paths.filter((path) => path.via === 'Ingress').map((path) => [path.entry, path.match, path.best])).toEqual([
      ['Ingress/shop/storefront', 'Prefix shop.example.com/checkout', false],
      ['Ingress/shop/storefront', 'Prefix shop.example.com/', false],
    ]);
  });

  it('finds the rule by its number as written, though the route lists its rules most specific first', () => {
    const objects = store();
    const checkout = objects.httproutes.get(objectKey({ namespace: 'shop', name: 'checkout' }))!;
    // Rule 1 a prefix to web, rule 2 a more specific Exact match to checkout: the node lists rule 2 first.
    const twoRules: Route = {
      ...checkout,
      resourceVersion: '999',
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/checkout' }, headers: [], queryParams: [] }], filters: [], backendRefs: [{ group: '', kind: 'Service', namespace: 'shop', name: 'web', port: 80, weight: 1 }] },
        { matches: [{ path: { type: 'Exact', value: '/checkout/pay' }, headers: [], queryParams: [] }], filters: [], backendRefs: [{ group: '', kind: 'Service', namespace: 'shop', name: 'checkout', port: 80, weight: 1 }] },
      ],
    };
    applyWatchEvent(objects, 'httproutes', { type: 'MODIFIED', object: twoRules });
    const best = resolve('http://shop.example.com/checkout/list', objects).find((path) => path.best)!;
    expect([best.rule, best.match, best.backends.map((backend) => backend.service)]).toEqual([1, 'PathPrefix /checkout', ['Service/shop/web']]);
    const exact = resolve('http://shop.example.com/checkout/pay', objects).find((path) => path.best)!;
    expect([exact.rule, exact.match, exact.backends.map((backend) => backend.service)]).toEqual([2, 'Exact /checkout/pay', ['Service/shop/checkout']]);
  });

  it('says a backend that does not exist is missing, with no slices, and finds nothing for a host no listener takes', () => {
    const broken = resolve('http://shop.example.com/v3').find((path) => path.route === 'HTTPRoute/shop/broken');
    expect(broken?.backends).toEqual([expect.objectContaining({ service: 'shop/checkout-v3', exists: false, slices: [] })]);
    expect(resolve('nowhere.example.org/')).toEqual([]);
  });

  it('draws no path through a backend of weight 0: it gets none of the request', () => {
    const objects = store();
    const checkout = objects.httproutes.get(objectKey({ namespace: 'shop', name: 'checkout' }))!;
    const [stable, canary] = checkout.rules[0]!.backendRefs;
    const drain = (weights: [number, number]): Route => ({ ...checkout, resourceVersion: String(1000 + weights[0]), rules: [{ ...checkout.rules[0]!, backendRefs: [{ ...stable!, weight: weights[0] }, { ...canary!, weight: weights[1] }] }] });
    applyWatchEvent(objects, 'httproutes', { type: 'MODIFIED', object: drain([1, 0]) });
    const canaryOff = resolve('http://shop.example.com/checkout/cart', objects).find((path) => path.best)!;
    expect(canaryOff.backends.map((backend) => [backend.service, backend.percent])).toEqual([['Service/shop/checkout', 100], ['Service/shop/checkout-canary', 0]]);
    expect(canaryOff.nodes).toContain('Service/shop/checkout');
    expect(canaryOff.nodes).not.toContain('Service/shop/checkout-canary');
    applyWatchEvent(objects, 'httproutes', { type: 'MODIFIED', object: drain([0, 0]) });
    const drained = resolve('http://shop.example.com/checkout/cart', objects).find((path) => path.best)!;
    expect(drained.nodes).toEqual(['Gateway/infra/main', 'HTTPRoute/shop/checkout']);
  });
});
