// `svcmap mcp`: a Model Context Protocol server on stdio (the official SDK) for assistants:
// read-only tools whose results are the JSON the page's API and `svcmap … -o json` give, with
// the kubectl commands that show the evidence. Each call reads the cluster afresh (one LIST
// per kind) with the user's kubeconfig: the same RBAC as kubectl, never Secrets.
import type { KubeConfig } from '@/lib/k8s/client-node';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { parseSource } from '@/lib/graph/reachability-source';
import { canReach, explain, ipOwners, routes, serviceIn, services } from './answers.mts';
import { readCluster, UsageError } from './cluster.mts';

export async function serveMcp(config: KubeConfig, defaultNamespace: string): Promise<void> {
  const server = new McpServer({ name: 'svcmap', version: '0.1.0' });
  const answer = (run: () => Promise<unknown>) => async () => {
    try {
      return { content: [{ type: 'text' as const, text: JSON.stringify(await run(), null, 2) }] };
    } catch (error) {
      return { isError: true, content: [{ type: 'text' as const, text: (error as Error).message }] };
    }
  };
  const namespaceArg = z.string().optional().describe(`the namespace (default: ${defaultNamespace})`);

  server.registerTool(
    'list_problem_services',
    { description: 'Services whose traffic goes nowhere or to fewer backends than expected (error or warning diagnostics), with ready/total endpoints and each diagnostic\'s message and kubectl command. All namespaces unless one is given.', inputSchema: { namespace: z.string().optional() }, annotations: { readOnlyHint: true } },
    ({ namespace }) => answer(async () => services((await readCluster(config, namespace)).store, true))(),
  );
  server.registerTool(
    'explain_service',
    { description: 'Why a Service routes where it does: its endpoints by EndpointSlice (ready/serving/terminating, node, pod), its routing per node, and its diagnostics with the kubectl commands that show the evidence.', inputSchema: { name: z.string(), namespace: namespaceArg }, annotations: { readOnlyHint: true } },
    ({ name, namespace }) => answer(async () => explain((await readCluster(config, namespace ?? defaultNamespace)).store, namespace ?? defaultNamespace, name))(),
  );
  server.registerTool(
    'resolve_ip',
    { description: 'Which pod (or endpoint address) holds an IP address now, and which Services route to it.', inputSchema: { address: z.string() }, annotations: { readOnlyHint: true } },
    ({ address }) => answer(async () => ipOwners((await readCluster(config)).store, address))(),
  );
  server.registerTool(
    'can_reach',
    { description: 'NetworkPolicy evaluated: may a source (pod:NS/NAME, workload:NS/KIND/NAME, namespace:NS or cidr:ADDRESS[/PREFIX]) open a Service\'s port on each backend? With the deciding policies and rules, and who may reach the Service. Enforcement is up to the network plugin.', inputSchema: { from: z.string(), service: z.string().describe('the Service name'), namespace: namespaceArg, port: z.string().optional().describe('a port number or name') }, annotations: { readOnlyHint: true } },
    ({ from, service, namespace, port }) =>
      answer(async () => {
        const source = parseSource(from);
        if (!source.ok) throw new UsageError(source.message);
        const { store } = await readCluster(config);
        return canReach(store, source.value, serviceIn(store, namespace ?? defaultNamespace, service), port);
      })(),
  );
  server.registerTool(
    'service_routes',
    { description: 'Which endpoints kube-proxy on each node sends a Service\'s traffic to (per port and IP family): traffic policies, topology hints and when they are ignored, the terminating fallback, nodes where traffic is dropped.', inputSchema: { service: z.string(), namespace: namespaceArg, node: z.string().optional() }, annotations: { readOnlyHint: true } },
    ({ service, namespace, node }) =>
      answer(async () => {
        const { store } = await readCluster(config);
        return routes(store, serviceIn(store, namespace ?? defaultNamespace, service), node);
      })(),
  );
  await server.connect(new StdioServerTransport());
}
