import { describe, expect, it } from 'vitest';
import { loadFixture } from '@/test/fixtures/load';
import { buildGraph } from '@/lib/graph/build';
import { endpointRows, kubectlEndpointsColumn, servicesRoutingTo } from './details';

const graph = buildGraph(loadFixture('frontend.yaml', 'legacy-db.yaml'));

describe('details tables', () => {
  it("lists a Service's endpoints as kubectl get endpointslices does, sorted by address", () => {
    const rows = endpointRows(graph, 'Service/shop/frontend');
    expect(rows).toHaveLength(3);
    expect(rows.map((row) => row.pod)).toEqual(expect.arrayContaining(['frontend-6d9f7c-abcde']));
    expect(rows[0]).toMatchObject({ slice: 'frontend-x7k2p', ready: expect.any(Boolean), target: expect.stringMatching(/^Pod\/shop\//) });
    const addresses = rows.map((row) => row.address);
    expect([...addresses].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))).toEqual(addresses);
  });

  it('prints the ENDPOINTS column like kubectl: ready ip:port, three at most, then "+ N more..."', () => {
    const rows = endpointRows(graph, 'Service/shop/frontend');
    const column = kubectlEndpointsColumn(rows);
    const ready = rows.filter((row) => row.ready);
    expect(ready).toHaveLength(1); // the fixture's frontend: one ready pod, ports http:8080 and metrics:9090
    expect(column).toBe(`${ready[0]!.address}:8080,${ready[0]!.address}:9090`);
    const many = Array.from({ length: 5 }, (_, index) => ({ ...ready[0]!, address: `10.0.0.${index + 1}`, ports: ['http:80/TCP'] }));
    expect(kubectlEndpointsColumn(many)).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...');
    expect(kubectlEndpointsColumn([])).toBe('<none>');
    expect(kubectlEndpointsColumn(endpointRows(graph, 'Service/data/legacy-db'))).toBe('192.0.2.10:3306,192.0.2.11:3306');
  });

  it('names the Services routing to a pod', () => {
    expect(servicesRoutingTo(graph, 'Pod/shop/frontend-6d9f7c-abcde').map((service) => service.id)).toEqual(['Service/shop/frontend']);
  });
});
