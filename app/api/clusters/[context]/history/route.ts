import { checkQuery, resolveContext } from '@/lib/http/api';
import { historyStatus } from '@/lib/http/history';

export const dynamic = 'force-dynamic';

/** Whether this context's history is kept, and the stretches of time it covers (the gaps are between them). */
export async function GET(request: Request, { params }: { params: Promise<{ context: string }> }): Promise<Response> {
  const query = checkQuery(new URL(request.url), []);
  if (query) return query.response;
  const hub = resolveContext((await params).context);
  if (!hub.ok) return hub.response;
  return Response.json(await historyStatus(hub.value.context));
}
