// svcmap benchmarks against the real local control plane (see bench/RESULTS.md).
//   npm run bench                 1,000 Services / 10,000 Pods
//   npm run bench -- --quick      50 Services / 500 Pods, for development
//   npm run bench -- --smoke      3 Services / 6 Pods, run by the test suite so this cannot rot
// Prints one table per measure and appends a dated row to bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { fetch } from 'undici';
import { apiClient, cpuSecondsOf, ensureCluster, kubectl, parseArgs, pin, renice, root, rssMegabytes, sh, startServer } from './lib.mjs';
import { smallestTextInPage } from '../e2e/readability.mts';

const options = parseArgs({ history: 'on', quick: false, smoke: false, profile: false, 'rollout-all-open': false, 'cluster-nice': 10, 'server-nice': 0, pin: false, rollout: 500, services: 1000, pods: 10000, namespaces: 20, routes: 200, changes: 200, rate: 20, port: 3500 });
if (options.quick) Object.assign(options, { services: 50, pods: 500, namespaces: 5, rollout: 100, routes: 20 });
if (options.smoke) Object.assign(options, { services: 3, pods: 6, namespaces: 1, changes: 10, routes: 2 });
const perService = Math.max(1, Math.round(options.pods / options.services));
const results = {};
const cluster = ensureCluster();
const api = apiClient(cluster.kubeconfig);
const run = Date.now().toString(36);
const namespaces = Array.from({ length: options.namespaces }, (_, i) => `bench-${run}-${i}`);

// --- scale generator -------------------------------------------------------------
function workloadYaml() {
  const docs = namespaces.map((ns) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}`);
  for (let i = 0; i < options.services; i++) {
    const ns = namespaces[i % namespaces.length];
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}, namespace: ${ns}}
spec:
  replicas: ${perService}
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec: {containers: [{name: app, image: registry.example/app:1, ports: [{name: http, containerPort: 8080}]}]}`);
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: app-${i}, namespace: ${ns}}
spec: {selector: {app: app-${i}}, ports: [{name: http, port: 80, targetPort: http}]}`);
  }
  // In front of them: one Gateway admitting routes from every namespace, and HTTPRoutes spread
  // over the namespaces, each splitting 90/10 between two Services of its namespace.
  if (options.routes > 0) {
    docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: bench, namespace: ${namespaces[0]}}
spec: {gatewayClassName: bench, listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]}`);
  }
  for (let i = 0; i < options.routes; i++) {
    const ns = namespaces[i % namespaces.length];
    const first = i % options.services;
    const second = (first + namespaces.length) % options.services;
    docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: route-${i}, namespace: ${ns}}
spec:
  parentRefs: [{name: bench, namespace: ${namespaces[0]}}]
  hostnames: [route-${i}.bench.test]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs: [{name: app-${first}, port: 80, weight: 90}, {name: app-${second}, port: 80, weight: 10}]
  - backendRefs: [{name: app-${first}, port: 80}]`);
  }
  return docs.join('\n---\n');
}

/** Ready and terminating endpoints in this run's EndpointSlices (of the Services named, or all). */
function endpointCounts(services = []) {
  const selector = services.length > 0 ? ['-l', `kubernetes.io/service-name in (${services.join(',')})`] : ['-l', 'endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io'];
  const slices = JSON.parse(kubectl('get', 'endpointslices', '-A', ...selector, '-o', 'json')).items.filter((slice) => slice.metadata.namespace.startsWith(`bench-${run}-`));
  const endpoints = slices.flatMap((slice) => slice.endpoints ?? []);
  return { ready: endpoints.filter((e) => e.conditions?.ready).length, terminating: endpoints.filter((e) => e.conditions?.terminating).length };
}

/** Ready replicas of this run's Deployments: a much smaller list than the slices while waiting. */
function readyReplicas() {
  const deployments = JSON.parse(kubectl('get', 'deployments', '-A', '-o', 'json')).items.filter((deployment) => deployment.metadata.namespace.startsWith(`bench-${run}-`));
  return deployments.reduce((sum, deployment) => sum + (deployment.status?.readyReplicas ?? 0), 0);
}

const expectedPods = options.services * perService;
let started = Date.now();
sh('kubectl', ['--context', 'svcmap-admin', 'apply', '-f', '-'], { input: workloadYaml(), stdio: ['pipe', 'ignore', 'inherit'] });
while (readyReplicas() < expectedPods) await sleep(options.smoke ? 200 : 3000);
while (endpointCounts().ready < expectedPods) await sleep(options.smoke ? 200 : 1000);
results.load = { services: options.services, pods: expectedPods, seconds: (Date.now() - started) / 1000 };
table('Scale generator', [['services', options.services], ['pods', expectedPods], ['load until all endpoints ready (s)', results.load.seconds.toFixed(1)]]);

// --- the CLI: startup to first answer, vs kubectl describe on the same cluster ----------
// Wall time of whole processes (Node start, module loading, the LISTs of one namespace, the
// graph), median of 5; and how much of it is loading @kubernetes/client-node alone. Before
// the server starts: the CLI needs none, and the server's idle connections stay fresh.
const medianOf = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const wallSeconds = (command, args) => {
  const times = [];
  for (let run = 0; run < 5; run++) {
    const begun = performance.now();
    // Exit 1 is an answer (an error-severity diagnostic somewhere), 2 a failure.
    const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0 && result.status !== 1) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.error})`);
    times.push((performance.now() - begun) / 1000);
  }
  return medianOf(times);
};
const cliArgs = ['cli/svcmap.mjs', '--context', 'svcmap-admin'];
const node24 = `${root}node_modules/.bin/node`;
results.cli = {
  why: wallSeconds(node24, [...cliArgs, 'why', 'app-0', '-n', namespaces[0]]),
  describe: wallSeconds('kubectl', ['--context', 'svcmap-admin', 'describe', 'service', 'app-0', '-n', namespaces[0]]),
  get: wallSeconds(node24, [...cliArgs, 'get', '-A']),
  kubectlGet: wallSeconds('kubectl', ['--context', 'svcmap-admin', 'get', 'services', '-A']),
  clientNode: wallSeconds(node24, ['--input-type=module', '-e', "await import('@kubernetes/client-node')"]),
};
table('CLI: startup to first answer, median of 5 (s)', [
  [`svcmap why app-0 -n ${namespaces[0]}`, results.cli.why.toFixed(2)],
  [`kubectl describe service app-0 -n ${namespaces[0]}`, results.cli.describe.toFixed(2)],
  [`svcmap get -A (${options.services} Services)`, results.cli.get.toFixed(2)],
  ['kubectl get services -A', results.cli.kubectlGet.toFixed(2)],
  ['of svcmap\'s time: Node loading @kubernetes/client-node alone', results.cli.clientNode.toFixed(2)],
]);

