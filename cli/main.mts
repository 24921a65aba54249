// svcmap in the terminal: the page's answers from the same lib/ code, read straight from the
// cluster (one LIST per kind). Exit status: 0 nothing wrong, 1 an error-severity diagnostic
// (or, for can-reach, not allowed), 2 usage or connection errors.
import { parseArgs } from 'node:util';
import { buildGraph } from '@/lib/graph/build';
import { endpointRows, servicesRoutingTo } from '@/lib/graph/details';
import { objectKey, type Service } from '@/lib/graph/objects';
import { parseSource, reachability, ReachabilityError, whoMayReach } from '@/lib/graph/reachability';
import { serviceRoutes } from '@/lib/graph/routing';
import type { Diagnostic, Graph, ServiceNode } from '@/lib/stream/protocol';
import { ClusterError, defaultNamespace, kubeConfig, readCluster, UsageError } from './cluster.mts';

const usage = `svcmap — where a Kubernetes Service sends traffic, and if nowhere, why

Usage:
  svcmap get [services] [-A | -n NS] [--problems] [-o wide|json]
  svcmap why SERVICE [-n NS] [-o json]
  svcmap ip ADDRESS [-o json]
  svcmap can-reach FROM SERVICE[:PORT] [-n NS] [-o json]
  svcmap routes SERVICE [-n NS] [--node NODE] [-o json]

  FROM: pod:NS/NAME, workload:NS/KIND/NAME, namespace:NS or cidr:ADDRESS[/PREFIX]

Flags (as kubectl's):
  --context NAME      the kubeconfig context (default: the current one)
  --kubeconfig FILE   the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  -n, --namespace NS  the namespace (default: the context's, else "default")
  -A, --all-namespaces
  -o, --output FMT    wide | json
  -h, --help

Exit status: 0 nothing wrong; 1 an error-severity diagnostic was found (can-reach: not
allowed); 2 a usage or connection error. Also: kubectl svcmap … (the kubectl-svcmap plugin).`;

