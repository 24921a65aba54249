// The demo cluster's life: nodes, workloads and Services of every shape, a scheduler, a
// ReplicaSet-like controller with rolling updates, a kubelet that starts, probes and
// stops pods, and an EndpointSlice controller that derives slices from pods the way
// kube-controller-manager does. Driven by a Clock, so tests run a minute in a moment.
import type { Clock } from '@/lib/k8s/clock';
import { DemoApiServer, type RawObject } from './cluster';
import { frontObjects } from './front';
import { deployments, type Workload, nodes as nodeSpecs, services, manualEndpoints, networkPolicies } from './scenario';

const tickMs = 1_000;
const startupMs = 2_000; // Pending → Running
const readinessDelayMs = 3_000; // Running → Ready
const gracePeriodMs = 5_000; // terminating → gone
const managedBy = 'endpointslice-controller.k8s.io';
const maxEndpointsPerSlice = 100;

interface SimPod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  workload: Workload;
  revision: number;
  node?: string;
  ip?: string;
  createdAt: number;
  runningAt?: number;
  deletingAt?: number;
  restarts: number;
}

export class DemoSimulation {
  readonly api: DemoApiServer;
  private readonly pods = new Map<string, SimPod>();
  private readonly workloads: (Workload & { revision: number; desired: number })[];
  private readonly notReadyNodes = new Set(nodeSpecs.filter((node) => !node.ready).map((node) => node.name));
  private nextIp = 10;
  private nextName = 0;
  private timer: { cancel(): void } | undefined;
  // What was last published per object, so an unchanged object costs one string comparison.
  private readonly published = new Map<string, string>();
  private elapsedMs = 0;

  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
    this.api = new DemoApiServer(clock);
    this.workloads = deployments.map((workload) => ({ ...workload, revision: 1, desired: workload.replicas }));
    for (const node of nodeSpecs) this.api.put('nodes', nodeObject(node.name, node.zone, node.ready));
    for (const namespace of new Set(services.map((service) => service.metadata.namespace ?? 'default'))) this.api.put('namespaces', namespaceObject(namespace));
    for (const service of services) this.api.put('services', service);
    for (const policy of networkPolicies) this.api.put('networkpolicies', policy);
    for (const slice of manualEndpoints) this.api.put('endpointslices', slice);
    for (const { kind, object } of frontObjects) this.api.put(kind, object);
    // Start with the workloads already up, as a demo should.
    this.reconcile();
    for (const pod of this.pods.values()) pod.createdAt = pod.runningAt = clock.now() - readinessDelayMs - startupMs;
    this.sync();
  }

  /** Starts the clock-driven life (idempotent). */
  start(): void {
    if (this.timer) return;
    const loop = () => {
      this.tick();
      this.timer = this.clock.setTimeout(loop, tickMs);
    };
    this.timer = this.clock.setTimeout(loop, tickMs);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** One second of cluster life. */
  tick(): void {
    this.elapsedMs += tickMs;
    const seconds = Math.round(this.elapsedMs / 1000);
    for (const workload of this.workloads) {
      const life = workload.life;
      if (life?.rolloutEverySeconds && seconds % life.rolloutEverySeconds === 0) workload.revision++;
      if (life?.scaleEverySeconds && seconds % life.scaleEverySeconds === 0) workload.desired = workload.desired === 0 ? workload.replicas : 0;
    }
    this.reconcile();
    this.sync();
  }

  /** The ReplicaSet controller and scheduler: create, replace and delete pods toward each workload's spec. */
  private reconcile(): void {
    const now = this.clock.now();
    for (const workload of this.workloads) {
      const mine = [...this.pods.values()].filter((pod) => pod.workload === workload && pod.deletingAt === undefined);
      const current = mine.filter((pod) => pod.revision === workload.revision);
      const outdated = mine.filter((pod) => pod.revision !== workload.revision);
      if (outdated.length === 0) {
        for (let count = current.length; count < workload.desired; count++) this.createPod(workload, workload.revision);
      } else if (current.every((pod) => this.isReady(pod, now))) {
        // Rolling update, maxSurge 1 and maxUnavailable 0: an old pod goes once the new ones are ready, then the next new one starts.
        if (current.length > 0 || workload.desired === 0) this.beginDelete(outdated[0]!, now);
        if (current.length < workload.desired) this.createPod(workload, workload.revision);
      }
      for (const pod of current.slice(workload.desired)) this.beginDelete(pod, now);
    }
    for (const [key, pod] of this.pods) {
      if (pod.deletingAt !== undefined && now - pod.deletingAt >= gracePeriodMs) this.pods.delete(key);
      else if (pod.runningAt === undefined && pod.node && now - pod.createdAt >= startupMs) pod.runningAt = now;
      if (pod.workload.life?.crashEverySeconds && pod.runningAt !== undefined && now - pod.runningAt >= pod.workload.life.crashEverySeconds * 1000) {
        pod.restarts++;
        pod.runningAt = now;
      }
    }
  }

  private createPod(workload: Workload, revision: number): void {
    ++this.nextName;
    const name = workload.hostnames ? `${workload.name}-${this.freeOrdinal(workload)}` : `${workload.name}-${(1000 + revision).toString(36)}-${this.nextName.toString(36).padStart(5, '0')}`;
    // A pinned workload keeps its place on a node that has since gone NotReady (its pods there turn not ready).
    const candidates = workload.nodes ?? nodeSpecs.filter((node) => !this.notReadyNodes.has(node.name)).map((node) => node.name);
    const placed = [...this.pods.values()].filter((pod) => pod.workload === workload).length;
    const node = workload.unschedulable ? undefined : candidates[placed % candidates.length];
    const ip = node ? `10.244.${Math.floor(this.nextIp / 250)}.${(this.nextIp++ % 250) + 2}` : undefined;
    this.pods.set(`${workload.namespace}/${name}`, {
      name,
      namespace: workload.namespace,
      labels: { ...workload.labels, 'pod-template-hash': (1000 + revision).toString(36) },
      workload,
      revision,
      node,
      ip,
      createdAt: this.clock.now(),
      restarts: 0,
    });
  }

  /** StatefulSet pods are named <name>-0, -1, …: the lowest ordinal not in use. */
  private freeOrdinal(workload: Workload): number {
    const taken = new Set([...this.pods.values()].filter((pod) => pod.workload === workload).map((pod) => pod.name));
    let ordinal = 0;
    while (taken.has(`${workload.name}-${ordinal}`)) ordinal++;
    return ordinal;
  }

  private beginDelete(pod: SimPod, now: number): void {
    pod.deletingAt ??= now;
  }

  /** Ready and not terminating: what the ReplicaSet controller counts as available. */
  private isReady(pod: SimPod, now: number): boolean {
    return pod.deletingAt === undefined && this.probeReady(pod, now);
  }

  /** The pod's Ready condition (kept while it terminates, as a kubelet does until its containers stop). */
  private probeReady(pod: SimPod, now: number): boolean {
    if (pod.runningAt === undefined || !pod.node || this.notReadyNodes.has(pod.node)) return false;
    if (now - pod.runningAt < readinessDelayMs) return false;
    const flap = pod.workload.life?.flapEverySeconds;
    // Readiness probe that fails for a whole period every other period (the first pod only, if asked).
    if (flap && (!pod.workload.life?.flapFirstPodOnly || this.isFirstPod(pod))) {
      return Math.floor(this.elapsedMs / (flap * 1000)) % 2 === 0;
    }
    if (pod.workload.life?.crashEverySeconds) return false;
    return !pod.workload.neverReady;
  }

  private isFirstPod(pod: SimPod): boolean {
    const first = [...this.pods.values()].find((other) => other.workload === pod.workload && other.deletingAt === undefined);
    return first === pod;
  }

  /** Publishes pods and EndpointSlices to the demo apiserver (only what changed produces events). */
  private sync(): void {
    const now = this.clock.now();
    const live = new Set<string>();
    for (const pod of this.pods.values()) {
      live.add(`${pod.namespace}/${pod.name}`);
      this.publish('pods', this.podObject(pod, now));
    }
    for (const existing of this.api.all('pods')) {
      const key = `${existing.metadata.namespace}/${existing.metadata.name}`;
      if (!live.has(key)) this.api.delete('pods', existing.metadata.namespace!, existing.metadata.name);
    }
    this.syncEndpointSlices(now);
  }

  private publish(kind: 'pods' | 'endpointslices', object: RawObject): void {
    const key = `${kind}/${object.metadata.namespace}/${object.metadata.name}`;
    const json = JSON.stringify(object);
    if (this.published.get(key) === json && this.api.get(kind, object.metadata.namespace!, object.metadata.name)) return;
    this.published.set(key, json);
    this.api.put(kind, object);
  }

  private podObject(pod: SimPod, now: number): RawObject {
    const ready = this.probeReady(pod, now);
    const running = pod.runningAt !== undefined;
    const crashing = Boolean(pod.workload.life?.crashEverySeconds) && running;
    const started = new Date(pod.createdAt).toISOString();
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: pod.name,
        namespace: pod.namespace,
        labels: pod.labels,
        ownerReferences: [{ kind: 'ReplicaSet', name: `${pod.workload.name}-${pod.labels['pod-template-hash']}`, controller: true }],
        ...(pod.deletingAt !== undefined ? { deletionTimestamp: new Date(pod.deletingAt).toISOString() } : {}),
      },
      spec: {
        ...(pod.node ? { nodeName: pod.node } : {}),
        ...(pod.workload.hostnames ? { hostname: pod.name, subdomain: pod.workload.name } : {}),
        containers: [{ name: pod.workload.name, image: `demo/${pod.workload.name}:${pod.revision}`, ports: pod.workload.containerPorts }],
      },
      status: {
        phase: running ? 'Running' : 'Pending',
        ...(pod.ip && running ? { podIP: pod.ip, podIPs: [{ ip: pod.ip }] } : {}),
        startTime: started,
        conditions: [
          { type: 'PodScheduled', status: pod.node ? 'True' : 'False', ...(pod.node ? {} : { reason: 'Unschedulable', message: '0/4 nodes are available: 4 Insufficient nvidia.com/gpu.' }) },
          { type: 'Ready', status: ready ? 'True' : 'False', ...(ready || !running ? {} : { reason: 'ContainersNotReady', message: `containers with unready status: [${pod.workload.name}]` }) },
        ],
        containerStatuses: running
          ? [{ name: pod.workload.name, ready, restartCount: pod.restarts, state: crashing && !ready ? { waiting: { reason: 'CrashLoopBackOff' } } : { running: { startedAt: started } } }]
          : [],
      },
    };
  }

  /** kube-controller-manager's EndpointSlice controller, for the demo's Services with a selector. */
  private syncEndpointSlices(now: number): void {
    const wanted = new Map<string, RawObject>();
    for (const service of services) {
      const spec = service.spec as { selector?: Record<string, string>; type?: string; ports?: { name?: string; port: number; protocol?: string; targetPort?: number | string }[]; publishNotReadyAddresses?: boolean; trafficDistribution?: string };
      if (!spec.selector || spec.type === 'ExternalName') continue;
      const namespace = service.metadata.namespace!;
      const backends = [...this.pods.values()].filter(
        (pod) => pod.namespace === namespace && pod.ip && pod.runningAt !== undefined && Object.entries(spec.selector!).every(([key, value]) => pod.labels[key] === value),
      );
      // Pods that resolve the Service's ports differently go in different slices, as in the real controller.
      const groups = new Map<string, { ports: unknown[]; pods: SimPod[] }>();
      for (const pod of backends) {
        const ports = (spec.ports ?? []).flatMap((port) => {
          const target = typeof port.targetPort === 'string' ? pod.workload.containerPorts.find((cp) => cp.name === port.targetPort)?.containerPort : (port.targetPort ?? port.port);
          return target === undefined ? [] : [{ name: port.name ?? '', protocol: port.protocol ?? 'TCP', port: target }];
        });
        const key = JSON.stringify(ports);
        const group = groups.get(key) ?? { ports, pods: [] };
        group.pods.push(pod);
        groups.set(key, group);
      }
      if (groups.size === 0) groups.set('[]', { ports: [], pods: [] });
      // At most 100 endpoints per slice (the controller's --max-endpoints-per-slice default).
      const slices = [...groups.values()].flatMap((group) =>
        Array.from({ length: Math.max(1, Math.ceil(group.pods.length / maxEndpointsPerSlice)) }, (_, part) => ({
          ports: group.ports,
          pods: group.pods.slice(part * maxEndpointsPerSlice, (part + 1) * maxEndpointsPerSlice),
        })),
      );
      slices.forEach((group, index) => {
        const name = `${service.metadata.name}-dm${index.toString(36)}`;
        wanted.set(`${namespace}/${name}`, {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: { name, namespace, labels: { 'kubernetes.io/service-name': service.metadata.name, 'endpointslice.kubernetes.io/managed-by': managedBy } },
          addressType: 'IPv4',
          ports: group.ports,
          endpoints: group.pods.map((pod) => {
            const ready = this.probeReady(pod, now);
            const terminating = pod.deletingAt !== undefined;
            const zone = nodeSpecs.find((node) => node.name === pod.node)?.zone;
            return {
              // trafficDistribution PreferClose: the controller hints each endpoint to its own zone.
              ...(spec.trafficDistribution === 'PreferClose' && zone ? { hints: { forZones: [{ name: zone }] } } : {}),
              addresses: [pod.ip],
              conditions: { ready: (ready || Boolean(spec.publishNotReadyAddresses)) && !terminating, serving: ready, terminating },
              ...(pod.workload.hostnames ? { hostname: pod.name } : {}),
              nodeName: pod.node,
              zone: nodeSpecs.find((node) => node.name === pod.node)?.zone,
              targetRef: { kind: 'Pod', namespace, name: pod.name, uid: this.api.get('pods', namespace, pod.name)?.metadata.uid },
            };
          }),
        });
      });
    }
    for (const [, slice] of wanted) this.publish('endpointslices', slice);
    for (const existing of this.api.all('endpointslices')) {
      const labels = existing.metadata.labels ?? {};
      if (labels['endpointslice.kubernetes.io/managed-by'] !== managedBy) continue;
      if (!wanted.has(`${existing.metadata.namespace}/${existing.metadata.name}`)) this.api.delete('endpointslices', existing.metadata.namespace!, existing.metadata.name);
    }
  }
}

function namespaceObject(name: string): RawObject {
  // Teams label their namespaces; NetworkPolicies select them by such labels.
  const team = name === 'shop' || name === 'edge' ? 'storefront' : 'platform';
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, team } } };
}

function nodeObject(name: string, zone: string, ready: boolean): RawObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone, 'svcmap.dev/demo': 'true' } },
    spec: {},
    status: {
      conditions: [ready ? { type: 'Ready', status: 'True', reason: 'KubeletReady' } : { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }],
    },
  };
}