// --- time to first complete graph, cold server, vs kubectl -------------------------
started = Date.now();
sh('kubectl', ['--context', 'svcmap-admin', 'get', `services,endpointslices,pods${options.routes > 0 ? ',httproutes' : ''}`, '-A', '-o', 'json'], { stdio: ['ignore', 'ignore', 'inherit'] });
const kubectlSeconds = (Date.now() - started) / 1000;
const server = await startServer(options.port, { history: options.history !== 'off' });
const graphUrl = `${server.base}/api/clusters/svcmap-admin/graph?namespace=${namespaces.join(',')}`;
// The first sync's peak RSS (goal ≤ 350 MB at 10,000 pods): sampled every 100 ms while it runs.
let rssPeakSync = 0;
const peakSampler = setInterval(() => (rssPeakSync = Math.max(rssPeakSync, rssMegabytes(server.pid))), 100);
started = Date.now();
let graphBody;
for (;;) {
  const text = await (await fetch(graphUrl)).text();
  graphBody = JSON.parse(text);
  const services = graphBody.graph.nodes.filter((node) => node.kind === 'Service');
  const ready = services.reduce((sum, node) => sum + node.endpoints.ready, 0);
  const routes = graphBody.graph.nodes.filter((node) => node.kind === 'HTTPRoute').length;
  if (services.length === options.services && ready === expectedPods && routes === options.routes) {
    results.snapshotBytes = text.length;
    results.snapshotGzipBytes = gzipSync(text).length;
    break;
  }
  await sleep(100);
}
const svcmapSeconds = (Date.now() - started) / 1000;
const syncedAt = Date.now();
clearInterval(peakSampler);
const rssAfterSync = rssMegabytes(server.pid);
rssPeakSync = Math.max(rssPeakSync, rssAfterSync);
table('Time to first complete graph (cold server)', [
  [`kubectl get services,endpointslices,pods${options.routes > 0 ? ',httproutes' : ''} -A -o json (s)`, kubectlSeconds.toFixed(2)],
  [`svcmap GET /graph until every Service, ready endpoint and route (${options.routes}) is there (s)`, svcmapSeconds.toFixed(2)],
  ['ratio (goal ≤ 1.5)', (svcmapSeconds / kubectlSeconds).toFixed(2)],
  ['snapshot size raw / gzip (KB)', `${(results.snapshotBytes / 1024).toFixed(0)} / ${(results.snapshotGzipBytes / 1024).toFixed(0)}`],
  ['server RSS after sync (MB)', rssAfterSync.toFixed(0)],
  ['server RSS peak during the sync (MB, goal ≤ 350 at 10,000 pods)', rssPeakSync.toFixed(0)],
]);

