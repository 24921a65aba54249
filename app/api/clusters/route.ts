import { listContexts } from '@/lib/k8s/kubeconfig';

export const dynamic = 'force-dynamic';

/** The kubeconfig contexts this server can show (names and servers, never credentials). */
export function GET(): Response {
  return Response.json({ contexts: listContexts() });
}
