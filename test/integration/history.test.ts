// The history against the real control plane: a scripted rollout (old pods held in
// Terminating by a finalizer, so every stage stays put until the test moves on) is recorded
// with `kubectl get -o json` at each stage; afterwards the graph at each of those times
// equals what kubectl showed then. A server stopped and started again leaves a marked gap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getGraph } from '@/app/api/clusters/[context]/graph/route';
import { GET as getIp } from '@/app/api/clusters/[context]/ip/[address]/route';
import { GET as getTimeline } from '@/app/api/clusters/[context]/timeline/route';
import { hubFor } from '@/lib/http/contexts';
import { graphResponseSchema, historyResponseSchema, ipResponseSchema, timelineResponseSchema } from '@/lib/stream/protocol';
import { applyYaml, eventually, graphRows, heldRolloutYaml, kubectl, kubectlJson, releasePods, truthRows, uniqueNamespace } from './kube';
import { freshHistoryDir, startServer } from './server';

// This file's route handlers keep a history (the others run with SVCMAP_HISTORY=off); read when the first hub is made.
delete process.env.SVCMAP_HISTORY;
process.env.SVCMAP_HISTORY_DIR = freshHistoryDir();

const context = 'svcmap-admin';

async function graphAt(namespace: string, at?: number) {
  const query = new URLSearchParams({ namespace, ...(at !== undefined ? { at: new Date(at).toISOString() } : {}) });
  const response = await getGraph(new Request(`http://127.0.0.1/api/clusters/${context}/graph?${query}`), { params: Promise.resolve({ context }) });
  expect(response.status).toBe(200);
  // A past answer says where its time went (the pending write, the snapshot and journal, the graph).
  if (at !== undefined) expect(response.headers.get('server-timing')).toMatch(/^flush;dur=[\d.]+, replay;dur=[\d.]+, build;dur=[\d.]+$/);
  return graphResponseSchema.parse(await response.json());
}

interface PodJson {
  metadata: { name: string; deletionTimestamp?: string };
  status: { podIP?: string };
}
const pods = (namespace: string) => kubectlJson<{ items: PodJson[] }>('get', 'pods', '-n', namespace).items;

