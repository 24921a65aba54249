import { parseServiceParameter, resolveContext } from '@/lib/http/api';
import { journalTimeline, parseTime } from '@/lib/http/history';
import type { TimelineEvent } from '@/lib/stream/protocol';

export const dynamic = 'force-dynamic';

const syncWaitMs = 10_000;

/**
 * Changes to endpoints, newest first: of one Service (?service=namespace/name) or of the whole
 * cluster, within ?since=…&until=… — from the history as far back as it keeps, or (history off)
 * the server's memory of recent ones.
 */
export async function GET(request: Request, { params }: { params: Promise<{ context: string }> }): Promise<Response> {
  const url = new URL(request.url);
  const service = parseServiceParameter(url, ['service', 'since', 'until']);
  if (!service.ok) return service.response;
  const since = parseTime(url, 'since');
  if (!since.ok) return since.response;
  const until = parseTime(url, 'until');
  if (!until.ok) return until.response;
  const hub = resolveContext((await params).context);
  if (!hub.ok) return hub.response;
  // The journal answers without the watches (the past is asked for when the cluster is down, too); the memory needs them synced.
  const journal = await journalTimeline(hub.value.context, since.value, until.value, service.value).catch(() => null);
  if (!journal) await hub.value.whenSynced(syncWaitMs, request.signal);
  const events: TimelineEvent[] =
    journal ?? hub.value.timeline(service.value).filter((event) => (since.value === undefined || Date.parse(event.at) >= since.value) && (until.value === undefined || Date.parse(event.at) <= until.value));
  return Response.json({ events });
}