// --- NetworkPolicy: one source against every Service, with 200 policies -----------------
// Per namespace a default deny, then rules of every shape (pod and namespace selectors, named
// ports, ranges, ipBlocks, egress). Timed by the route's Server-Timing (the evaluation alone)
// and by the client (the whole JSON answer).
const policyCount = options.smoke ? 4 : options.quick ? 50 : 200;
function policyYaml() {
  const docs = [];
  for (let i = 0; i < policyCount; i++) {
    const ns = namespaces[i % namespaces.length];
    const app = `app-${(i * 7) % options.services}`;
    const shape = Math.floor(i / namespaces.length) % 4;
    const spec =
      shape === 0 ? '{podSelector: {}, policyTypes: [Ingress]}'
      : shape === 1 ? `{podSelector: {matchLabels: {app: ${app}}}, ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${namespaces[(i + 1) % namespaces.length]}}}}, {podSelector: {matchExpressions: [{key: app, operator: In, values: [${app}, app-1]}]}}], ports: [{port: http}]}]}`
      : shape === 2 ? `{podSelector: {matchLabels: {app: ${app}}}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.244.7.0/24]}}], ports: [{port: 8000, endPort: 9000}]}]}`
      : `{podSelector: {matchLabels: {app: ${app}}}, policyTypes: [Egress], egress: [{to: [{namespaceSelector: {}}], ports: [{port: 8080}, {protocol: UDP, port: 53}]}]}`;
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bench-${i}, namespace: ${ns}, labels: {bench: reach}}\nspec: ${spec}`);
  }
  return docs.join('\n---\n');
}
sh('kubectl', ['--context', 'svcmap-admin', 'apply', '-f', '-'], { input: policyYaml(), stdio: ['pipe', 'ignore', 'inherit'] });
const reachUrl = (from) => `${server.base}/api/clusters/svcmap-admin/reachability?from=${encodeURIComponent(from)}`;
for (;;) {
  const body = await (await fetch(reachUrl(`namespace:${namespaces[0]}`))).json();
  if (body.policies >= policyCount) break;
  await sleep(200);
}
const timeReach = async (from) => {
  const evaluate = [];
  const total = [];
  let edges = 0;
  let blocked = 0;
  let bytes = 0;
  for (let run = 0; run < 5; run++) {
    const begun = performance.now();
    const response = await fetch(reachUrl(from));
    const text = await response.text();
    total.push(performance.now() - begun);
    evaluate.push(Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]));
    const body = JSON.parse(text);
    edges = Object.keys(body.edges).length;
    blocked = Object.values(body.edges).filter((edge) => edge.state !== 'allowed').length;
    bytes = text.length;
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  return `${median(evaluate).toFixed(0)} / ${Math.max(...evaluate).toFixed(0)} ms; whole answer ${median(total).toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KB; ${edges} endpoint edges, ${blocked} not allowed`;
};
results.reach = { workload: await timeReach(`workload:${namespaces[0]}/Deployment/app-0`), namespace: await timeReach(`namespace:${namespaces[0]}`) };
table(`NetworkPolicy reachability, ${policyCount} policies, every Service, 5 requests (the first also indexes every Service port's endpoints, kept until the store changes) (goal: evaluation < 100 ms on the server)`, [
  ['from one workload: evaluation median / max (Server-Timing)', results.reach.workload],
  [`from every pod of a namespace (${perService * Math.ceil(options.services / options.namespaces)} pods): evaluation median / max`, results.reach.namespace],
]);
sh('kubectl', ['--context', 'svcmap-admin', 'delete', 'networkpolicy', '-A', '-l', 'bench=reach', '--wait=false'], { stdio: ['ignore', 'ignore', 'inherit'] });

// --- the same in Chromium: page load until the graph of every bench namespace is drawn --
const { chromium } = await import('@playwright/test');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
const drawn = (expected, timeout) => page.waitForFunction((count) => Number(document.querySelector('[data-testid="graph"]')?.getAttribute('data-nodes')) >= count, expected, { timeout, polling: 50 });
const allNodes = graphBody.graph.nodes.length;
const pageUrl = `${server.base}/?context=svcmap-admin&namespace=${namespaces.join(',')}`;
// As a person opens it: a graph this big starts as one heading per namespace, with its
// counts — every Service is there, aggregated into its namespace (one DOM node each).
const headingsCounted = (expected, timeout) =>
  page.waitForFunction(
    ({ services, pods }) => {
      const summaries = [...document.querySelectorAll('[data-testid="namespace-summary"]')].map((element) => element.textContent ?? '');
      const sum = (pattern) => summaries.reduce((total, text) => total + Number(pattern.exec(text)?.[1] ?? 0), 0);
      return sum(/(\d+) Services?/) === services && sum(/(\d+) ready/) === pods;
    },
    expected,
    { timeout, polling: 50 },
  );
// The page opens collapsed above 2,000 nodes in several namespaces (collapseAbove in lib/view/namespaces.ts).
const opensCollapsed = options.namespaces > 1 && allNodes > 2000;
started = Date.now();
await page.goto(pageUrl);
const headingsSeconds = !opensCollapsed ? null : await headingsCounted({ services: options.services, pods: expectedPods }, 180_000).then(() => (Date.now() - started) / 1000, () => null);
// A readable first picture: page load until the graph is live and drawn with no text on the
// map below 11 px on screen (the rule of e2e/readable.spec.ts, the same function).
started = Date.now();
await page.goto(pageUrl);
const readableSeconds = await page.waitForFunction(smallestTextInPage, 11, { timeout: 180_000, polling: 100 }).then(() => (Date.now() - started) / 1000, () => null);
const readable = await page.evaluate(smallestTextInPage, undefined);
// The whole map at once (collapsed= : no namespace collapsed); data-nodes counts the headings too.
started = Date.now();
await page.goto(`${pageUrl}&collapsed=`);
const browserSeconds = await drawn(allNodes + options.namespaces, 180_000).then(() => (Date.now() - started) / 1000, () => null);
const seconds = (value, limit) => (value === null ? `not within ${limit} s` : value.toFixed(2));
table('Time to first complete graph in Chromium (cold page, warm server)', [
  [`as it opens: page load until a readable first picture (live, no map text below 11 px; zoom ${readable.zoom.toFixed(3)}, smallest text ${readable.size.toFixed(1)} px) (s)`, seconds(readableSeconds, 180)],
  ...(!opensCollapsed ? [] : [
    [`as it opens: page load until the ${options.namespaces} namespace headings count all ${options.services} Services and ${expectedPods} ready pods (s)`, seconds(headingsSeconds, 180)],
    ['ratio to kubectl get (goal ≤ 1.5)', headingsSeconds === null ? '–' : (headingsSeconds / kubectlSeconds).toFixed(2)],
  ]),
  [`every namespace open: page load until all ${allNodes} nodes are laid out and handed to React Flow (s)`, seconds(browserSeconds, 180)],
  ['ratio to kubectl get (goal ≤ 1.5)', browserSeconds === null ? '–' : (browserSeconds / kubectlSeconds).toFixed(2)],
]);

// The first list's garbage (whole JSON lists of every kind) is gone by now.
const rssSettled = rssMegabytes(server.pid);
table('Server memory', [
  ['RSS right after the first complete graph (MB)', rssAfterSync.toFixed(0)],
  ["RSS after the browser's first graph, the first lists collected (MB, goal ≤ 300)", rssSettled.toFixed(0)],
]);

const cpuSeconds = () => cpuSecondsOf(server.pid);

// --- the page at full size: frame time while panning, long tasks during a rollout ----
// Zoomed in to a readable scale (as a person reads the map), the view is dragged down the
// graph while every frame's time is noted.
await page.mouse.move(800, 500);
for (let step = 0; step < 10; step++) await page.mouse.wheel(0, -200);
await sleep(1000);
await page.evaluate(() => {
  window.__frames = [];
  const tick = (at) => {
    window.__frames.push(at);
    if (window.__framing) requestAnimationFrame(tick);
  };
  window.__framing = true;
  requestAnimationFrame(tick);
});
for (let drag = 0; drag < 4; drag++) {
  await page.mouse.move(100, 900);
  await page.mouse.down();
  await page.mouse.move(100, 100, { steps: 60 });
  await page.mouse.up();
}
const frameTimes = await page.evaluate(() => {
  window.__framing = false;
  return window.__frames.slice(1).map((at, index) => at - window.__frames[index]);
});
const panning = {
  frames: frameTimes.length,
  p50: percentile(frameTimes, 50),
  p95: percentile(frameTimes, 95),
  max: Math.max(...frameTimes),
  slow: frameTimes.filter((ms) => ms > 50).length,
};
const drawnWhilePanning = await page.locator('.react-flow__node').count();

// A rollout of 500 pods (--quick: 100; rollout restart of enough Deployments), watched by
// the page as a person watching it would have it: a big cluster's default view with the
// first namespace opened (--rollout-all-open: with every node open instead).
const rolled = Math.min(options.services, Math.ceil(options.rollout / perService));
const wholeMap = options['rollout-all-open'] || !opensCollapsed;
const rolloutView = wholeMap ? `${pageUrl}&collapsed=` : `${pageUrl}&collapsed=*&open=${namespaces[0]}`;
const rolloutNodes = options.namespaces + (wholeMap ? allNodes : graphBody.graph.nodes.filter((node) => node.namespace === namespaces[0]).length);
if (rolloutView !== page.url()) {
  await page.goto(rolloutView);
  await drawn(rolloutNodes, 180_000);
}
const rolloutShown = Number(await page.getByTestId('graph').getAttribute('data-nodes'));
await page.evaluate(() => {
  window.__longTasks = [];
  window.__longFrames = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ at: performance.timeOrigin + entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask' });
  // What the longest frames were made of (Long Animation Frames: the scripts that ran, and the
  // style, layout and paint after them), to tell which of the page's work makes a long task.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__longFrames.push({
        duration: entry.duration,
        render: entry.renderStart ? entry.startTime + entry.duration - entry.renderStart : 0,
        styleLayoutPaint: entry.styleAndLayoutStart ? entry.startTime + entry.duration - entry.styleAndLayoutStart : 0,
        scripts: entry.scripts.map((script) => ({ invoker: script.invoker, duration: script.duration, forcedLayout: script.forcedStyleAndLayoutDuration })),
      });
    }
  }).observe({ type: 'long-animation-frame' });
});
// CPU time of every Chromium process (renderer, GPU, browser), to tell the page's own work
// from time it waited for a core while the cluster rolls out on the same 2 cores.
/** The pids of Chromium's processes whose command line includes `type` ('': all of them). */
const chromiumPids = (type = '') =>
  readdirSync('/proc').filter((pid) => {
    try {
      return /^\d+$/.test(pid) && /^(chromium|chrome)/.test(readFileSync(`/proc/${pid}/comm`, 'utf8')) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(type);
    } catch {
      return false; // the process ended meanwhile
    }
  });
