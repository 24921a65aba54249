import { checkQuery } from '@/lib/http/api';
import { metrics } from '@/lib/http/metrics';

export const dynamic = 'force-dynamic';

/** Server metrics in Prometheus text format, behind the same auth as the rest of the API. */
export async function GET(request: Request): Promise<Response> {
  const query = checkQuery(new URL(request.url), []);
  if (query) return query.response;
  return new Response(await metrics.registry.metrics(), { headers: { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' } });
}
