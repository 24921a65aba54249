// svcmap in the terminal: the page's answers from the same lib/ code, read straight from the
// cluster (one LIST per kind). Exit status: 0 nothing wrong, 1 an error-severity diagnostic
// (or, for can-reach, not allowed), 2 usage or connection errors.
import { parseArgs } from 'node:util';
import { shortName } from '@/lib/graph/ids';
import { parseSource, ReachabilityError } from '@/lib/graph/reachability-source';
import type { Diagnostic, ServiceNode } from '@/lib/stream/protocol';
import { stringify } from 'yaml';
import { canReach, explain, ipOwners, routes, serviceIn, services } from './answers.mts';
import { ClusterError, defaultNamespace, kubeConfig, readCluster, UsageError } from './cluster.mts';

const usage = `svcmap — where a Kubernetes Service sends traffic, and if nowhere, why

Usage:
  svcmap get [services] [-A | -n NS] [--problems] [-o wide|json|yaml]
  svcmap watch [services] [-A | -n NS] [--problems] [-o wide|json]
                      the Services, then a row each time one's readiness or problem changes
                      (-o json: one JSON object per line); Ctrl-C ends it
  svcmap why SERVICE [-n NS] [-o json|yaml]
  svcmap ip ADDRESS [-o json|yaml]
  svcmap can-reach FROM SERVICE[:PORT] [-n NS] [-o json|yaml]
  svcmap routes SERVICE [-n NS] [--node NODE] [-o json|yaml]
  svcmap mcp          a Model Context Protocol server on stdio (read-only tools)
  svcmap completion bash|zsh   e.g. source <(svcmap completion bash)

  FROM: pod:NS/NAME, workload:NS/KIND/NAME, namespace:NS or cidr:ADDRESS[/PREFIX]

Flags (as kubectl's):
  --context NAME      the kubeconfig context (default: the current one)
  --kubeconfig FILE   the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  -n, --namespace NS  the namespace (default: the context's, else "default")
  -A, --all-namespaces
  -o, --output FMT    wide | json | yaml
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
  if (options.output && !['wide', 'json', 'yaml'].includes(options.output)) throw new UsageError(`unknown output format "${options.output}": use wide, json or yaml`);
  // Completion needs no cluster.
  if (command === 'completion') {
    if (args.length !== 1 || !['bash', 'zsh'].includes(args[0]!)) throw new UsageError('usage: svcmap completion bash|zsh');
    console.log(completion(args[0] as 'bash' | 'zsh'));
    return 0;
  }
  const { config, context } = kubeConfig(options);
  const namespace = options.namespace ?? defaultNamespace(config, context);
  switch (command) {
    case 'get': {
      onlyServices(command, args);
      const { store } = await readCluster(config, options['all-namespaces'] ? undefined : namespace);
      return get(services(store, Boolean(options.problems)), options);
    }
    case 'watch': {
      onlyServices(command, args);
      if (options.output === 'yaml') throw new UsageError('svcmap watch prints rows or one JSON object per line: use -o wide or -o json');
      const stop = new AbortController();
      // The first Ctrl-C stops the watches and ends cleanly; a second one does not wait for that.
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (stop.signal.aborted ? process.exit(130) : stop.abort()));
      const wide = options.output === 'wide';
      // Loaded only for the commands that use them: every CLI run pays for what it imports.
      const { watchServices } = await import('./watch.mts');
      return watchServices(config, { namespace: options['all-namespaces'] ? undefined : namespace, problems: Boolean(options.problems), json: options.output === 'json', header: serviceHeader(wide), row: (service) => serviceRow(service, wide) }, stop.signal);
    }
    case 'why': {
      const name = one(args, 'svcmap why SERVICE');
      const { store } = await readCluster(config, namespace);
      return why(explain(store, namespace, name), options);
    }
    case 'ip': {
      const { store } = await readCluster(config);
      return ip(ipOwners(store, one(args, 'svcmap ip ADDRESS')), options);
    }
    case 'can-reach': {
      if (args.length !== 2) throw new UsageError('usage: svcmap can-reach FROM SERVICE[:PORT]');
      const source = parseSource(args[0]!);
      if (!source.ok) throw new UsageError(source.message);
      const [name = '', port] = args[1]!.split(':');
      const { store } = await readCluster(config);
      return reach(canReach(store, source.value, serviceIn(store, namespace, name), port), port, options);
    }
    case 'routes': {
      const { store } = await readCluster(config);
      const found = routes(store, serviceIn(store, namespace, one(args, 'svcmap routes SERVICE')), options.node);
      if (structured(options)) return print(found, options), 0;
      for (const route of found) {
        const uses = (node: (typeof route.nodes)[number]) => (route.internalPolicyLocal ? node.local : node.cluster);
        console.log(`${route.service} port ${route.servicePort}${route.port ? ` (${route.port})` : ''}/${route.protocol} ${route.family}${route.internalPolicyLocal ? ' internalTrafficPolicy: Local' : ''}`);
        table(['NODE', 'ZONE', 'USES', 'NOTE'], route.nodes.map((node) => [node.node, node.zone ?? '<none>', uses(node).join(',') || '<none>', [node.topology && `${node.topology} in force`, node.hintsIgnored && `hints ignored: ${node.hintsIgnored}`, node.terminatingFallback && 'terminating fallback', node.hasAny && uses(node).length === 0 && 'no backend: traffic dropped'].filter(Boolean).join('; ')]));
      }
      return 0;
    }
    case 'mcp':
      if (args.length > 0) throw new UsageError('usage: svcmap mcp (speaks the Model Context Protocol on stdin/stdout)');
      await (await import('./mcp.mts')).serveMcp(config, namespace);
      return -1; // keeps running until the client closes stdin
    default:
      throw new UsageError(`unknown command "${command}"; see svcmap --help`);
  }
}

function onlyServices(command: string, args: string[]): void {
  if (args.length > 1 || (args[0] && !['services', 'service', 'svc'].includes(args[0]))) throw new UsageError(`svcmap ${command} lists Services: "svcmap ${command} [services]", not "${args.join(' ')}"`);
}

function one(args: string[], form: string): string {
  if (args.length !== 1) throw new UsageError(`usage: ${form}`);
  return args[0]!;
}

const rank = { error: 0, warning: 1, info: 2 } as const;
const worst = (diagnostics: Diagnostic[]) => [...diagnostics].sort((a, b) => rank[a.severity] - rank[b.severity])[0];

const serviceHeader = (wide: boolean) => ['NAMESPACE', 'NAME', 'TYPE', ...(wide ? ['CLUSTER-IP', 'PORTS'] : []), 'READY', 'PROBLEM'];

/** A Service as `svcmap get` (and watch) prints it; READY and PROBLEM are always the last two columns. */
function serviceRow(service: ServiceNode, wide: boolean): string[] {
  const problem = worst(service.diagnostics);
  return [
    service.namespace,
    service.name,
    service.type,
    ...(wide ? [service.clusterIP ?? '<none>', service.ports.join(',')] : []),
    service.type === 'ExternalName' ? '-' : `${service.endpoints.ready}/${service.endpoints.total}`,
    problem ? `${problem.severity}: ${problem.code}` : '',
  ];
}

function get(list: ServiceNode[], options: Options): number {
  const code = exitFor(list.flatMap((service) => service.diagnostics));
  if (structured(options)) return print(list, options), code;
  const wide = options.output === 'wide';
  table(serviceHeader(wide), list.map((service) => serviceRow(service, wide)));
  return code;
}

function why({ service: node, endpoints: rows }: ReturnType<typeof explain>, options: Options): number {
  if (structured(options)) return print({ service: node, endpoints: rows }, options), exitFor(node.diagnostics);
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
    table(['  SLICE', 'ADDRESS', 'READY', 'SERVING', 'TERMINATING', 'NODE', 'BACKEND'], rows.map((row) => [`  ${row.slice}`, row.address, String(row.ready), String(row.serving), String(row.terminating), row.node ?? '', row.pod ?? shortName(row.target)]));
  }
  console.log(node.diagnostics.length ? 'Diagnostics:' : 'Diagnostics:    none');
  for (const diagnostic of node.diagnostics) {
    console.log(`  ${diagnostic.severity.padEnd(8)}${diagnostic.code}\n          ${diagnostic.message}\n          $ ${diagnostic.command}`);
  }
  return exitFor(node.diagnostics);
}

function ip(answer: ReturnType<typeof ipOwners>, options: Options): number {
  if (structured(options)) return print(answer, options), 0;
  if (answer.owners.length === 0) {
    console.log(`${answer.address}: no pod or endpoint in the cluster has this address now.`);
    return 0;
  }
  for (const owner of answer.owners) console.log(`${answer.address}: ${owner.kind === 'Pod' ? `Pod ${owner.namespace}/${owner.name}${owner.nodeName ? ` on ${owner.nodeName}` : ''}` : `an endpoint address in ${owner.namespace} (no pod)`}`);
  console.log(answer.services.length ? `Services routing to it: ${answer.services.join(', ')}` : 'No Service routes to it.');
  return 0;
}

function reach(answer: ReturnType<typeof canReach>, port: string | undefined, options: Options): number {
  if (structured(options)) return print(answer, options), answer.allowed ? 0 : 1;
  const endpoints = answer.services.flatMap((entry) => entry.ports.flatMap((servicePort) => servicePort.endpoints.map((endpoint) => ({ port: servicePort, endpoint }))));
  const target = shortName(answer.services[0]!.service);
  console.log(`From ${answer.description} to ${target}${port ? `:${port}` : ''}: ${answer.allowed ? 'allowed' : endpoints.length === 0 ? 'no endpoints' : 'NOT allowed to every backend'}`);
  table(['  PORT', 'BACKEND', 'VERDICT', 'WHY'], endpoints.map(({ port: servicePort, endpoint }) => [`  ${servicePort.port}/${servicePort.protocol}`, (endpoint.pod ? shortName(endpoint.pod) : endpoint.address), endpoint.state, endpoint.reason]));
  console.log(`(${answer.note})`);
  return answer.allowed ? 0 : 1;
}

const commands = ['get', 'watch', 'why', 'ip', 'can-reach', 'routes', 'mcp', 'completion'];
const flags = ['--context', '--kubeconfig', '--namespace', '-n', '--all-namespaces', '-A', '--output', '-o', '--problems', '--node', '--help', '-h'];

/** Shell completion: commands, flags, and -o values (contexts and names come from kubectl's own completion). */
function completion(shell: 'bash' | 'zsh'): string {
  const bash = `_svcmap() {
  local current=\${COMP_WORDS[COMP_CWORD]} previous=\${COMP_WORDS[COMP_CWORD-1]}
  case "$previous" in
    -o|--output) COMPREPLY=($(compgen -W "wide json yaml" -- "$current")); return ;;
    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$current")); return ;;
  esac
  if [ "$COMP_CWORD" -eq 1 ]; then COMPREPLY=($(compgen -W "${commands.join(' ')}" -- "$current"));
  else COMPREPLY=($(compgen -W "${flags.join(' ')}" -- "$current")); fi
}
complete -F _svcmap svcmap kubectl-svcmap`;
  return shell === 'bash' ? bash : `autoload -U +X bashcompinit && bashcompinit\n${bash}`;
}

function exitFor(diagnostics: Diagnostic[]): number {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error') ? 1 : 0;
}

const structured = (options: Options) => options.output === 'json' || options.output === 'yaml';

/** -o json or -o yaml (the yaml package: the same document, as kubectl prints YAML). */
function print(value: unknown, options: Options): void {
  console.log(options.output === 'yaml' ? stringify(value).trimEnd() : JSON.stringify(value, null, 2));
}

/** Columns as kubectl prints them: left-aligned, three spaces apart. */
function table(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('   ').trimEnd());
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ClusterError || error instanceof ReachabilityError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`svcmap: ${(error as Error).message}`);
      process.exit(2);
    }
    console.error(`svcmap: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);
