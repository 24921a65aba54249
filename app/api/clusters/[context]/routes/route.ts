import { parseNodeId } from '@/lib/graph/ids';
import { objectKey } from '@/lib/graph/objects';
import { serviceRoutes } from '@/lib/graph/routing';
import { parseViewpoint, routingEdges, viewpointNodes } from '@/lib/graph/routing-view';
import { jsonError, parseServiceParameter, resolveContext } from '@/lib/http/api';
import type { RoutesResponse } from '@/lib/stream/protocol';

export const dynamic = 'force-dynamic';

const syncWaitMs = 10_000;

/**
 * kube-proxy's choice per node (lib/graph/routing): for one Service (`service=NS/NAME`), per
 * port, IP family and node (or one node: `node=NAME`) the endpoints it uses; and, as seen from
 * a node or zone (`from=node:NAME` or `from=zone:NAME`), each endpoint edge used or not and why.
 */
export async function GET(request: Request, { params }: { params: Promise<{ context: string }> }): Promise<Response> {
  const url = new URL(request.url);
  const service = parseServiceParameter(url, ['service', 'node', 'from']);
  if (!service.ok) return service.response;
  const nodeName = url.searchParams.get('node');
  const fromText = url.searchParams.get('from');
  if (!service.value && !fromText) return jsonError(400, 'MissingService', 'Name a Service (service=NAMESPACE/NAME), or where clients are (from=node:NAME or from=zone:NAME).');
  const viewpoint = fromText ? parseViewpoint(fromText) : null;
  if (viewpoint && !viewpoint.ok) return jsonError(400, 'InvalidViewpoint', viewpoint.message);
  const hub = resolveContext((await params).context);
  if (!hub.ok) return hub.response;
  await hub.value.whenSynced(syncWaitMs, request.signal);
  const store = hub.value.objects();
  let nodes = [...store.nodes.values()];
  if (nodeName !== null) {
    nodes = nodes.filter((node) => node.name === nodeName);
    if (nodes.length === 0) return jsonError(404, 'NodeNotFound', `Node "${nodeName.slice(0, 80)}" does not exist (or nodes are not readable with these credentials).`);
  }
  const { namespace, name } = parseNodeId(service.value ?? '');
  const chosen = service.value ? store.services.get(objectKey({ namespace, name })) : undefined;
  if (service.value && !chosen) return jsonError(404, 'ServiceNotFound', `Service ${namespace}/${name} does not exist (or is not watched).`);
  const seenFrom = viewpoint ? viewpointNodes(store, viewpoint.value) : undefined;
  if (typeof seenFrom === 'string') return jsonError(404, 'ViewpointNotFound', seenFrom);
  const relations = hub.value.relations();
  const slices = chosen ? relations.slicesOfService(chosen) : [];
  const body: RoutesResponse = {
    context: hub.value.context,
    routes: chosen ? serviceRoutes(chosen, slices, nodes) : [],
    edges: seenFrom ? routingEdges(relations, seenFrom, chosen ? [chosen] : store.services.values()) : {},
    ...(chosen?.sessionAffinity === 'ClientIP' ? { sessionAffinity: 'ClientIP: each client sticks to one of these endpoints (not simulated)' } : {}),
  };
  return Response.json(body);
}
