import { parseUrlQuery } from '@/lib/graph/url-query';
import { resolvePaths } from '@/lib/graph/resolve';
import { checkQuery, jsonError, resolveContext } from '@/lib/http/api';
import type { ResolveResponse } from '@/lib/stream/protocol';

export const dynamic = 'force-dynamic';

const syncWaitMs = 10_000;
const maxUrlLength = 2048;

/**
 * Where a URL goes (`url=shop.example.com/checkout` or a full `https://…` URL): the Gateway
 * listener and route rule, or Ingress path, that serve it in the APIs' precedence order, and
 * behind each the Services (with their share), EndpointSlices and endpoints.
 */
export async function GET(request: Request, { params }: { params: Promise<{ context: string }> }): Promise<Response> {
  const url = new URL(request.url);
  const query = checkQuery(url, ['url']);
  if (query) return query.response;
  const text = url.searchParams.get('url')?.trim() ?? '';
  if (!text) return jsonError(400, 'MissingUrl', 'Say which URL to follow: url=HOST/PATH, e.g. url=shop.example.com/checkout or url=https://shop.example.com/checkout.');
  if (text.length > maxUrlLength) return jsonError(400, 'InvalidUrl', `The URL is longer than ${maxUrlLength} characters.`);
  const parsed = parseUrlQuery(text);
  if (!parsed) return jsonError(400, 'InvalidUrl', 'That is not a URL or host name svcmap can follow: write HOST/PATH (shop.example.com/checkout) or an http(s):// URL.');
  const hub = resolveContext((await params).context);
  if (!hub.ok) return hub.response;
  await hub.value.whenSynced(syncWaitMs, request.signal);
  const body: ResolveResponse = {
    context: hub.value.context,
    url: text,
    host: parsed.host,
    path: parsed.path,
    paths: resolvePaths(parsed, hub.value.objects(), hub.value.snapshot().graph),
  };
  return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
}