const chromiumCpuSeconds = () => {
  let seconds = 0;
  for (const pid of chromiumPids()) {
    try {
      seconds += cpuSecondsOf(pid);
    } catch {
      // the process ended meanwhile
    }
  }
  return seconds;
};
// How long the renderers' main threads were ready to run but waited for a core (the
// kernel's run-queue delay, /proc/PID/schedstat), sampled every 20 ms by a worker thread (this
// thread blocks in kubectl meanwhile): a long task is the page's own work plus that wait.
const rendererPids = chromiumPids('--type=renderer');
const waitSampler = new Worker(
  `const { parentPort } = require('node:worker_threads'); const { readFileSync } = require('node:fs');
  const samples = [];
  const sample = () => { let ns = 0; for (const pid of ${JSON.stringify(rendererPids)}) { try { ns += Number(readFileSync('/proc/' + pid + '/schedstat', 'utf8').split(' ')[1]); } catch {} } samples.push([Date.now(), ns / 1e6]); };
  sample(); const timer = setInterval(sample, 20);
  parentPort.on('message', () => { clearInterval(timer); sample(); parentPort.postMessage(samples); });`,
  { eval: true },
);
const chromiumCpuBefore = chromiumCpuSeconds();
const rolloutProfiler = options.profile ? await page.context().newCDPSession(page) : null;
if (rolloutProfiler) await rolloutProfiler.send('Profiler.enable').then(() => rolloutProfiler.send('Profiler.start'));
// The control plane and kwok run at a lower priority meanwhile (--cluster-nice, 0: as the
// rest): they stand in for a cluster on other machines, and on these 2 cores they otherwise
// take the page's core for most of a second at a time (the wait is printed either way).
const clusterGrouped = cluster.nice(options['cluster-nice']);
// Without autogroups (no /proc/self/autogroup) a thread's nice level is all there is.
const clusterNice = `${options['cluster-nice']}${clusterGrouped ? ' (its session too)' : existsSync('/proc/self/autogroup') ? ' (threads only: it shares this script\'s session)' : ''}`;
renice(server.pid, options['server-nice']);
// --pin: the page on a core of its own, as on a laptop whose cluster runs elsewhere: Chromium's
// processes on the last CPU; the control plane, kwok, the svcmap server and this script (and
// the kubectl it starts) on the others. Without it, everything shares every core.
const allCpus = `0-${availableParallelism() - 1}`;
const otherCpus = `0-${Math.max(0, availableParallelism() - 2)}`;
const pinned = options.pin && availableParallelism() > 1;
if (pinned) {
  cluster.pin(otherCpus);
  for (const pid of [server.pid, process.pid]) pin(pid, otherCpus);
  for (const pid of chromiumPids()) pin(pid, String(availableParallelism() - 1));
}
const serverCpuBefore = cpuSecondsOf(server.pid);
started = Date.now();
for (let i = 0; i < rolled; i++) kubectl('rollout', 'restart', `deployment/app-${i}`, '-n', namespaces[i % namespaces.length]);
for (let i = 0; i < rolled; i++) kubectl('rollout', 'status', `deployment/app-${i}`, '-n', namespaces[i % namespaces.length], '--timeout=600s');
// Until the rolled Services' slices hold every pod ready again and none terminating (a
// list of their slices only: listing all pods every second would load the 2 cores too).
const rolledServices = Array.from({ length: rolled }, (_, i) => `app-${i}`);
for (;;) {
  const { ready, terminating } = endpointCounts(rolledServices);
  if (ready >= rolled * perService && terminating === 0) break;
  await sleep(1000);
}
const rolloutSeconds = (Date.now() - started) / 1000;
cluster.nice(0);
renice(server.pid, 0);
if (pinned) {
  cluster.pin(allCpus);
  for (const pid of [server.pid, process.pid, ...chromiumPids()]) pin(pid, allCpus);
}
const serverCpu = cpuSecondsOf(server.pid) - serverCpuBefore;
const chromiumCpu = chromiumCpuSeconds() - chromiumCpuBefore;
const waitSamples = await new Promise((resolve) => {
  waitSampler.once('message', resolve);
  waitSampler.postMessage('stop');
});
void waitSampler.terminate();
/** Milliseconds the renderers waited for a core between two moments (epoch ms), from the samples. */
const waitedMs = (from, to) => {
  const at = (time) => {
    const after = waitSamples.findIndex(([when]) => when >= time);
    if (after <= 0) return after === 0 ? waitSamples[0][1] : waitSamples.at(-1)[1];
    const [t0, w0] = waitSamples[after - 1];
    const [t1, w1] = waitSamples[after];
    return w0 + ((w1 - w0) * (time - t0)) / Math.max(1, t1 - t0);
  };
  // The sampler may itself wait for a core: a wait is never longer than the task it lies in.
  return Math.min(to - from, at(to) - at(from));
};
const rendererWait = (waitSamples.at(-1)[1] - waitSamples[0][1]) / 1000;
await sleep(2000); // the page's last redraws
if (rolloutProfiler) printProfile((await rolloutProfiler.send('Profiler.stop')).profile, 'Page main thread during the rollout, by self time (ms)');
const longTaskEntries = await page.evaluate(() => window.__longTasks);
const longTasks = longTaskEntries.map((task) => task.duration);
const longestTasks = [...longTaskEntries].sort((a, b) => b.duration - a.duration).slice(0, 5);
console.log(`\nThe five longest tasks during the rollout (ms), and of each the time the page's main thread waited for a core: ${longestTasks.map((task) => `${Math.round(task.duration)} (${Math.round(waitedMs(task.at, task.at + task.duration))} waiting)`).join(', ')}`);
const ownLongest = Math.max(0, ...longTaskEntries.map((task) => task.duration - waitedMs(task.at, task.at + task.duration)));
const longFrames = (await page.evaluate(() => window.__longFrames)).sort((a, b) => b.duration - a.duration);
console.log('\nThe five longest frames during the rollout (ms): in all / rendering (rAF callbacks, style, layout, paint) / of it style, layout and paint; the scripts that ran');
for (const frame of longFrames.slice(0, 5)) {
  const scripts = frame.scripts.filter((script) => script.duration >= 5).map((script) => `${script.invoker} ${Math.round(script.duration)}${script.forcedLayout >= 5 ? ` (forced layout ${Math.round(script.forcedLayout)})` : ''}`);
  console.log(`  ${Math.round(frame.duration)} / ${Math.round(frame.render)} / ${Math.round(frame.styleLayoutPaint)}: ${scripts.join(', ') || 'no script over 5 ms'}`);
}
// The latency measures come next: let the server finish the rollout's work first (its CPU
// under 10 % for two seconds, at most a minute), so they measure changes, not a backlog.
await page.goto('about:blank');
for (let waited = 0; waited < (options.smoke ? 0 : 30); waited++) {
  const before = cpuSeconds();
  await sleep(2000);
  if ((cpuSeconds() - before) / 2 < 0.1) break;
}
results.browser = {
  panning,
  rollout: { pods: rolled * perService, shown: rolloutShown, seconds: rolloutSeconds, waitedSeconds: rendererWait, ownLongestMs: Math.round(ownLongest), longTasks: longTasks.length, totalMs: Math.round(longTasks.reduce((sum, ms) => sum + ms, 0)), maxMs: Math.round(Math.max(0, ...longTasks)) },
};
table('The page at full scale', [
  [`every namespace open: frame time while panning at a readable zoom (${drawnWhilePanning} nodes in the DOM) p50 / p95 / max (ms)`, `${panning.p50.toFixed(1)} / ${panning.p95.toFixed(1)} / ${panning.max.toFixed(1)}`],
  ['frames while panning / of them longer than 50 ms', `${panning.frames} / ${panning.slow}`],
  [`rollout restart of ${rolled * perService} pods, page showing ${rolloutShown} nodes, cluster at nice ${clusterNice}: until all endpoints ready again (s)`, rolloutSeconds.toFixed(1)],
  ['main-thread long tasks during it: count / total ms / longest ms', `${longTasks.length} / ${results.browser.rollout.totalMs} / ${results.browser.rollout.maxMs}`],
  ['CPU time of all Chromium processes during it (s)', chromiumCpu.toFixed(1)],
  [`CPU time of the svcmap server (at nice ${options['server-nice']}) during it (s)`, serverCpu.toFixed(1)],
  ["the page's main thread waiting for a core meanwhile (s)", rendererWait.toFixed(1)],
  ['longest task less the time it waited for a core (ms)', ownLongest.toFixed(0)],
]);

