import { headers } from 'next/headers';
import { checkQuery } from '@/lib/http/api';
import type { SessionResponse } from '@/lib/stream/protocol';

export const dynamic = 'force-dynamic';

/** Who is signed in, as established by the server's auth gate (server/main.mts, URI-encoded); null when auth is off. */
export async function GET(request: Request): Promise<Response> {
  const query = checkQuery(new URL(request.url), []);
  if (query) return query.response;
  const user = (await headers()).get('x-svcmap-user');
  const body: SessionResponse = { user: user === null ? null : decodeURIComponent(user) };
  return Response.json(body);
}
