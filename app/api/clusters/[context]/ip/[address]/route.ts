import { checkQuery, resolveContext } from '@/lib/http/api';
import { ipOwners, parseAddress, parseTime } from '@/lib/http/history';

export const dynamic = 'force-dynamic';

/** Who held an IP address at ?at=… (or over all the history kept): pods, and the Services it was an endpoint of, with when. */
export async function GET(request: Request, { params }: { params: Promise<{ context: string; address: string }> }): Promise<Response> {
  const url = new URL(request.url);
  const query = checkQuery(url, ['at']);
  if (query) return query.response;
  const at = parseTime(url, 'at');
  if (!at.ok) return at.response;
  const { context, address } = await params;
  const parsed = parseAddress(address);
  if (!parsed.ok) return parsed.response;
  const hub = resolveContext(context);
  if (!hub.ok) return hub.response;
  return ipOwners(hub.value.context, parsed.value, at.value);
}