// --- change latency: raw watch (floor) vs svcmap SSE vs the DOM; bytes per change --
const target = namespaces[0];
const pods = JSON.parse(kubectl('get', 'pods', '-n', target, '-o', 'json')).items.filter((pod) => !pod.metadata.deletionTimestamp).map((pod) => pod.metadata.name);
// One record per readiness change; a pod flips again only after every other pod has.
const changes = [];
const latest = new Map(); // pod name → its latest change
const seen = (name, ready, field) => {
  const change = latest.get(name);
  if (change && change.ready === ready && change[field] === undefined) change[field] = Date.now();
};
const patchSizes = [];
const abort = new AbortController();

// (a) a plain watch client, as `kubectl get pods -w` would be
const listRv = (await api('GET', `/api/v1/namespaces/${target}/pods`)).body.metadata.resourceVersion;
void (async () => {
  const { fetch: rawFetch } = await import('undici');
  const { KubeConfig, RequestContext, HttpMethod } = await import('@kubernetes/client-node');
  const config = new KubeConfig();
  config.loadFromFile(cluster.kubeconfig);
  config.setCurrentContext('svcmap-admin');
  const url = `${config.getCurrentCluster().server}/api/v1/namespaces/${target}/pods?watch=true&resourceVersion=${listRv}`;
  const context = new RequestContext(url, HttpMethod.GET);
  await config.applySecurityAuthentication(context);
  const response = await rawFetch(url, { headers: context.getHeaders(), dispatcher: context.getDispatcher(), signal: abort.signal });
  let buffered = '';
  for await (const chunk of response.body) {
    buffered += Buffer.from(chunk).toString();
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const event = JSON.parse(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      seen(event.object.metadata.name, event.object.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True', 'rawAt');
    }
  }
})().catch(() => undefined);

// (b) svcmap's stream
void (async () => {
  const response = await fetch(`${server.base}/api/clusters/svcmap-admin/stream?namespace=${target}`, { signal: abort.signal });
  let buffered = '';
  for await (const chunk of response.body) {
    buffered += Buffer.from(chunk).toString();
    let end;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (!block.includes('event: patch')) continue;
      patchSizes.push(block.length);
      const data = JSON.parse(block.slice(block.indexOf('data: ') + 6));
      for (const node of data.patch.upsertNodes ?? []) if (node.kind === 'Pod') seen(node.name, node.ready, 'sseAt');
      for (const update of data.patch.updateNodes ?? []) {
        if (update.id.startsWith('Pod/') && 'ready' in update.set) seen(update.id.split('/')[2], update.set.ready, 'sseAt');
      }
    }
  }
})().catch(() => undefined);
// Reference: a dashboard that polls the pod list every 10 s (the Kubernetes Dashboard's
// refresh). A change counts as seen at the end of the first poll that shows it while it
// is still the pod's latest state; one overtaken before a poll came is never seen.
let polling = true;
const poller = (async () => {
  while (polling) {
    const pollStarted = Date.now();
    const list = (await api('GET', `/api/v1/namespaces/${target}/pods`)).body.items;
    const done = Date.now();
    for (const pod of list) {
      const change = latest.get(pod.metadata.name);
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      if (change && change.pollAt === undefined && change.ready === ready && change.sentAt < pollStarted) change.pollAt = done;
    }
    await sleep(10_000 - (Date.now() - pollStarted));
  }
})();

