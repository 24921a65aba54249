import { IncrementalGraph } from '@/lib/graph/incremental';
import { applyWatchEvent, emptyStore } from '@/lib/graph/store';
import type { KubeObject } from '@/lib/graph/objects';

const store = emptyStore();
const N = 10000;
const nodes = 5;
const put = (o: any) => applyWatchEvent(store, (o.kind === 'Service' ? 'services' : o.kind === 'Pod' ? 'pods' : o.kind === 'Node' ? 'nodes' : 'endpointslices') as any, { type: 'ADDED', object: o as KubeObject });
for (let n = 0; n < nodes; n++) put({ kind: 'Node', uid: `n${n}`, namespace: '', name: `node-${n}`, resourceVersion: '1', labels: {}, ready: true, unschedulable: false, zone: `z${n % 3}`, addresses: [] , taints: []});
put({ kind: 'Service', uid: 's', namespace: 'ns', name: 'web', resourceVersion: '1', labels: {}, type: 'ClusterIP', clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], selector: { app: 'web' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 'http' }], publishNotReadyAddresses: false, ipFamilies: ['IPv4'], loadBalancerIngress: [], loadBalancerVIPs: [], externalIPs: [] });
const pod = (i: number, rv = '1', ready = true) => ({ kind: 'Pod', uid: `p${i}`, namespace: 'ns', name: `web-${i}`, resourceVersion: rv, labels: { app: 'web' }, phase: 'Running', podIPs: [`10.1.${i >> 8}.${i & 255}`], nodeName: `node-${i % nodes}`, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], containers: [{ name: 'app', ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }] }], containerStatuses: [{ name: 'app', ready, restartCount: 0 }], hostNetwork: false });
for (let i = 0; i < N; i++) put(pod(i));
const slice = (s: number, rv = '1', flip = -1) => ({ kind: 'EndpointSlice', uid: `es${s}`, namespace: 'ns', name: `web-${s}`, resourceVersion: rv, labels: {}, serviceName: 'web', managedBy: 'endpointslice-controller.k8s.io', addressType: 'IPv4', ports: [{ name: '', protocol: 'TCP', port: 8080 }], endpoints: Array.from({ length: 100 }, (_, k) => { const i = s * 100 + k; return { addresses: [`10.1.${i >> 8}.${i & 255}`], ready: i !== flip, serving: i !== flip, terminating: false, nodeName: `node-${i % nodes}`, hintsForZones: [], targetRef: { kind: 'Pod', namespace: 'ns', name: `web-${i}`, uid: `p${i}` } }; }) });
for (let s = 0; s < N / 100; s++) put(slice(s));
let t = performance.now();
const graph = new IncrementalGraph(store);
console.log('initial build ms', (performance.now() - t).toFixed(0), graph.graph().nodes.length);
let rv = 10;
for (let round = 0; round < 300; round++) {
  const changes = [];
  for (let k = 0; k < 28; k++) {
    const i = Math.floor(Math.random() * N);
    rv++;
    changes.push(...applyWatchEvent(store, 'pods', { type: 'MODIFIED', object: pod(i, String(rv), Math.random() < 0.5) as KubeObject }), ...applyWatchEvent(store, 'endpointslices', { type: 'MODIFIED', object: slice(Math.floor(i / 100), String(rv), i) as KubeObject }));
  }
  graph.apply(changes);
  if (round % 50 === 0) { (globalThis as any).gc(); const m = process.memoryUsage(); console.log(round, 'heapUsed MB', (m.heapUsed / 1e6).toFixed(0), 'rss', (m.rss / 1e6).toFixed(0)); }
}
(globalThis as any).gc?.();
const m = process.memoryUsage();
console.log('heapUsed MB', (m.heapUsed / 1e6).toFixed(0), 'rss', (m.rss / 1e6).toFixed(0), 'external', (m.external / 1e6).toFixed(0));
