import { describe, expect, it } from 'vitest';
import { parseNamespaces, parseServiceParameter } from './api';

const parse = (query: string) => parseNamespaces(new URL(`http://127.0.0.1/api/clusters/x/graph${query}`));

describe('parseNamespaces', () => {
  it('accepts no namespace (all), one, or a comma-separated list', () => {
    expect(parse('')).toMatchObject({ ok: true, value: new Set() });
    expect(parse('?namespace=shop')).toMatchObject({ ok: true, value: new Set(['shop']) });
    expect(parse('?namespace=shop,data')).toMatchObject({ ok: true, value: new Set(['shop', 'data']) });
  });

  it.each([
    ['uppercase', 'Shop'],
    ['leading dash', '-shop'],
    ['traversal', '..%2f..%2fsecrets'],
    ['too long', 'a'.repeat(64)],
    ['control character', 'shop%00'],
    ['unicode', 'sh%C3%B6p'],
  ])('rejects a namespace with %s as 400 InvalidNamespace', async (_, value) => {
    const result = parse(`?namespace=${value}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.response.status).toBe(400);
    const body = await result.response.json();
    expect(body.error.code).toBe('InvalidNamespace');
    expect(body.error.message).toMatch(/lowercase letters|longer than 63/);
  });

  it('rejects unknown parameters and oversized queries', async () => {
    const unknown = parse('?kind=secrets');
    expect(unknown.ok || unknown.response.status).toBe(400);
    const huge = parse(`?namespace=${'a,'.repeat(3000)}`);
    expect(huge.ok || huge.response.status).toBe(414);
  });
});

describe('parseServiceParameter', () => {
  const parseService = (query: string) => parseServiceParameter(new URL(`http://127.0.0.1/api/clusters/x/timeline${query}`));

  it('accepts no Service (all) or namespace/name', () => {
    expect(parseService('')).toEqual({ ok: true, value: undefined });
    expect(parseService('?service=shop/cart')).toEqual({ ok: true, value: 'Service/shop/cart' });
  });

  it.each([['shop'], ['shop/cart/x'], ['Shop/cart'], ['shop/..'], ['shop/c%00art'], [`shop/${'a'.repeat(254)}`]])('rejects service=%s as 400 InvalidService', async (value) => {
    const result = parseService(`?service=${value}`);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.response.status).toBe(400);
      expect((await result.response.json()).error.code).toBe('InvalidService');
    }
  });

  it('rejects other parameters', async () => {
    const result = parseService('?namespace=shop');
    expect(result.ok).toBe(false);
    if (!result.ok) expect((await result.response.json()).error.code).toBe('UnknownParameter');
  });
});
