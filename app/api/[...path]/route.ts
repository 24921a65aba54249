import { jsonError } from '@/lib/http/api';

export const dynamic = 'force-dynamic';

/** Any other /api path: a JSON 404 that lists what exists, not an HTML page. */
export function GET(): Response {
  return jsonError(
    404,
    'UnknownRoute',
    'No such API route. Routes: /api/healthz, /api/readyz, /api/session, /api/metrics, /api/clusters, /api/clusters/{context}/graph, /api/clusters/{context}/stream.',
  );
}