describe('history of a rollout', () => {
  let namespace = '';
  let unsubscribe = () => undefined as void;
  // What kubectl showed at each stage, and when.
  const stages: { name: string; at: number; rows: string[] }[] = [];

  /** Waits until the cluster holds still at what `expected` accepts and svcmap shows it live; records kubectl's answer and the time. */
  async function stage(name: string, expected: (rows: string[]) => boolean): Promise<void> {
    await eventually(async () => {
      const rows = truthRows(namespace);
      expect(expected(rows), `${name}: ${rows.join('\n')}`).toBe(true);
      expect(graphRows(await graphAt(namespace))).toEqual(rows);
      // Still the same after svcmap answered: the stage holds.
      expect(truthRows(namespace)).toEqual(rows);
      stages.push({ name, at: Date.now(), rows });
    }, 90_000, 300);
  }

  beforeAll(async () => {
    const hub = hubFor(context)!;
    unsubscribe = hub.subscribe({ onPatch: () => undefined, onStatus: () => undefined });
    expect(await hub.whenSynced(60_000)).toBe(true);
    namespace = uniqueNamespace('history');
    applyYaml(heldRolloutYaml(namespace));
  });

  afterAll(() => {
    if (namespace) {
      const held = pods(namespace).map((pod) => pod.metadata.name);
      for (const name of held) {
        try {
          releasePods(namespace, [name]);
        } catch {
          // Already gone.
        }
      }
      kubectl('delete', 'namespace', namespace, '--wait=false');
    }
    unsubscribe();
  });

  it('answers the graph at every stage exactly as kubectl showed it then', async () => {
    const ready = (rows: string[]) => rows.length === 2 && rows.every((row) => row.includes('ready=true') && row.includes('terminating=false'));
    await stage('ready', ready);
    const before = pods(namespace).map((pod) => pod.metadata.name);

    kubectl('rollout', 'restart', 'deployment/web', '-n', namespace);
    await stage('terminating', (rows) => rows.filter((row) => row.includes('terminating=true')).length === 2 && rows.filter((row) => row.includes('ready=true')).length === 2);
    const terminating = stages.at(-1)!;
    expect(terminating.rows.filter((row) => row.includes('terminating=true')).map((row) => row.split(' ')[6])).toEqual(expect.arrayContaining(before));

    releasePods(namespace, before);
    await stage('gone', (rows) => ready(rows) && before.every((name) => !rows.some((row) => row.includes(` ${name} `))));

    for (const { name, at, rows } of stages) {
      const past = await graphAt(namespace, at);
      expect(past.past, name).toEqual({ at: new Date(at).toISOString(), known: true });
      expect(graphRows(past), name).toEqual(rows);
    }
    // And in between: the stages differ, so the answers are not the live graph repeated.
    expect(new Set(stages.map((entry) => entry.rows.join('|'))).size).toBe(3);
  });

  it('keeps the endpoint changes of the rollout in its journal, newest first, within since/until', async () => {
    const [first, , last] = stages;
    const query = new URLSearchParams({ service: `${namespace}/web`, since: new Date(first!.at).toISOString(), until: new Date(last!.at).toISOString() });
    const response = await getTimeline(new Request(`http://127.0.0.1/api/clusters/${context}/timeline?${query}`), { params: Promise.resolve({ context }) });
    const { events } = timelineResponseSchema.parse(await response.json());
    // Per pod, oldest first (an endpoint the slice controller moves between slices leaves one and joins another).
    const podName = (row: string) => row.split(' ')[6]!;
    const old = first!.rows.map(podName);
    const added = last!.rows.map(podName);
    const story = (pod: string) => events.filter((event) => event.target === `Pod/${namespace}/${pod}`).map((event) => event.change).reverse();
    for (const pod of old) {
      expect(story(pod), pod).toContain('terminating');
      expect(story(pod).at(-1), pod).toBe('left');
      expect(story(pod).indexOf('terminating'), pod).toBeLessThan(story(pod).lastIndexOf('left'));
    }
    for (const pod of added) {
      expect(story(pod), pod).toContain('joined');
      expect(story(pod).at(-1), pod).not.toBe('left');
    }
    expect(events.every((event, index) => index === 0 || event.at <= events[index - 1]!.at)).toBe(true);
    expect(events.every((event) => Date.parse(event.at) >= first!.at && Date.parse(event.at) <= last!.at)).toBe(true);
  });

  it('says which pod held an address at a time, and for which Service it was an endpoint', async () => {
    const terminating = stages.find((entry) => entry.name === 'terminating')!;
    const row = terminating.rows.find((line) => line.includes('terminating=true'))!;
    const [, , , , , , pod, address] = row.split(' ');
    const ask = async (at: number) => {
      const response = await getIp(new Request(`http://127.0.0.1/api/clusters/${context}/ip/${address}?at=${new Date(at).toISOString()}`), {
        params: Promise.resolve({ context, address: address! }),
      });
      expect(response.status).toBe(200);
      return ipResponseSchema.parse(await response.json()).spans;
    };
    const then = await ask(terminating.at);
    expect(then).toContainEqual(expect.objectContaining({ kind: 'Pod', namespace, name: pod, to: expect.any(String) }));
    expect(then).toContainEqual(expect.objectContaining({ kind: 'EndpointSlice', namespace, service: 'web' }));
    const gone = stages.find((entry) => entry.name === 'gone')!;
    expect((await ask(gone.at)).filter((span) => span.name === pod)).toEqual([]);
    // Before the history began nothing is known, and the answer says so.
    const before = await getIp(new Request(`http://127.0.0.1/api/clusters/${context}/ip/${address}?at=2020-01-01T00:00:00Z`), { params: Promise.resolve({ context, address: address! }) });
    expect(ipResponseSchema.parse(await before.json())).toMatchObject({ watched: false, spans: [] });
  });
});

