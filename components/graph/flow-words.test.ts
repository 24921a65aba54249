import { describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/graph/build';
import { withNamespaceHeadings } from '@/lib/view/namespaces';
import { loadFixture } from '@/test/fixtures/load';
import { nodeLabel } from './flow-words';

describe('nodeLabel (a node\'s accessible name)', () => {
  const graph = withNamespaceHeadings(buildGraph(loadFixture('gateway.yaml')), { collapsed: new Set() });
  const label = (id: string) => nodeLabel(graph.nodes.find((node) => node.id === id)!);

  it('counts in words, singular for one', () => {
    expect(label('Gateway/infra/unprogrammed')).toMatch(/^Gateway infra\/unprogrammed: 1 listener, no address, 2 diagnostics$/);
    expect(label('HTTPRoute/shop/wrong-port')).toMatch(/^HTTPRoute shop\/wrong-port: 1 rule, 1 diagnostic$/);
  });

  it('says what a namespace heading says, problems over Gateways and routes of how many', () => {
    expect(label('Namespace/shop')).toMatch(/^Namespace shop: \d+ routes?, \d+ Services?, (\d+ of \d+ with problems, )?\d+ pods?, \d+ ready\. Press Enter to collapse it\.$/);
  });
});
