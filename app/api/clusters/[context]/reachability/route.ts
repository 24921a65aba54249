import { diagnosePolicies } from '@/lib/graph/policy-diagnostics';
import { parseNodeId } from '@/lib/graph/ids';
import { objectKey } from '@/lib/graph/objects';
import { reachability, whoMayReach } from '@/lib/graph/reachability';
import { parseSource, ReachabilityError } from '@/lib/graph/reachability-source';
import { ReachabilityWorld } from '@/lib/graph/reachability-world';
import type { ContextHub } from '@/lib/k8s/hub';
import { jsonError, parseServiceParameter, resolveContext } from '@/lib/http/api';
import type { ReachabilityResponse } from '@/lib/stream/protocol';

export const dynamic = 'force-dynamic';

const syncWaitMs = 10_000;

// Per context, the shared part of evaluations (each Service port's destinations, the policy
// index) for the store as it is: the page asks again every few seconds, often about the same
// state, and after a change most of it still holds (nodes do not matter here at all).
const relevant = ['services', 'endpointslices', 'pods', 'networkpolicies', 'namespaces'] as const;
const worlds = new WeakMap<ContextHub, { versions: number[]; world: ReachabilityWorld }>();
function worldOf(hub: ContextHub): ReachabilityWorld {
  const store = hub.objects();
  const versions = relevant.map((kind) => hub.kindVersion(kind));
  const kept = worlds.get(hub);
  if (kept && kept.versions.every((version, index) => version === versions[index])) return kept.world;
  const changed = (kind: (typeof relevant)[number]) => kept?.versions[relevant.indexOf(kind)] !== versions[relevant.indexOf(kind)];
  const world = new ReachabilityWorld(store, kept?.world, { namespaces: changed('namespaces'), policies: changed('networkpolicies') }, hub.relations());
  worlds.set(hub, { versions, world });
  return world;
}

const enforcementNote =
  'svcmap evaluates the NetworkPolicy objects (networking.k8s.io/v1) as the API defines them; whether they are enforced is up to the cluster\'s network plugin, which svcmap cannot see. Plugin-specific policies (Cilium, Calico CRDs) and AdminNetworkPolicy are not evaluated.';

/**
 * NetworkPolicy evaluated from a source (`from=pod:NS/NAME`, `workload:NS/KIND/NAME`,
 * `namespace:NS`, `cidr:ADDRESS[/PREFIX]`) to every endpoint of every Service, or of one
 * (`service=NS/NAME`, which adds "who may reach it"), on one port (`port=` number or name) or all.
 */
export async function GET(request: Request, { params }: { params: Promise<{ context: string }> }): Promise<Response> {
  const url = new URL(request.url);
  const service = parseServiceParameter(url, ['from', 'service', 'port']);
  if (!service.ok) return service.response;
  const fromText = url.searchParams.get('from');
  if (!fromText && !service.value) return jsonError(400, 'MissingSource', 'Say where traffic comes from: from=pod:NAMESPACE/NAME, workload:NAMESPACE/KIND/NAME, namespace:NAME or cidr:ADDRESS[/PREFIX] (or ask about one Service: service=NAMESPACE/NAME).');
  const source = fromText ? parseSource(fromText) : null;
  if (source && !source.ok) return jsonError(400, 'InvalidSource', source.message);
  const port = url.searchParams.get('port') ?? undefined;
  if (port !== undefined && !/^([1-9]\d{0,4}|[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?)$/.test(port)) return jsonError(400, 'InvalidPort', `Port "${port.slice(0, 40)}" must be a Service port's number or name.`);
  const hub = resolveContext((await params).context);
  if (!hub.ok) return hub.response;
  await hub.value.whenSynced(syncWaitMs, request.signal);
  const store = hub.value.objects();
  const { namespace, name } = parseNodeId(service.value ?? '');
  const chosen = service.value ? store.services.get(objectKey({ namespace, name })) : undefined;
  if (service.value && !chosen) return jsonError(404, 'ServiceNotFound', `Service ${namespace}/${name} does not exist (or is not watched).`);
  if (chosen && port !== undefined && !chosen.ports.some((candidate) => String(candidate.port) === port || candidate.name === port)) {
    return jsonError(404, 'PortNotFound', `Service ${namespace}/${name} has no port "${port}"; its ports: ${chosen.ports.map((candidate) => candidate.name ?? candidate.port).join(', ') || 'none'}.`);
  }
  try {
    // Without from=, only who may reach the Service.
    const started = performance.now();
    const world = worldOf(hub.value);
    const answer = source ? reachability(store, source.value, chosen ? [chosen] : undefined, port, world) : { from: '', description: '', sources: 0, detailed: false, services: [], edges: {} };
    const evaluated = performance.now() - started;
    const body: ReachabilityResponse = {
      context: hub.value.context,
      ...answer,
      ...(chosen ? { whoMayReach: whoMayReach(store, chosen, world) } : {}),
      policyFindings: diagnosePolicies(store),
      policies: store.networkpolicies.size,
      note: enforcementNote,
    };
    // Server-Timing: what the evaluation cost, for `npm run bench` and the browser's devtools.
    return Response.json(body, { headers: { 'Server-Timing': `evaluate;dur=${evaluated.toFixed(1)}` } });
  } catch (error) {
    if (error instanceof ReachabilityError) return jsonError(404, 'SourceNotFound', error.message);
    throw error;
  }
}
