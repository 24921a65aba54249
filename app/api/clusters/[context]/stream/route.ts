import { parseNamespaces, resolveContext } from '@/lib/http/api';
import { graphEventStream } from '@/lib/http/sse';

export const dynamic = 'force-dynamic';

const streamHeaders = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform: proxies must pass events on as they come, not buffer or compress them.
  'Cache-Control': 'no-store, no-transform',
  'X-Accel-Buffering': 'no',
};

/** Checks the parameters as GET would; the hub is looked up but no stream is built, so nothing subscribes. */
async function resolve(request: Request, params: Promise<{ context: string }>) {
  const namespaces = parseNamespaces(new URL(request.url));
  if (!namespaces.ok) return namespaces;
  const hub = resolveContext((await params).context);
  if (!hub.ok) return hub;
  return { ok: true as const, namespaces: namespaces.value, hub: hub.value };
}

/** The live graph as Server-Sent Events: snapshot, then patches and watch status. */
export async function GET(request: Request, { params }: { params: Promise<{ context: string }> }): Promise<Response> {
  const resolved = await resolve(request, params);
  if (!resolved.ok) return resolved.response;
  const stream = graphEventStream(resolved.hub, resolved.namespaces, request.headers.get('last-event-id'), request.signal);
  return new Response(stream, { headers: streamHeaders });
}

/** The headers GET would send, without a body: HEAD must not subscribe to the hub. */
export async function HEAD(request: Request, { params }: { params: Promise<{ context: string }> }): Promise<Response> {
  const resolved = await resolve(request, params);
  if (!resolved.ok) return new Response(null, { status: resolved.response.status, headers: resolved.response.headers });
  return new Response(null, { headers: streamHeaders });
}
