import { namespaceSummaries } from '@/lib/view/namespaces';
import { checkQuery, resolveContext } from '@/lib/http/api';
import type { NamespaceSummary } from '@/lib/stream/protocol';

export const dynamic = 'force-dynamic';

const syncWaitMs = 10_000;

/** The namespaces holding Services or Pods, with counts: for the namespace picker. */
export async function GET(request: Request, { params }: { params: Promise<{ context: string }> }): Promise<Response> {
  const query = checkQuery(new URL(request.url), []);
  if (query) return query.response;
  const hub = resolveContext((await params).context);
  if (!hub.ok) return hub.response;
  await hub.value.whenSynced(syncWaitMs, request.signal);
  const namespaces: NamespaceSummary[] = namespaceSummaries(hub.value.snapshot().graph);
  return Response.json({ namespaces }, { headers: { 'Cache-Control': 'no-store' } });
}
