import { checkQuery } from '@/lib/k8s/api';
import { listContexts } from '@/lib/k8s/kubeconfig';

export const dynamic = 'force-dynamic';

/** The kubeconfig contexts this server can show (names and servers, never credentials). */
export function GET(request: Request): Response {
  const query = checkQuery(new URL(request.url), []);
  if (query) return query.response;
  return Response.json({ contexts: listContexts() });
}
