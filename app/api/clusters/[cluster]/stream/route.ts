import { parseNamespaces, resolveCluster } from '@/lib/k8s/api';
import { graphEventStream } from '@/lib/k8s/sse';

export const dynamic = 'force-dynamic';

/** The live graph as Server-Sent Events: snapshot, then patches and watch status. */
export async function GET(request: Request, { params }: { params: Promise<{ cluster: string }> }): Promise<Response> {
  const namespaces = parseNamespaces(new URL(request.url));
  if (!namespaces.ok) return namespaces.response;
  const hub = resolveCluster((await params).cluster);
  if (!hub.ok) return hub.response;

  const stream = graphEventStream(hub.value, namespaces.value, request.headers.get('last-event-id'), request.signal);
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
