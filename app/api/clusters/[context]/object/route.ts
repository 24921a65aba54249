import { stringify } from 'yaml';
import { jsonError, parseObjectRef, resolveContext } from '@/lib/http/api';
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
  // As kubectl get -o yaml shows it: managedFields are bookkeeping, not the object.
  const { apiVersion, kind: objectKind, metadata, ...rest } = object as Record<string, unknown>;
  const shownMetadata = { ...(metadata as Record<string, unknown> | undefined) };
  delete shownMetadata.managedFields;
  const shown = { apiVersion, kind: objectKind, metadata: shownMetadata, ...rest };
  const body: ObjectResponse = { object: shown, yaml: stringify(shown) };
  return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
}
