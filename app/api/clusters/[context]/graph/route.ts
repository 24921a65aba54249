import { filterGraph } from '@/lib/graph/diff';
import { parseNamespaces, resolveContext } from '@/lib/http/api';
import { parseTime, pastGraph } from '@/lib/http/history';
import type { GraphResponse } from '@/lib/stream/protocol';

export const dynamic = 'force-dynamic';

// How long a request waits for the watches' first list before answering with what it has.
const syncWaitMs = 10_000;

/** The routing graph as JSON, once the watches have synced: for curl and scripts. `at`: as it was then, from the history. */
export async function GET(request: Request, { params }: { params: Promise<{ context: string }> }): Promise<Response> {
  const url = new URL(request.url);
  const namespaces = parseNamespaces(url, ['namespace', 'at']);
  if (!namespaces.ok) return namespaces.response;
  const at = parseTime(url, 'at');
  if (!at.ok) return at.response;
  const hub = resolveContext((await params).context);
  if (!hub.ok) return hub.response;
  if (at.value !== undefined) return pastGraph(hub.value, at.value, namespaces.value);

  await hub.value.whenSynced(syncWaitMs, request.signal);
  const { seq, graph } = hub.value.snapshot();
  const body: GraphResponse = { context: hub.value.context, seq, status: hub.value.status(), graph: filterGraph(graph, namespaces.value) };
  return Response.json(body);
}
