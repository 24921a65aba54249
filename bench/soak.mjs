// Soak: readiness churn at a steady rate with periodic apiserver restarts, against the
// real local control plane and the production server. Prints server RSS over time,
// relists per kind, and a final ground-truth comparison; appends a row to RESULTS.md.
//   npm run bench:soak -- --minutes 30 [--rate 20] [--pods 40] [--services 1] [--restartEvery 120] [--history off] [--namespace NAME]
// --services N spreads the pods over N Deployments, each behind its own Service.
// --namespace NAME reuses (or creates, and then keeps) that namespace's workloads: a second run
//   with other server settings skips the minutes kwok takes to start 10,000 pods.
import { appendFileSync } from 'node:fs';
import { fetch } from 'undici';
import { serverEnv, serverNodeFlags } from '../server/node-flags.mjs';
import { apiClient, ensureCluster, graphRows, kubectl, parseArgs, root, rssMegabytes, rssSplit, sh, startServer, truthRows } from './lib.mjs';

const options = parseArgs({ minutes: 30, rate: 20, pods: 40, services: 1, restartEvery: 120, port: 3400, history: 'on', namespace: '' });
const cluster = ensureCluster();
const namespace = options.namespace || `soak-${Date.now().toString(36)}`;
if (!kubectl('get', 'namespace', '--ignore-not-found', '-o', 'name', namespace).trim()) kubectl('create', 'namespace', namespace);
const names = Array.from({ length: options.services }, (_, i) => (options.services === 1 ? 'web' : `web-${i}`));
const replicas = Math.max(1, Math.round(options.pods / options.services));
const workload = (name) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: app, image: registry.example/web:1, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec: {selector: {app: ${name}}, ports: [{port: 80, targetPort: http}]}`;
// A reused namespace that holds them all already is left as it is (applying 2,000 objects takes minutes).
const deployments = () => kubectl('get', 'deployments', '-n', namespace, '-o', 'name').split('\n').filter(Boolean).length;
if (!options.namespace || deployments() < options.services) {
  sh('kubectl', ['--context', 'svcmap-admin', 'apply', '-f', '-'], { input: names.map(workload).join('\n---\n'), stdio: ['pipe', 'ignore', 'inherit'] });
}
// kwok starts about 20 pods a second here: 10,000 take some eight minutes.
// A reused namespace keeps the readiness the last run's churn left: there, pods that exist are enough.
const counted = options.namespace ? 'replicas' : 'readyReplicas';
const readyPods = () => JSON.parse(kubectl('get', 'deployments', '-n', namespace, '-o', 'json')).items.reduce((sum, deployment) => sum + (deployment.status?.[counted] ?? 0), 0);
while (readyPods() < replicas * options.services) await new Promise((resolve) => setTimeout(resolve, 3000));

const server = await startServer(options.port, { history: options.history !== 'off' });
const api = apiClient(cluster.kubeconfig);
const graphUrl = `${server.base}/api/clusters/svcmap-admin/graph?namespace=${namespace}`;

// One stream client keeps the hub subscribed, as a browser tab would; count what it gets.
const stream = { events: 0, bytes: 0 };
const streamAbort = new AbortController();
(async () => {
  const response = await fetch(`${server.base}/api/clusters/svcmap-admin/stream?namespace=${namespace}`, { signal: streamAbort.signal });
  for await (const chunk of response.body) {
    stream.bytes += chunk.length;
    stream.events += (Buffer.from(chunk).toString().match(/^event: /gm) ?? []).length;
  }
})().catch(() => undefined);

const pods = () => JSON.parse(kubectl('get', 'pods', '-n', namespace, '-o', 'json')).items.map((pod) => pod.metadata.name);
let podNames = pods();
let changes = 0;
let failedChanges = 0;
const endAt = Date.now() + options.minutes * 60_000;
const churn = setInterval(() => {
  const name = podNames[Math.floor(Math.random() * podNames.length)];
  const ready = Math.random() < 0.5 ? 'false' : null; // null removes the annotation: ready again
  api('PATCH', `/api/v1/namespaces/${namespace}/pods/${name}`, { metadata: { annotations: { 'svcmap.dev/ready': ready } } }, 'application/merge-patch+json')
    .then((result) => (result.status < 300 ? changes++ : failedChanges++))
    .catch(() => failedChanges++);
}, 1000 / options.rate);

const samples = [];
let lastMemory;
let restarts = 0;
let nextRestart = Date.now() + options.restartEvery * 1000;
// Where the memory is (the server's own /api/metrics): V8's heap in use and reserved, and memory outside it (buffers).
const memoryOf = async () => {
  const text = await fetch(`${server.base}/api/metrics`).then((response) => response.text()).catch(() => '');
  const value = (name) => Number(text.match(new RegExp(`^svcmap_${name} (\\S+)`, 'm'))?.[1] ?? Number.NaN) / 2 ** 20;
  return { heapUsed: value('nodejs_heap_size_used_bytes'), heapTotal: value('nodejs_heap_size_total_bytes'), external: value('nodejs_external_memory_bytes') };
};
console.log('minute  rss_MB  anon_MB  heap_used/total_MB  external_MB  stream_events  changes  failed  apiserver_restarts');
while (Date.now() < endAt) {
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  if (Date.now() >= nextRestart) {
    sh('bash', ['cluster/component.sh', 'restart', 'kube-apiserver'], { stdio: 'ignore' });
    restarts++;
    nextRestart = Date.now() + options.restartEvery * 1000;
    podNames = pods();
  }
  const sample = { minute: ((Date.now() - (endAt - options.minutes * 60_000)) / 60_000).toFixed(1), rss: rssMegabytes(server.pid).toFixed(0) };
  samples.push(sample);
  const memory = await memoryOf();
  lastMemory = memory;
  console.log(`${sample.minute.padStart(6)}  ${sample.rss.padStart(6)}  ${String(rssSplit(server.pid).anon).padStart(7)}  ${`${memory.heapUsed.toFixed(0)}/${memory.heapTotal.toFixed(0)}`.padStart(18)}  ${memory.external.toFixed(0).padStart(11)}  ${String(stream.events).padStart(13)}  ${String(changes).padStart(7)}  ${String(failedChanges).padStart(6)}  ${restarts}`);
}
clearInterval(churn);

// Settle, then compare with ground truth.
let equal = false;
let status;
for (let attempt = 0; attempt < 60 && !equal; attempt++) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const body = await (await fetch(graphUrl)).json();
  status = body.status;
  equal = JSON.stringify(graphRows(body.graph)) === JSON.stringify(truthRows(namespace));
}
const relists = Object.fromEntries(status.kinds.map((kind) => [kind.kind, kind.lists - 1]));
console.log(`\nrelists per kind: ${JSON.stringify(relists)}`);
console.log(`final graph equals kubectl: ${equal}`);
console.log(`RSS first/last/max MB: ${samples[0]?.rss} / ${samples.at(-1)?.rss} / ${Math.max(...samples.map((s) => Number(s.rss)))}`);
const split = rssSplit(server.pid);
console.log(`RSS at the end: ${split.anon} MB anonymous (V8's heap, malloc), ${split.file} MB mapped files (node's code, libraries)`);

appendFileSync(
  `${root}/bench/RESULTS.md`,
  `| ${new Date().toISOString().slice(0, 16)} | soak | ${options.minutes} min, ${options.rate} changes/s, ${replicas * options.services} pods${options.services > 1 ? ` behind ${options.services} Services` : ' behind one Service'}, apiserver restart every ${options.restartEvery} s, history ${options.history === 'off' ? 'off' : 'on'}, node ${serverNodeFlags.join(' ')}, ${process.env.GLIBC_TUNABLES ?? serverEnv.GLIBC_TUNABLES} | ${changes} changes (${failedChanges} failed), ${restarts} restarts, RSS ${samples[0]?.rss}→${samples.at(-1)?.rss} MB (max ${Math.max(...samples.map((s) => Number(s.rss)))}; at the end ${split.anon} MB anonymous and ${split.file} MB file-backed, V8 heap ${lastMemory?.heapUsed.toFixed(0)} MB used of ${lastMemory?.heapTotal.toFixed(0)}, external ${lastMemory?.external.toFixed(0)} MB), relists ${JSON.stringify(relists)}, graph equals kubectl: ${equal} |\n`,
);

streamAbort.abort();
server.stop();
if (!options.namespace) kubectl('delete', 'namespace', namespace, '--wait=false');
cluster.stop();
process.exit(equal ? 0 : 1);
