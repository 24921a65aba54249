import { checkQuery } from '@/lib/http/api';
import { hubFor } from '@/lib/http/contexts';
import { listContexts } from '@/lib/http/contexts';

export const dynamic = 'force-dynamic';

// The kubelet probes every 10 s; answer well within its 1 s default timeout.
const waitMs = 500;

/**
 * Readiness: the default context's watches have listed every kind (or found it forbidden).
 * Probing keeps that hub's watches running, so the first browser gets a warm graph.
 */
export async function GET(request: Request): Promise<Response> {
  const query = checkQuery(new URL(request.url), []);
  if (query) return query.response;
  const context = listContexts().find((candidate) => candidate.current);
  const hub = context && hubFor(context.name);
  if (!hub) return Response.json({ ready: false, reason: 'No kubeconfig context to watch.' }, { status: 503 });
  const ready = await hub.whenSynced(waitMs, request.signal);
  return Response.json(ready ? { ready } : { ready, reason: 'The watches have not synced yet.' }, { status: ready ? 200 : 503 });
}
