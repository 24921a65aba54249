import { checkQuery } from '@/lib/http/api';
import { listContexts } from '@/lib/http/contexts';

export const dynamic = 'force-dynamic';

/** The kubeconfig contexts this server can show (names and servers, never credentials). */
export function GET(request: Request): Response {
  const query = checkQuery(new URL(request.url), []);
  if (query) return query.response;
  return Response.json({ contexts: listContexts() });
}