describe('history across a restart', () => {
  it('marks the time the server was down as unknown and answers on both sides of it', async () => {
    const dir = freshHistoryDir();
    const recording = async (base: string) =>
      eventually(async () => {
        // The stream's request starts the watches; the history answers once a session is written.
        await fetch(`${base}/api/clusters/${context}/graph`);
        const history = historyResponseSchema.parse(await (await fetch(`${base}/api/clusters/${context}/history`)).json());
        expect(history.state).toBe('recording');
        return history;
      }, 60_000, 500);
    const first = await startServer(3431, { SVCMAP_HISTORY_DIR: dir, SVCMAP_IDLE_STOP_MS: '600000' });
    await recording(first.base);
    const beforeStop = Date.now();
    await first.stop();
    const stopped = Date.now();

    const second = await startServer(3431, { SVCMAP_HISTORY_DIR: dir });
    try {
      const history = await recording(second.base);
      expect(history.sessions).toHaveLength(2);
      const [old, current] = history.sessions;
      expect(Date.parse(old!.to!)).toBeLessThanOrEqual(stopped);
      expect(current!.to).toBeUndefined();
      const restarted = Date.parse(current!.from);
      expect(restarted).toBeGreaterThan(stopped);

      const graph = async (at: number) => graphResponseSchema.parse(await (await fetch(`${second.base}/api/clusters/${context}/graph?at=${new Date(at).toISOString()}`)).json());
      const down = await graph(Math.round((stopped + restarted) / 2));
      expect(down.past).toEqual({ at: expect.any(String), known: false, gap: { from: old!.to, to: current!.from } });
      expect(down.graph.nodes).toEqual([]);
      expect((await graph(Math.min(beforeStop, Date.parse(old!.to!)))).past?.known).toBe(true);
      expect((await graph(restarted)).past?.known).toBe(true);
    } finally {
      await second.stop();
    }
  });
});

describe('two replicas sharing a PostgreSQL history', () => {
  it('one writes and the other reads, both answer the past alike, and the reader takes over when the writer goes', async () => {
    const url = process.env.SVCMAP_TEST_POSTGRES_URL;
    if (!url) throw new Error('SVCMAP_TEST_POSTGRES_URL is not set: scripts/test.sh starts PostgreSQL (bash scripts/postgres.sh start) and sets it');
    const state = async (base: string) => {
      await fetch(`${base}/api/clusters/${context}/graph?namespace=shop`); // keeps the watches on
      return historyResponseSchema.parse(await (await fetch(`${base}/api/clusters/${context}/history`)).json()).state;
    };
    const first = await startServer(3435, { SVCMAP_HISTORY_URL: url, SVCMAP_IDLE_STOP_MS: '600000' });
    const second = await startServer(3436, { SVCMAP_HISTORY_URL: url, SVCMAP_IDLE_STOP_MS: '600000' });
    try {
      await eventually(async () => expect(await state(first.base)).toBe('recording'), 60_000, 500);
      await eventually(async () => expect(await state(second.base)).toBe('reading'), 60_000, 500);

      const at = new Date().toISOString();
      const past = async (base: string) => graphResponseSchema.parse(await (await fetch(`${base}/api/clusters/${context}/graph?namespace=shop&at=${at}`)).json());
      const written = await eventually(async () => {
        const answer = await past(first.base);
        expect(answer.past?.known).toBe(true);
        return answer;
      }, 30_000, 500);
      expect(written.graph.nodes.length).toBeGreaterThan(5);
      expect((await past(second.base)).graph).toEqual(written.graph);

      await first.stop();
      await eventually(async () => expect(await state(second.base)).toBe('recording'), 60_000, 500);
      expect((await past(second.base)).graph).toEqual(written.graph);
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
