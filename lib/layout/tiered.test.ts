import { describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/graph/build';
import type { Graph } from '@/lib/graph/model';
import { loadFixture } from '@/test/fixtures/load';
import { withNamespaceHeadings } from '@/lib/view/namespaces';
import { columnX } from './grid';
import { layoutGraph, layoutInput, PackedPositions, packPositions, sameLayout } from './tiered';

describe('layoutGraph', () => {
  const graph = buildGraph(loadFixture('frontend.yaml', 'legacy-db.yaml'));
  const positions = layoutGraph(graph).positions;

  it('places every node, in the column of its tier', () => {
    for (const node of graph.nodes) {
      const expected = node.kind === 'Service' ? columnX.Service : node.kind === 'EndpointSlice' ? columnX.EndpointSlice : columnX.backend;
      expect(positions[node.id]?.x, node.id).toBe(expected);
    }
  });

  it('never puts two nodes on the same spot', () => {
    const spots = Object.values(positions).map((p) => `${p.x},${p.y}`);
    expect(new Set(spots).size).toBe(spots.length);
  });

  it('is deterministic', () => {
    expect(layoutGraph(graph).positions).toEqual(positions);
  });

  it('keeps the Services of earlier namespaces in place when a later namespace changes', () => {
    const before = layoutGraph(graph).positions;
    // "data" sorts before "shop": adding shop pods must not move data's nodes
    const dataIds = graph.nodes.filter((node) => node.namespace === 'data').map((node) => node.id);
    const trimmed = { nodes: graph.nodes.filter((n) => n.id !== 'Pod/shop/frontend-6d9f7c-klmno'), edges: graph.edges.filter((e) => !e.target.endsWith('klmno')) };
    const after = layoutGraph(trimmed).positions;
    for (const id of dataIds) expect(after[id]).toEqual(before[id]);
  });
});

describe('layoutGraph with namespace headings', () => {
  const graph = buildGraph(loadFixture('frontend.yaml', 'legacy-db.yaml'));

  it('puts each heading above its namespace, and a collapsed namespace takes one row', () => {
    // A tall narrow pane: the namespaces stack in one column (data above shop).
    const stacked = (shown: Graph) => layoutGraph(layoutInput(shown, 0.3)).positions;
    const open = stacked(withNamespaceHeadings(graph, { collapsed: new Set() }));
    for (const namespace of ['data', 'shop']) {
      const heading = open[`Namespace/${namespace}`]!;
      const rest = graph.nodes.filter((node) => node.namespace === namespace).map((node) => open[node.id]!.y);
      expect(heading.y, namespace).toBeLessThan(Math.min(...rest));
    }
    const collapsed = stacked(withNamespaceHeadings(graph, { collapsed: new Set(["data"]) }));
    expect(Object.keys(collapsed).filter((id) => id.includes('/data/') || id === 'Namespace/data')).toEqual(['Namespace/data']);
    // shop moves up by what data no longer takes; within shop nothing moves relative to its heading.
    const shopOffset = open['Namespace/shop']!.y - collapsed['Namespace/shop']!.y;
    expect(shopOffset).toBeGreaterThan(0);
    for (const node of graph.nodes.filter((n) => n.namespace === 'shop')) expect(collapsed[node.id]!.y).toBe(open[node.id]!.y - shopOffset);
  });
});

describe('layoutGraph with memory: stable under change', () => {
  const graph = buildGraph(loadFixture('frontend.yaml', 'legacy-db.yaml', 'shapes.yaml'));
  const db = (names: string[]): Graph => {
    const template = graph.nodes.find((node) => node.id === 'Pod/data/db-1')!;
    const template_edge = graph.edges.find((edge) => edge.target === 'Pod/data/db-1')!;
    const others = (id: string) => !/^Pod\/data\/db-\d$/.test(id);
    return {
      nodes: [...graph.nodes.filter((node) => others(node.id)), ...names.map((name) => ({ ...template, id: `Pod/data/${name}`, name }))],
      edges: [
        ...graph.edges.filter((edge) => others(edge.target)),
        ...names.map((name) => ({ ...template_edge, id: `${template_edge.source}>Pod/data/${name}`, target: `Pod/data/${name}` })),
      ],
    };
  };
  const outsideDb = (graph: Graph) => graph.nodes.filter((node) => !node.id.startsWith('Pod/data/db-')).map((node) => node.id);

  it('a rollout (surge pods in, old pods out) moves no node but the rolling pods', () => {
    const before = layoutGraph(db(['db-0', 'db-1']));
    const surge = layoutGraph(db(['db-0', 'db-1', 'db-2']), before.memory);
    const done = layoutGraph(db(['db-2', 'db-3']), surge.memory);
    for (const id of outsideDb(graph)) {
      expect(surge.positions[id], id).toEqual(before.positions[id]);
      expect(done.positions[id], id).toEqual(before.positions[id]);
    }
    // Pods keep their rows while they live; a new pod takes a freed row.
    expect(surge.positions['Pod/data/db-0']).toEqual(before.positions['Pod/data/db-0']);
    expect(done.positions['Pod/data/db-2']).toEqual(surge.positions['Pod/data/db-2']);
    expect(done.positions['Pod/data/db-3']).toEqual(before.positions['Pod/data/db-0']);
  });

  it('a block does not shrink when pods leave; without memory (Reset layout) it packs again', () => {
    const big = layoutGraph(db(['db-0', 'db-1', 'db-2', 'db-3', 'db-4', 'db-5']));
    const scaledDown = layoutGraph(db(['db-0']), big.memory);
    expect(scaledDown.positions['Service/data/legacy-db']).toEqual(big.positions['Service/data/legacy-db']);
    const reset = layoutGraph(db(['db-0']));
    expect(reset.positions['Service/data/legacy-db']!.y).toBeLessThan(big.positions['Service/data/legacy-db']!.y);
    expect(layoutGraph(db(['db-0']), reset.memory).positions).toEqual(reset.positions);
  });

  it('remembers only blocks that still exist', () => {
    const layout = layoutGraph(graph);
    const withoutDb = { nodes: graph.nodes.filter((node) => node.namespace !== 'data'), edges: graph.edges.filter((edge) => edge.namespace !== 'data') };
    expect(Object.keys(layoutGraph(withoutDb, layout.memory).memory.blocks).some((id) => id.includes('/data/'))).toBe(false);
  });
});

describe('sameLayout', () => {
  const graph = buildGraph(loadFixture('frontend.yaml'));
  it('is true when only fields change (a pod turning not ready), false when nodes or edges change', () => {
    const flipped = { nodes: graph.nodes.map((node) => (node.kind === 'Pod' ? { ...node, ready: !node.ready } : node)), edges: graph.edges.map((edge) => ({ ...edge })) };
    expect(sameLayout(graph, flipped)).toBe(true);
    expect(sameLayout(graph, { nodes: graph.nodes.slice(1), edges: graph.edges })).toBe(false);
    expect(sameLayout(graph, { nodes: graph.nodes, edges: graph.edges.slice(1) })).toBe(false);
    const renamed = { nodes: graph.nodes.map((node, index) => (index === 0 ? { ...node, id: `${node.id}x` } : node)), edges: graph.edges };
    expect(sameLayout(graph, renamed)).toBe(false);
  });

  it('is false when a Service card grows (a diagnostic appeared)', () => {
    const taller = {
      nodes: graph.nodes.map((node) => (node.kind === 'Service' ? { ...node, diagnostics: [...node.diagnostics, { code: 'X', severity: 'error' as const, message: 'm', objects: [], command: 'c' }, { code: 'Y', severity: 'error' as const, message: 'm', objects: [], command: 'c' }] } : node)),
      edges: graph.edges,
    };
    expect(sameLayout(graph, taller)).toBe(false);
  });
});

describe('packPositions', () => {
  it('hands over every position in the order of the input, and the page reads them back by id', () => {
    const graph = buildGraph(loadFixture('frontend.yaml', 'legacy-db.yaml'));
    const input = layoutInput(graph);
    const { positions } = layoutGraph(input);
    const packed = new PackedPositions(input.nodes, packPositions(input, { positions }));
    for (const node of graph.nodes) expect(packed.get(node.id), node.id).toEqual(positions[node.id]);
    expect(packed.get('Pod/nowhere/none')).toBeUndefined();
    // A node the layout left out reads as no position, not as (0, 0).
    const partial = packPositions(input, { positions: { [graph.nodes[0]!.id]: { x: 0, y: 0 } } });
    const read = new PackedPositions(input.nodes, partial);
    expect([read.get(graph.nodes[0]!.id), read.get(graph.nodes[1]!.id)]).toEqual([{ x: 0, y: 0 }, undefined]);
  });
});

describe('packing namespaces to the pane', () => {
  const manyNamespaces = (count: number, servicesEach = 3, servicesOf: (index: number) => number = () => servicesEach): Graph => {
    const template = buildGraph(loadFixture('frontend.yaml'));
    const nodes: Graph['nodes'] = [];
    for (let index = 0; index < count; index++) {
      const namespace = `ns-${String(index).padStart(2, '0')}`;
      for (let service = 0; service < servicesOf(index); service++) {
        const base = template.nodes.find((node) => node.kind === 'Service')!;
        nodes.push({ ...base, id: `Service/${namespace}/svc-${service}`, namespace, name: `svc-${service}` });
      }
    }
    return withNamespaceHeadings({ nodes, edges: [] }, { collapsed: new Set() });
  };
  const columnsOf = (positions: Record<string, { x: number }>) => new Set(Object.entries(positions).filter(([id]) => id.startsWith('Namespace/')).map(([, position]) => position.x)).size;

  it('lays namespaces side by side on a wide pane, and in fewer columns on a tall one', () => {
    const graph = manyNamespaces(12);
    const wide = layoutGraph(layoutInput(graph, 16 / 9));
    const tall = layoutGraph(layoutInput(graph, 9 / 16));
    expect(columnsOf(wide.positions)).toBeGreaterThan(2);
    expect(columnsOf(tall.positions)).toBeLessThan(columnsOf(wide.positions));
  });

  it('gives each namespace heading a tile as tall as its Services, with no two tiles overlapping', () => {
    const graph = manyNamespaces(6, 4);
    const { positions, tiles } = layoutGraph(layoutInput(graph, 1.6));
    const rectangles = Object.entries(tiles).map(([id, size]) => ({ id, ...positions[id]!, ...size }));
    expect(rectangles).toHaveLength(6);
    for (const a of rectangles) {
      const inside = graph.nodes.filter((node) => node.kind === 'Service' && `Namespace/${node.namespace}` === a.id).map((node) => positions[node.id]!);
      for (const point of inside) {
        expect(point.x).toBeGreaterThanOrEqual(a.x);
        expect(point.y).toBeGreaterThan(a.y);
        expect(point.y).toBeLessThan(a.y + a.height);
      }
      for (const b of rectangles) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.id} and ${b.id}`).toBe(true);
      }
    }
  });

  it('keeps every namespace in its column when one grows; only what is below it in that column moves', () => {
    const graph = manyNamespaces(8);
    const first = layoutGraph(layoutInput(graph, 16 / 9));
    const grown: Graph = { nodes: [...graph.nodes, { ...graph.nodes.find((node) => node.kind === 'Service')!, id: 'Service/ns-00/svc-9', name: 'svc-9', namespace: 'ns-00' }], edges: [] };
    const second = layoutGraph(layoutInput(grown, 16 / 9), first.memory);
    const columnOf = (namespace: string) => first.positions[`Namespace/${namespace}`]!.x;
    let moved = 0;
    for (const node of graph.nodes) {
      const before = first.positions[node.id]!;
      const after = second.positions[node.id]!;
      expect(after.x, node.id).toBe(before.x);
      const belowInSameColumn = columnOf(node.namespace) === columnOf('ns-00') && node.namespace > 'ns-00';
      if (!belowInSameColumn) expect(after.y, node.id).toBe(before.y);
      else if (after.y !== before.y) moved++;
    }
    expect(moved).toBeGreaterThan(0); // the column below ns-00 did make room
  });

  // The demo's shape: four small namespaces and one with ten Services, taller than the pane is wide.
  const oneTall = () => manyNamespaces(5, 2, (index) => (index === 4 ? 12 : 2));
  const serviceXs = (positions: Record<string, { x: number }>, namespace: string) =>
    new Set(Object.entries(positions).filter(([id]) => id.startsWith(`Service/${namespace}/`)).map(([, position]) => position.x));
  const fitZoom = (layout: ReturnType<typeof layoutGraph>, aspect: number) => {
    const corners = Object.entries(layout.tiles).map(([id, tile]) => ({ ...layout.positions[id]!, ...tile }));
    const width = Math.max(...corners.map((tile) => tile.x + tile.width)) - Math.min(...corners.map((tile) => tile.x));
    const height = Math.max(...corners.map((tile) => tile.y + tile.height)) - Math.min(...corners.map((tile) => tile.y));
    return Math.min(aspect / width, 1 / height);
  };

  it('spreads a namespace too tall for the pane over columns of its own, so the map fits larger; tiles apart, Services in their tile', () => {
    const graph = oneTall();
    const spread = layoutGraph(layoutInput(graph, 16 / 9));
    expect(serviceXs(spread.positions, 'ns-04').size).toBeGreaterThan(1);
    for (const namespace of ['ns-00', 'ns-01', 'ns-02', 'ns-03']) expect(serviceXs(spread.positions, namespace).size).toBe(1);
    // Against the same map with every namespace in one column (what the layout drew before).
    const single = layoutGraph(layoutInput(graph, 16 / 9), { blocks: {}, packing: { namespaces: 'ns-00,ns-01,ns-02,ns-03,ns-04', columns: { 'ns-00': 0, 'ns-01': 1, 'ns-02': 2, 'ns-03': 3, 'ns-04': 4 } } });
    expect(serviceXs(single.positions, 'ns-04').size).toBe(1);
    expect(fitZoom(spread, 16 / 9)).toBeGreaterThan(fitZoom(single, 16 / 9) * 1.1);
    const rectangles = Object.entries(spread.tiles).map(([id, size]) => ({ id, ...spread.positions[id]!, ...size }));
    for (const a of rectangles) {
      for (const node of graph.nodes.filter((candidate) => candidate.kind === 'Service' && `Namespace/${candidate.namespace}` === a.id)) {
        const at = spread.positions[node.id]!;
        expect(at.x).toBeGreaterThanOrEqual(a.x);
        expect(at.x + 256).toBeLessThanOrEqual(a.x + a.width);
        expect(at.y).toBeLessThan(a.y + a.height);
      }
      for (const b of rectangles) {
        if (a !== b) expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y, `${a.id} and ${b.id}`).toBe(true);
      }
    }
  });

  it('keeps a spread namespace spread, and every other namespace in place, when it gains a Service', () => {
    const graph = oneTall();
    const first = layoutGraph(layoutInput(graph, 16 / 9));
    const service = graph.nodes.find((node) => node.kind === 'Service')!;
    const grown: Graph = { nodes: [...graph.nodes, { ...service, id: 'Service/ns-04/zz-new', name: 'zz-new', namespace: 'ns-04' }], edges: [] };
    const second = layoutGraph(layoutInput(grown, 16 / 9), first.memory);
    expect(serviceXs(second.positions, 'ns-04')).toEqual(serviceXs(first.positions, 'ns-04'));
    for (const node of graph.nodes) if (node.namespace !== 'ns-04') expect(second.positions[node.id], node.id).toEqual(first.positions[node.id]);
  });

  it('keeps a spread namespace spread when it is collapsed and opened again', () => {
    const graph = oneTall();
    const first = layoutGraph(layoutInput(graph, 16 / 9));
    const collapsed = withNamespaceHeadings({ nodes: graph.nodes.filter((node) => node.kind !== 'Namespace'), edges: [] }, { collapsed: new Set(['ns-04']) });
    const folded = layoutGraph(layoutInput(collapsed, 16 / 9), first.memory);
    const opened = layoutGraph(layoutInput(graph, 16 / 9), folded.memory);
    expect(opened.positions).toEqual(first.positions);
  });

  it('shown alone, a namespace spread among others is fitted to the pane afresh', () => {
    const graph = oneTall();
    const first = layoutGraph(layoutInput(graph, 16 / 9));
    expect(serviceXs(first.positions, 'ns-04').size).toBe(2);
    const alone: Graph = { nodes: graph.nodes.filter((node) => node.namespace === 'ns-04'), edges: [] };
    expect(layoutGraph(layoutInput(alone, 4), first.memory).positions).toEqual(layoutGraph(layoutInput(alone, 4)).positions);
    expect(serviceXs(layoutGraph(layoutInput(alone, 4), first.memory).positions, 'ns-04').size).toBeGreaterThan(2);
  });

  it('packs tiles to the current pane once more when the set of namespaces changes', () => {
    const graph = manyNamespaces(4);
    const wide = layoutGraph(layoutInput(graph, 4));
    const fewer: Graph = { nodes: graph.nodes.filter((node) => node.namespace !== 'ns-03'), edges: [] };
    const again = layoutGraph(layoutInput(fewer, 0.2), wide.memory);
    expect(columnsOf(again.positions)).toBe(1);
  });
});

describe('one namespace alone', () => {
  const graph = (services: number, extraPods = 0): Graph => {
    const template = buildGraph(loadFixture('frontend.yaml'));
    const service = template.nodes.find((node) => node.kind === 'Service')!;
    const pod = template.nodes.find((node) => node.kind === 'Pod')!;
    const nodes: Graph['nodes'] = [];
    const edges: Graph['edges'] = [];
    for (let index = 0; index < services; index++) {
      const id = `Service/shop/svc-${String(index).padStart(2, '0')}`;
      nodes.push({ ...service, id, name: id.split('/')[2]! });
      for (let p = 0; p < 2 + (index === 0 ? extraPods : 0); p++) {
        const podId = `Pod/shop/pod-${index}-${p}`;
        nodes.push({ ...pod, id: podId, name: podId.split('/')[2]! });
        edges.push({ id: `${id}>${podId}`, source: id, target: podId, namespace: 'shop', relation: 'selected', reason: 'x' } as Graph['edges'][number]);
      }
    }
    return withNamespaceHeadings({ nodes, edges }, { collapsed: new Set() });
  };

  it('spreads its Services over columns of its own on a wide pane, in a tile that holds them all, no two nodes on one spot', () => {
    const input = layoutInput(graph(12), 16 / 9);
    const { positions, tiles } = layoutGraph(input);
    const serviceColumns = new Set(input.nodes.filter((node) => node.kind === 'Service').map((node) => positions[node.id]!.x));
    expect(serviceColumns.size).toBeGreaterThan(1);
    const tile = { ...positions['Namespace/shop']!, ...tiles['Namespace/shop']! };
    const spots = new Set<string>();
    for (const node of input.nodes.filter((candidate) => candidate.kind !== 'Namespace')) {
      const at = positions[node.id]!;
      expect(at.x).toBeGreaterThanOrEqual(tile.x);
      expect(at.x + 256).toBeLessThanOrEqual(tile.x + tile.width);
      expect(at.y).toBeLessThan(tile.y + tile.height);
      spots.add(`${at.x},${at.y}`);
    }
    expect(spots.size).toBe(input.nodes.length - 1);
  });

  it('keeps every Service in its column and place when a Service gains pods', () => {
    const first = layoutGraph(layoutInput(graph(12), 16 / 9));
    const second = layoutGraph(layoutInput(graph(12, 1), 16 / 9), first.memory);
    for (const [id, position] of Object.entries(first.positions)) if (id.startsWith('Service/')) expect(second.positions[id], id).toEqual(position);
  });
});

describe('reading order', () => {
  it('puts each namespace heading before its cards, cards by row then column, namespaces as their tiles lie', () => {
    const graph = withNamespaceHeadings(buildGraph(loadFixture('frontend.yaml', 'legacy-db.yaml')), { collapsed: new Set() });
    const input = layoutInput(graph, 0.5); // tall: one column, data above shop
    const { positions, tiles } = layoutGraph(input);
    const packed = new PackedPositions(input.nodes, packPositions(input, { positions, tiles }));
    const ordered = [...input.nodes].sort((a, b) => packed.rank(a.id) - packed.rank(b.id)).map((node) => node.id);
    expect(ordered[0]).toBe('Namespace/data');
    expect(ordered.indexOf('Namespace/shop')).toBeGreaterThan(ordered.indexOf('Service/data/legacy-db'));
    expect(ordered.indexOf('Service/shop/frontend')).toBe(ordered.indexOf('Namespace/shop') + 1);
  });
});

describe('layoutGraph: what stands in front of Services', () => {
  // gateway.yaml: Gateways in infra; routes and Ingresses in shop, beside shop's Services.
  const graph = buildGraph(loadFixture('gateway.yaml'));
  const { positions } = layoutGraph(graph);
  // x within the namespace's tile (namespaces are packed side by side).
  const left = (namespace: string) => Math.min(...graph.nodes.filter((node) => node.namespace === namespace).map((node) => positions[node.id]!.x));
  const xs = (namespace: string, kinds: string[]) => new Set(graph.nodes.filter((node) => node.namespace === namespace && kinds.includes(node.kind)).map((node) => positions[node.id]!.x - left(namespace)));

  it('puts Gateways and Ingresses, then routes, in columns left of the Services, only where there are any', () => {
    // shop: Ingresses, then routes, then the Services' tiers.
    expect(xs('shop', ['Ingress'])).toEqual(new Set([0]));
    expect(xs('shop', ['HTTPRoute'])).toEqual(new Set([360]));
    expect(xs('shop', ['Service'])).toEqual(new Set([720 + columnX.Service]));
    // payments: Services only, no front column.
    expect(xs('payments', ['Service'])).toEqual(new Set([columnX.Service]));
  });

  it('moves nothing outside its column when a route changes or a route is added', () => {
    const route = graph.nodes.find((node) => node.id === 'HTTPRoute/shop/checkout')!;
    const grown = { nodes: graph.nodes.map((node) => (node === route && node.kind === 'HTTPRoute' ? { ...node, rules: [...node.rules, ...node.rules, ...node.rules, ...node.rules, ...node.rules] } : node)), edges: graph.edges };
    const added = { nodes: [...graph.nodes, { ...route, id: 'HTTPRoute/shop/zz-last', name: 'zz-last' }], edges: graph.edges };
    for (const changed of [grown, added]) {
      const after = layoutGraph(changed).positions;
      for (const node of graph.nodes) {
        // Routes below the one that grew may move down in the route column; nothing else moves.
        if (node.kind === 'HTTPRoute' && node.namespace === 'shop' && node.name > 'checkout') continue;
        expect(after[node.id], node.id).toEqual(positions[node.id]);
      }
    }
  });

  it('keeps the front columns\' room once opened: routes that go and come back move no Service', () => {
    const first = layoutGraph(graph);
    const withoutFront = { nodes: graph.nodes.filter((node) => !['HTTPRoute', 'Ingress'].includes(node.kind)), edges: graph.edges.filter((edge) => !/^(HTTPRoute|Ingress)\//.test(edge.source)) };
    const gone = layoutGraph(withoutFront, first.memory);
    const back = layoutGraph(graph, gone.memory);
    for (const node of withoutFront.nodes) {
      expect(gone.positions[node.id], node.id).toEqual(first.positions[node.id]);
      expect(back.positions[node.id], node.id).toEqual(first.positions[node.id]);
    }
    // Without the memory (Reset layout), shop packs afresh with no front column.
    const fresh = layoutGraph(withoutFront).positions;
    const shopLeft = Math.min(...withoutFront.nodes.filter((node) => node.namespace === 'shop').map((node) => fresh[node.id]!.x));
    expect(fresh['Service/shop/checkout']!.x - shopLeft).toBe(columnX.Service);
  });
});