/** Flips readiness of `count` pods from `names` at the set rate; a pod flips again only after the others have. */
async function sendChanges(names, count, into) {
  for (let index = 0; index < count; index++) {
    const name = names[index % names.length];
    const ready = !(latest.get(name)?.ready ?? true);
    const change = { name, ready, sentAt: Date.now() };
    into.push(change);
    latest.set(name, change);
    await api('PATCH', `/api/v1/namespaces/${target}/pods/${name}`, { metadata: { annotations: { 'svcmap.dev/ready': ready ? null : 'false' } } }, 'application/merge-patch+json');
    await sleep((index + 1) % names.length === 0 ? Math.max(1000 / options.rate, 300) : 1000 / options.rate);
  }
  for (let wait = 0; wait < 100 && into.some((change) => change.sseAt === undefined); wait++) await sleep(100);
}

// Phase 1, raw watch and SSE only: no page open, so Chromium does not compete for the 2 cores.
await page.goto('about:blank');
await sleep(1000);
await sendChanges(pods, options.changes, changes);

// Phase 2, (c) the page in Chromium: a MutationObserver notes when a pod node's data-ready
// changes. Only pods React Flow has in the DOM are flipped (big graphs render what is in view).
await page.goto(`${server.base}/?context=svcmap-admin&namespace=${target}`);
await drawn(graphBody.graph.nodes.filter((node) => node.namespace === target).length, 60_000);
await sleep(1000);
const rendered = await page.locator('.react-flow__node-Pod:not(.node-leaving)').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id').split('/')[2]));
await page.evaluate(() => {
  window.__readyChanges = [];
  new MutationObserver((mutations) => {
    const at = performance.timeOrigin + performance.now();
    for (const mutation of mutations) {
      const id = mutation.target.closest?.('.react-flow__node')?.getAttribute('data-id');
      if (id?.startsWith('Pod/')) window.__readyChanges.push({ name: id.split('/')[2], ready: mutation.target.getAttribute('data-ready') === 'true', at });
    }
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
});
const domRun = [];
// --profile: where the page's main thread spends its time while it follows the changes.
const cdp = options.profile ? await page.context().newCDPSession(page) : null;
if (cdp) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
await sendChanges(rendered, options.changes, domRun);
if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
await sleep(1000);
const domChanges = await page.evaluate(() => window.__readyChanges);
for (const { name, ready, at } of domChanges) {
  const change = domRun.find((candidate) => candidate.name === name && candidate.ready === ready && candidate.domAt === undefined && candidate.sentAt <= at);
  if (change) change.domAt = at;
}
await browser.close();
await sleep(10_000); // one more poll for the last changes
polling = false;
await poller;
abort.abort();
const floor = changes.filter((c) => c.rawAt).map((c) => c.rawAt - c.sentAt);
const added = changes.filter((c) => c.rawAt && c.sseAt).map((c) => c.sseAt - c.rawAt);
const reachedSse = changes.filter((c) => c.sseAt).length;
const addedDom = domRun.filter((c) => c.rawAt && c.domAt).map((c) => Math.round(c.domAt - c.rawAt));
const polled = [...changes, ...domRun].filter((c) => c.rawAt && c.pollAt).map((c) => c.pollAt - c.rawAt);
table('Change latency (ms)', [
  ['changes sent / seen by raw watch / seen in svcmap SSE', `${changes.length} / ${floor.length} / ${reachedSse}`],
  ['write → raw watch (floor) p50 / p95 / p99', percentiles(floor)],
  ['raw watch → svcmap SSE (added) p50 / p95 / p99 (goal p50 ≤ 50, p99 ≤ 200)', percentiles(added)],
  [`raw watch → DOM in Chromium (added, page open) p50 / p95 / p99, ${addedDom.length} of ${domRun.length} seen`, percentiles(addedDom)],
  ['SSE patch bytes median / max (goal ≤ 1 KB)', `${percentile(patchSizes, 50)} / ${Math.max(...patchSizes)}`],
  [`reference: polling the pod list every 10 s (Dashboard-style): staleness p50 / p95 / p99, ${polled.length} of ${changes.length + domRun.length} seen (the rest overtaken unseen)`, percentiles(polled)],
]);
results.latency = { floor: percentiles(floor), added: percentiles(added), dom: percentiles(addedDom), patchMedian: percentile(patchSizes, 50), patchMax: Math.max(...patchSizes) };

// --- fan-out: apiserver watches and server cost per stream client ------------------
function apiserverWatches() {
  const kinds = /resource="(services|endpointslices|pods|networkpolicies|nodes)"/;
  return kubectl('get', '--raw', '/metrics').split('\n')
    .filter((line) => line.startsWith('apiserver_longrunning_requests{') && line.includes('verb="WATCH"') && kinds.test(line))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
const clients = [];
const fanout = [];
// Readiness churn while measuring, so every client has patches to receive.
const churn = async (seconds) => {
  const until = Date.now() + seconds * 1000;
  for (let index = 0; Date.now() < until; index++) {
    const name = pods[index % pods.length];
    const ready = !(latest.get(name)?.ready ?? true);
    latest.set(name, { name, ready });
    await api('PATCH', `/api/v1/namespaces/${target}/pods/${name}`, { metadata: { annotations: { 'svcmap.dev/ready': ready ? null : 'false' } } }, 'application/merge-patch+json');
    await sleep(1000 / options.rate);
  }
};
for (const count of [1, 10, 100]) {
  while (clients.length < count) {
    const client = new AbortController();
    clients.push(client);
    // Each client reads its stream to the end, as a browser tab would.
    fetch(`${server.base}/api/clusters/svcmap-admin/stream?namespace=${target}`, { signal: client.signal })
      .then(async (response) => { for await (const chunk of response.body) void chunk; })
      .catch(() => undefined);
  }
  await sleep(2000);
  const cpuBefore = cpuSeconds();
  const churnSeconds = options.smoke ? 2 : 10;
  await churn(churnSeconds);
  const cpuPercent = ((cpuSeconds() - cpuBefore) / churnSeconds) * 100;
  fanout.push([`${count} clients: apiserver watches (all users) / svcmap RSS MB / server CPU % under ${options.rate} changes/s`, `${apiserverWatches()} / ${rssMegabytes(server.pid).toFixed(0)} / ${cpuPercent.toFixed(0)}`]);
}
for (const client of clients) client.abort();
fanout.push(['reference: one apiserver watch per tab and kind (naive design), at 100 tabs', `${5 * 100} watches`]);
table('Fan-out', fanout);

// --- history: what the journal costs, and the graph at a past time ----------------------
// Journal bytes per 1,000 changes (snapshots apart) and write time, from the server's
// metrics over the whole run (rollouts, readiness flips, churn); the graph of every
// namespace at two past times, median of 3: just after the first sync (its snapshot plus a
// second of changes) and a second ago (the latest snapshot plus every change since).
const metricSum = (text, name) => text.split('\n').filter((line) => line.startsWith(name) && /[\s{]/.test(line[name.length])).reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
let historyRow = 'history off';
if (options.history !== 'off') {
  const metricsText = await (await fetch(`${server.base}/api/metrics`)).text();
  const changesWritten = metricSum(metricsText, 'svcmap_history_changes_total');
  const snapshotBytes = metricSum(metricsText, 'svcmap_history_snapshot_bytes_total');
  const databaseBytes = metricSum(metricsText, 'svcmap_history_bytes');
  const writeSeconds = metricSum(metricsText, 'svcmap_history_write_seconds_sum');
  const writes = metricSum(metricsText, 'svcmap_history_write_seconds_count');
  const pastGraph = async (at) => {
    const times = [];
    let nodes = 0;
    let parts = '';
    for (let run = 0; run < 3; run++) {
      const begun = performance.now();
      const response = await fetch(`${server.base}/api/clusters/svcmap-admin/graph?at=${new Date(at).toISOString()}`);
      const body = await response.json();
      times.push(performance.now() - begun);
      // Server-Timing: "flush;dur=1.0, replay;dur=…, build;dur=…" → "flush 1 / replay … / build …" (the last run's)
      parts = (response.headers.get('server-timing') ?? '').split(',').map((part) => part.trim().replace(/;dur=([\d.]+)/, (_, ms) => ` ${Math.round(Number(ms))}`)).join(' / ');
      if (!body.past?.known) throw new Error(`the history does not know ${new Date(at).toISOString()}: ${JSON.stringify(body.past ?? body)}`);
      nodes = body.graph.nodes.length;
    }
    return { ms: medianOf(times), nodes, parts };
  };
  const early = await pastGraph(syncedAt + 2_000);
  const late = await pastGraph(Date.now() - 1_000);
  results.history = { changesWritten, perThousand: ((databaseBytes - snapshotBytes) / Math.max(1, changesWritten)) * 1000, writeMs: (writeSeconds / Math.max(1, writes)) * 1000, msPerThousand: (writeSeconds / Math.max(1, changesWritten)) * 1e6, snapshotBytes, databaseBytes, early, late };
  table('History (journal in SQLite)', [
    ['changes written / database size (MB) / of it snapshots (MB)', `${changesWritten} / ${(databaseBytes / 1e6).toFixed(1)} / ${(snapshotBytes / 1e6).toFixed(1)}`],
    ['journal bytes per 1,000 changes (snapshots apart)', (results.history.perThousand / 1024).toFixed(0) + ' KB'],
    ['write cost: mean per write (ms) / per 1,000 changes (ms)', `${results.history.writeMs.toFixed(1)} / ${results.history.msPerThousand.toFixed(0)}`],
    [`graph of every namespace at a past time (${early.nodes} nodes), just after the sync: median of 3 (ms, goal ≤ 2,000 at 10,000 pods; the server's part of the last, ms)`, `${early.ms.toFixed(0)} (${early.parts})`],
    [`… a second ago, after every change of the run (${late.nodes} nodes) (ms)`, `${late.ms.toFixed(0)} (${late.parts})`],
  ]);
  historyRow = `history: ${changesWritten} changes, ${(results.history.perThousand / 1024).toFixed(0)} KB per 1,000 changes, write ${results.history.writeMs.toFixed(1)} ms mean (${results.history.msPerThousand.toFixed(0)} ms per 1,000 changes), graph at a past time ${early.ms.toFixed(0)} / ${late.ms.toFixed(0)} ms (server: ${early.parts}; ${late.parts})`;
}

server.stop();
if (!options.smoke) appendFileSync(
  `${root}/bench/RESULTS.md`,
  `| ${new Date().toISOString().slice(0, 16)} | bench${options.quick ? ' --quick' : options.smoke ? ' --smoke' : ''}${options.profile ? ' --profile' : ''}${pinned ? ' --pin' : ''} | ${options.services} Services / ${expectedPods} Pods / ${options.routes} HTTPRoutes | load ${results.load.seconds.toFixed(0)} s; first graph ${svcmapSeconds.toFixed(2)} s vs kubectl ${kubectlSeconds.toFixed(2)} s (×${(svcmapSeconds / kubectlSeconds).toFixed(2)}); snapshot ${(results.snapshotBytes / 1024).toFixed(0)} KB (${(results.snapshotGzipBytes / 1024).toFixed(0)} KB gzip); RSS after sync ${rssAfterSync.toFixed(0)} MB (peak ${rssPeakSync.toFixed(0)}), settled ${rssSettled.toFixed(0)} MB; added latency p50/p95/p99 SSE ${results.latency.added} ms, DOM ${results.latency.dom} ms; readable first picture ${readableSeconds === null ? '>180' : readableSeconds.toFixed(2)} s; svcmap why ${results.cli.why.toFixed(2)} s vs kubectl describe ${results.cli.describe.toFixed(2)} s, svcmap get -A ${results.cli.get.toFixed(2)} s vs kubectl get ${results.cli.kubectlGet.toFixed(2)} s; reachability with ${policyCount} policies, evaluation median/max from a workload ${results.reach.workload.split(';')[0]}, from a namespace ${results.reach.namespace.split(';')[0]}; browser first graph ${!opensCollapsed ? '' : `${headingsSeconds === null ? '>180' : headingsSeconds.toFixed(2)} s as headings, `}${browserSeconds === null ? '>180' : browserSeconds.toFixed(2)} s all open; patch median/max ${results.latency.patchMedian}/${results.latency.patchMax} B; panning frames p50/p95 ${results.browser.panning.p50.toFixed(0)}/${results.browser.panning.p95.toFixed(0)} ms; rollout of ${results.browser.rollout.pods} pods (page showing ${results.browser.rollout.shown} nodes, cluster at nice ${clusterNice}${options['server-nice'] ? `, server at nice ${options['server-nice']}` : ''}${pinned ? ', Chromium on a core of its own' : ''}): ${results.browser.rollout.longTasks} long tasks, ${results.browser.rollout.totalMs} ms in all, longest ${results.browser.rollout.maxMs} ms (${results.browser.rollout.ownLongestMs} ms less its wait for a core; ${results.browser.rollout.waitedSeconds.toFixed(1)} s waited in all); ${fanout.slice(0, 3).map((row) => row[1]).join(', ')}; ${historyRow} |\n`,
);
for (const ns of namespaces) kubectl('delete', 'namespace', ns, '--wait=false');
cluster.stop();
console.log(`\nbench done: ${reachedSse} of ${changes.length} changes reached the SSE stream`);
process.exit(reachedSse === changes.length ? 0 : 1);

function printProfile(profile, title = 'Page main thread during the changes, by self time (ms)') {
  // The whole profile too, for Chromium DevTools (Performance → Load profile) or a closer look.
  const saved = join(tmpdir(), `svcmap-${title.includes('rollout') ? 'rollout' : 'changes'}.cpuprofile`);
  writeFileSync(saved, JSON.stringify(profile));
  console.log(`\n(profile saved: ${saved})`);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map();
  profile.samples.forEach((id, index) => {
    const { functionName, url, lineNumber, columnNumber } = nodes.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber}:${columnNumber}`;
    selfMs.set(key, (selfMs.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  table(title, [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([key, ms]) => [key, ms.toFixed(0)]));
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
function percentiles(values) {
  return `${percentile(values, 50)} / ${percentile(values, 95)} / ${percentile(values, 99)}`;
}
function table(title, rows) {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map(([label]) => String(label).length));
  for (const [label, value] of rows) console.log(`  ${String(label).padEnd(width)}  ${value}`);
}
