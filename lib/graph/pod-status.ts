// A Pod's conditions and containers as `kubectl describe pod` shows them, from the whole
// object the details panel reads on demand (the live graph keeps only counts). Pure.
import { z } from 'zod';

const containerSpec = z.object({
  name: z.string(),
  image: z.string().optional(),
  ports: z.array(z.object({ name: z.string().optional(), containerPort: z.number(), protocol: z.string().optional() })).optional(),
});

const containerState = z.object({
  waiting: z.object({ reason: z.string().optional(), message: z.string().optional() }).optional(),
  running: z.object({ startedAt: z.string().optional() }).optional(),
  terminated: z.object({ reason: z.string().optional(), exitCode: z.number().optional() }).optional(),
});

const containerStatus = z.object({
  name: z.string(),
  ready: z.boolean().optional(),
  restartCount: z.number().optional(),
  state: containerState.optional(),
});

const podObject = z.object({
  spec: z.object({ containers: z.array(containerSpec).optional(), initContainers: z.array(containerSpec).optional() }).optional(),
  status: z
    .object({
      conditions: z
        .array(z.object({ type: z.string(), status: z.string(), lastTransitionTime: z.string().nullish(), reason: z.string().optional(), message: z.string().optional() }))
        .optional(),
      containerStatuses: z.array(containerStatus).optional(),
      initContainerStatuses: z.array(containerStatus).optional(),
    })
    .optional(),
});

export interface PodCondition {
  type: string;
  status: string;
  since?: string;
  /** Reason and message, when the condition is not what it should be. */
  why?: string;
}

export interface ContainerRow {
  name: string;
  init: boolean;
  image?: string;
  ready: boolean;
  restarts: number;
  /** "Running", "Waiting: CrashLoopBackOff", "Terminated: Completed (exit 0)". */
  state: string;
  /** "http:8080/TCP". */
  ports: string[];
}

export interface PodStatusView {
  conditions: PodCondition[];
  containers: ContainerRow[];
}

/** Null when the object is not a Pod as the API returns it. */
export function podStatusView(object: unknown): PodStatusView | null {
  const parsed = podObject.safeParse(object);
  if (!parsed.success) return null;
  const { spec, status } = parsed.data;
  const rows = (specs: z.infer<typeof containerSpec>[] | undefined, statuses: z.infer<typeof containerStatus>[] | undefined, init: boolean) =>
    (specs ?? []).map((container): ContainerRow => {
      const current = statuses?.find((entry) => entry.name === container.name);
      return {
        name: container.name,
        init,
        image: container.image,
        ready: current?.ready ?? false,
        restarts: current?.restartCount ?? 0,
        state: describeState(current?.state),
        ports: (container.ports ?? []).map((port) => `${port.name ? `${port.name}:` : ''}${port.containerPort}/${port.protocol ?? 'TCP'}`),
      };
    });
  return {
    conditions: (status?.conditions ?? []).map((condition) => ({
      type: condition.type,
      status: condition.status,
      since: condition.lastTransitionTime ?? undefined,
      why: [condition.reason, condition.message].filter(Boolean).join(': ') || undefined,
    })),
    containers: [...rows(spec?.initContainers, status?.initContainerStatuses, true), ...rows(spec?.containers, status?.containerStatuses, false)],
  };
}

function describeState(state: z.infer<typeof containerState> | undefined): string {
  if (state?.running) return 'Running';
  if (state?.waiting) return `Waiting${state.waiting.reason ? `: ${state.waiting.reason}` : ''}`;
  if (state?.terminated) {
    const { reason, exitCode } = state.terminated;
    return `Terminated${reason ? `: ${reason}` : ''}${exitCode !== undefined ? ` (exit ${exitCode})` : ''}`;
  }
  return 'Unknown';
}
