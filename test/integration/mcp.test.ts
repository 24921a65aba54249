// `svcmap mcp` driven by the official MCP SDK's client over stdio: the tools are listed, each
// answers with the same JSON as the page's API on the test cluster's scenarios, and a bad
// argument is a tool error with a message, not a crash.
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getGraph } from '@/app/api/clusters/[context]/graph/route';
import { GET as getRoutes } from '@/app/api/clusters/[context]/routes/route';
import { graphResponseSchema, routesResponseSchema, type ServiceNode } from '@/lib/stream/protocol';

const cli = join(import.meta.dirname, '..', '..', 'cli', 'svcmap.mjs');
const client = new Client({ name: 'svcmap-test', version: '1.0.0' });

beforeAll(async () => {
  await client.connect(new StdioClientTransport({ command: 'node', args: [cli, '--context', 'svcmap-admin', '-n', 'shop', 'mcp'], env: { ...process.env } as Record<string, string> }));
}, 60_000);
afterAll(() => client.close());

async function call(name: string, args: Record<string, unknown>): Promise<{ isError?: boolean; value: unknown }> {
  const result = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: { type: string; text: string }[] };
  const text = result.content[0]!.text;
  return { isError: result.isError, value: result.isError ? text : JSON.parse(text) };
}

describe('svcmap mcp', () => {
  it('lists its read-only tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['can_reach', 'explain_service', 'list_problem_services', 'resolve_ip', 'service_routes']);
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
  });

  it('list_problem_services and explain_service give the graph API\'s Services and diagnostics', async () => {
    const response = await getGraph(new Request('http://127.0.0.1/api/clusters/svcmap-admin/graph?namespace=shop'), { params: Promise.resolve({ context: 'svcmap-admin' }) });
    const api = graphResponseSchema.parse(await response.json()).graph.nodes.filter((node): node is ServiceNode => node.kind === 'Service');
    const problems = (await call('list_problem_services', { namespace: 'shop' })).value as { id: string; diagnostics: unknown[] }[];
    expect(problems.map((service) => service.id).sort()).toEqual(['Service/shop/checkout', 'Service/shop/recommendations']);
    const checkout = (await call('explain_service', { name: 'checkout' })).value as { service: { diagnostics: unknown[] } };
    expect(checkout.service.diagnostics).toEqual(api.find((node) => node.id === 'Service/shop/checkout')!.diagnostics);
  }, 60_000);

  it('resolve_ip, can_reach and service_routes', async () => {
    const explained = (await call('explain_service', { name: 'frontend' })).value as { endpoints: { address: string; pod?: string }[] };
    const { address } = explained.endpoints[0]!;
    expect((await call('resolve_ip', { address })).value).toMatchObject({ address, services: ['shop/frontend'] });
    expect((await call('can_reach', { from: 'workload:vault/Deployment/ledger-client', service: 'ledger', namespace: 'vault', port: 'https' })).value).toMatchObject({ allowed: true });
    expect((await call('can_reach', { from: 'namespace:shop', service: 'ledger', namespace: 'vault' })).value).toMatchObject({ allowed: false });
    const response = await getRoutes(new Request('http://127.0.0.1/api/clusters/svcmap-admin/routes?service=routing/local-only'), { params: Promise.resolve({ context: 'svcmap-admin' }) });
    expect((await call('service_routes', { service: 'local-only', namespace: 'routing' })).value).toEqual(routesResponseSchema.parse(await response.json()).routes);
  }, 60_000);

  it('a bad argument is a tool error with a message', async () => {
    expect(await call('explain_service', { name: 'nope' })).toEqual({ isError: true, value: 'Service shop/nope does not exist (kubectl get service -n shop lists them)' });
    expect(await call('can_reach', { from: 'pods:x', service: 'ledger', namespace: 'vault' })).toMatchObject({ isError: true, value: expect.stringContaining('is not understood') });
  }, 60_000);
});