interface Options {
  context?: string;
  kubeconfig?: string;
  namespace?: string;
  'all-namespaces'?: boolean;
  output?: string;
  problems?: boolean;
  node?: string;
  help?: boolean;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      context: { type: 'string' },
      kubeconfig: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      'all-namespaces': { type: 'boolean', short: 'A' },
      output: { type: 'string', short: 'o' },
      problems: { type: 'boolean' },
      node: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const options = values as Options;
  const [command, ...args] = positionals;
  if (options.help || !command) {
    console.log(usage);
    return options.help ? 0 : 2;
  }
  if (options.output && !['wide', 'json'].includes(options.output)) throw new UsageError(`unknown output format "${options.output}": use wide or json`);
  const { config, context } = kubeConfig(options);
  const namespace = options.namespace ?? defaultNamespace(config, context);
  switch (command) {
    case 'get': {
      if (args.length > 1 || (args[0] && !['services', 'service', 'svc'].includes(args[0]))) throw new UsageError(`svcmap get lists Services: "svcmap get [services]", not "${args.join(' ')}"`);
      const { store } = await readCluster(config, options['all-namespaces'] ? undefined : namespace);
      return get(buildGraph(store), options);
    }
    case 'why': {
      const { store } = await readCluster(config, namespace);
      const name = one(args, 'svcmap why SERVICE');
      return why(buildGraph(store), store.services.get(objectKey({ namespace, name })), `${namespace}/${name}`, options);
    }
    case 'ip': {
      const { store } = await readCluster(config);
      return ip(buildGraph(store), one(args, 'svcmap ip ADDRESS'), options);
    }
    case 'can-reach': {
      if (args.length !== 2) throw new UsageError('usage: svcmap can-reach FROM SERVICE[:PORT]');
      const source = parseSource(args[0]!);
      if (!source.ok) throw new UsageError(source.message);
      const [name = '', port] = args[1]!.split(':');
      const { store } = await readCluster(config);
      const service = store.services.get(objectKey({ namespace, name }));
      if (!service) throw new UsageError(`Service ${namespace}/${name} does not exist`);
      return canReach(store, source.value, service, port, options);
    }
    case 'routes': {
      const { store } = await readCluster(config);
      const service = store.services.get(objectKey({ namespace, name: one(args, 'svcmap routes SERVICE') }));
      if (!service) throw new UsageError(`Service ${namespace}/${args[0]} does not exist`);
      const slices = [...store.endpointslices.values()].filter((slice) => slice.namespace === service.namespace && slice.serviceName === service.name);
      const nodes = [...store.nodes.values()].filter((node) => !options.node || node.name === options.node);
      if (options.node && nodes.length === 0) throw new UsageError(`no node "${options.node}"`);
      const routes = serviceRoutes(service, slices, nodes);
      if (options.output === 'json') return print(routes), 0;
      for (const route of routes) {
        console.log(`${route.service} port ${route.servicePort}${route.port ? ` (${route.port})` : ''}/${route.protocol} ${route.family}${route.internalPolicyLocal ? ' internalTrafficPolicy: Local' : ''}`);
        table(['NODE', 'ZONE', 'USES', 'NOTE'], route.nodes.map((node) => [node.node, node.zone ?? '<none>', (route.internalPolicyLocal ? node.local : node.cluster).join(',') || '<none>', [node.topology && `${node.topology} in force`, node.hintsIgnored && `hints ignored: ${node.hintsIgnored}`, node.terminatingFallback && 'terminating fallback', node.hasAny && (route.internalPolicyLocal ? node.local : node.cluster).length === 0 && 'no backend: traffic dropped'].filter(Boolean).join('; ')]));
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"; see svcmap --help`);
  }
}

function one(args: string[], form: string): string {
  if (args.length !== 1) throw new UsageError(`usage: ${form}`);
  return args[0]!;
}

const rank = { error: 0, warning: 1, info: 2 } as const;
const worst = (diagnostics: Diagnostic[]) => [...diagnostics].sort((a, b) => rank[a.severity] - rank[b.severity])[0];
const services = (graph: Graph) => graph.nodes.filter((node): node is ServiceNode => node.kind === 'Service');

function get(graph: Graph, options: Options): number {
  let list = services(graph);
  if (options.problems) list = list.filter((service) => service.diagnostics.some((diagnostic) => diagnostic.severity !== 'info'));
  if (options.output === 'json') return print(list), exitFor(list.flatMap((service) => service.diagnostics));
  const wide = options.output === 'wide';
  table(
    ['NAMESPACE', 'NAME', 'TYPE', ...(wide ? ['CLUSTER-IP', 'PORTS'] : []), 'READY', 'PROBLEM'],
    list.map((service) => {
      const problem = worst(service.diagnostics);
      return [
        service.namespace,
        service.name,
        service.type,
        ...(wide ? [service.clusterIP ?? '<none>', service.ports.join(',')] : []),
        service.type === 'ExternalName' ? '-' : `${service.endpoints.ready}/${service.endpoints.total}`,
        problem ? `${problem.severity}: ${problem.code}` : '',
      ];
    }),
  );
  return exitFor(list.flatMap((service) => service.diagnostics));
}

function why(graph: Graph, service: Service | undefined, name: string, options: Options): number {
  if (!service) throw new UsageError(`Service ${name} does not exist (kubectl get service -n ${name.split('/')[0]} lists them)`);
  const node = services(graph).find((candidate) => candidate.id === `Service/${service.namespace}/${service.name}`)!;
  const rows = endpointRows(graph, node.id);
  if (options.output === 'json') return print({ service: node, endpoints: rows }), exitFor(node.diagnostics);
  const field = (label: string, value: string) => console.log(`${`${label}:`.padEnd(16)}${value}`);
  field('Name', node.name);
  field('Namespace', node.namespace);
  field('Type', node.type);
  field('IP', node.clusterIP ?? '<none>');
  field('Ports', node.ports.join(', ') || '<none>');
  field('Selector', node.selector ? Object.entries(node.selector).map(([key, value]) => `${key}=${value}`).join(',') : '<none>');
  if (node.traits.length) field('Routing', node.traits.join('; '));
  field('Endpoints', `${node.endpoints.ready}/${node.endpoints.total} ready`);
  if (node.routing) field('Reaches', `${node.routing.backends} backends from ${node.routing.reaching} of ${node.routing.nodes} nodes${node.routing.blackholes.length ? ` (none from ${node.routing.blackholes.join(', ')})` : ''}; ${node.routing.routable} routable`);
  if (rows.length) {
    console.log('Endpoints by slice:');
    table(['  SLICE', 'ADDRESS', 'READY', 'SERVING', 'TERMINATING', 'NODE', 'BACKEND'], rows.map((row) => [`  ${row.slice}`, row.address, String(row.ready), String(row.serving), String(row.terminating), row.node ?? '', row.pod ?? row.target.split('/').slice(1).join('/')]));
  }
  console.log(node.diagnostics.length ? 'Diagnostics:' : 'Diagnostics:    none');
  for (const diagnostic of node.diagnostics) {
    console.log(`  ${diagnostic.severity.padEnd(8)}${diagnostic.code}\n          ${diagnostic.message}\n          $ ${diagnostic.command}`);
  }
  return exitFor(node.diagnostics);
}

function ip(graph: Graph, address: string, options: Options): number {
  const owners = graph.nodes.filter((node) => (node.kind === 'Pod' && node.ip === address) || (node.kind === 'Address' && node.address === address));
  const routing = owners.flatMap((owner) => servicesRoutingTo(graph, owner.id).map((service) => `${service.namespace}/${service.name}`));
  if (options.output === 'json') return print({ address, owners, services: routing }), 0;
  if (owners.length === 0) {
    console.log(`${address}: no pod or endpoint in the cluster has this address now.`);
    return 0;
  }
  for (const owner of owners) console.log(`${address}: ${owner.kind === 'Pod' ? `Pod ${owner.namespace}/${owner.name}${owner.nodeName ? ` on ${owner.nodeName}` : ''}` : `an endpoint address in ${owner.namespace} (no pod)`}`);
  console.log(routing.length ? `Services routing to it: ${[...new Set(routing)].join(', ')}` : 'No Service routes to it.');
  return 0;
}

function canReach(store: Parameters<typeof reachability>[0], source: Parameters<typeof reachability>[1], service: Service, port: string | undefined, options: Options): number {
  if (port !== undefined && !service.ports.some((candidate) => String(candidate.port) === port || candidate.name === port)) throw new UsageError(`Service ${service.namespace}/${service.name} has no port "${port}"`);
  const answer = reachability(store, source, [service], port);
  const endpoints = answer.services.flatMap((entry) => entry.ports.flatMap((servicePort) => servicePort.endpoints.map((endpoint) => ({ port: servicePort, endpoint }))));
  const allowed = endpoints.length > 0 && endpoints.every(({ endpoint }) => endpoint.state === 'allowed');
  if (options.output === 'json') return print({ ...answer, whoMayReach: whoMayReach(store, service) }), allowed ? 0 : 1;
  console.log(`From ${answer.description} to ${service.namespace}/${service.name}${port ? `:${port}` : ''}: ${allowed ? 'allowed' : endpoints.length === 0 ? 'no endpoints' : 'NOT allowed to every backend'}`);
  table(['  PORT', 'BACKEND', 'VERDICT', 'WHY'], endpoints.map(({ port: servicePort, endpoint }) => [`  ${servicePort.port}/${servicePort.protocol}`, endpoint.pod?.split('/').slice(1).join('/') ?? endpoint.address, endpoint.state, endpoint.reason]));
  console.log('(svcmap evaluates the NetworkPolicy objects; whether they are enforced is up to the network plugin.)');
  return allowed ? 0 : 1;
}

function exitFor(diagnostics: Diagnostic[]): number {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error') ? 1 : 0;
}

function print(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

/** Columns as kubectl prints them: left-aligned, three spaces apart. */
function table(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('   ').trimEnd());
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ClusterError || error instanceof ReachabilityError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`svcmap: ${(error as Error).message}`);
      process.exit(2);
    }
    console.error(`svcmap: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);
