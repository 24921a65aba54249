import { jsonError, parseObjectRef, resolveContext } from '@/lib/http/api';
import { objectAsYaml } from '@/lib/http/object-yaml';
import { describeError, isForbidden } from '@/lib/k8s/errors';
import type { ObjectResponse } from '@/lib/stream/protocol';

export const dynamic = 'force-dynamic';

/** One whole object (?kind=Pod&namespace=ns&name=n), read from the cluster now: the details panel's YAML. */
export async function GET(request: Request, { params }: { params: Promise<{ context: string }> }): Promise<Response> {
  const ref = parseObjectRef(new URL(request.url));
  if (!ref.ok) return ref.response;
  const hub = resolveContext((await params).context);
  if (!hub.ok) return hub.response;
  const { kind, namespace, name } = ref.value;
  const path = namespace ? `${namespace}/${name}` : name;
  let object;
  try {
    object = await hub.value.readObject(ref.value, request.signal);
  } catch (error) {
    if (isForbidden(error)) return jsonError(403, 'Forbidden', `Forbidden: your credentials may not get ${kind} ${path} (${(error as Error).message}).`);
    return jsonError(502, 'ClusterError', describeError(error, kind));
  }
  if (!object || typeof object !== 'object') return jsonError(404, 'NotFound', `${kind} ${path} does not exist (any more): it may have just been deleted.`);
  const body: ObjectResponse = objectAsYaml(object as Record<string, unknown>);
  return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
}
