import { checkQuery } from '@/lib/http/api';

export const dynamic = 'force-dynamic';

/** Liveness: the server answers. */
export function GET(request: Request): Response {
  const query = checkQuery(new URL(request.url), []);
  if (query) return query.response;
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
