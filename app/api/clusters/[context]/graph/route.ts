import { filterGraph } from '@/lib/graph/diff';
import { parseNamespaces, resolveContext } from '@/lib/http/api';
import type { GraphResponse } from '@/lib/stream/protocol';

export const dynamic = 'force-dynamic';

// How long a request waits for the watches' first list before answering with what it has.
const syncWaitMs = 10_000;

/** The routing graph as JSON, once the watches have synced: for curl and scripts. */
export async function GET(request: Request, { params }: { params: Promise<{ context: string }> }): Promise<Response> {
  const namespaces = parseNamespaces(new URL(request.url));
  if (!namespaces.ok) return namespaces.response;
  const hub = resolveContext((await params).context);
  if (!hub.ok) return hub.response;

  await hub.value.whenSynced(syncWaitMs, request.signal);
  const { seq, graph } = hub.value.snapshot();
  const body: GraphResponse = { context: hub.value.context, seq, status: hub.value.status(), graph: filterGraph(graph, namespaces.value) };
  return Response.json(body);
}
