import { parseServiceParameter, resolveContext } from '@/lib/http/api';
import type { TimelineEvent } from '@/lib/stream/protocol';

export const dynamic = 'force-dynamic';

const syncWaitMs = 10_000;

/** Recent changes to endpoints, newest first: of one Service (?service=namespace/name) or of the whole cluster. */
export async function GET(request: Request, { params }: { params: Promise<{ context: string }> }): Promise<Response> {
  const service = parseServiceParameter(new URL(request.url));
  if (!service.ok) return service.response;
  const hub = resolveContext((await params).context);
  if (!hub.ok) return hub.response;
  await hub.value.whenSynced(syncWaitMs, request.signal);
  const events: TimelineEvent[] = hub.value.timeline(service.value);
  return Response.json({ events });
}
