// The history's answers for the route handlers: the graph at a past time, the journal's
// timeline, who held an IP, and what the history covers. Times in and out are ISO 8601.
// A database in trouble is a 503 that says so (the live routes are not affected); bad input a 400.
import { isIP } from 'node:net';
import { buildGraph } from '@/lib/graph/build';
import { filterGraph } from '@/lib/graph/diff';
import type { TimelineEvent } from '@/lib/graph/model';
import { printable } from '@/lib/graph/names';
import { parseTimeValue } from '@/lib/view/time';
import type { History } from '@/lib/history';
import { mergeJournal } from '@/lib/history/recorder';
import { storeAt } from '@/lib/history/replay';
import type { HistoryStore, IpSpan } from '@/lib/history/store';
import type { ContextHub } from '@/lib/k8s/hub';
import type { GraphResponse, HistoryResponse, IpResponse } from '@/lib/stream/protocol';
import { jsonError, type Parsed } from './api';
import { serverHistory } from './contexts';

const iso = (ms: number) => new Date(ms).toISOString();
// A little ahead of now is allowed: the browser's clock may run ahead of the server's.
const clockSkewMs = 60_000;
// An answer about the recent past waits this long at most for the recorder's pending write.
const flushWaitMs = 2_000;
const maxEvents = 500;
const maxSpans = 200;

/** A time parameter: ISO 8601 (with a zone) or milliseconds since the epoch; not in the future. */
export function parseTime(url: URL, name: string, now = Date.now()): Parsed<number | undefined> {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return { ok: true, value: undefined };
  const ms = parseTimeValue(value);
  if (ms === null) {
    return { ok: false, response: jsonError(400, 'InvalidTime', `"${name}" must be a time like 2026-12-02T14:02:10Z (ISO 8601, with its zone) or milliseconds since the epoch; got "${printable(value)}".`) };
  }
  if (ms > now + clockSkewMs) return { ok: false, response: jsonError(400, 'FutureTime', `"${name}" is ${iso(ms)}, in the future: history answers only for the past (now is ${iso(now)}).`) };
  return { ok: true, value: ms };
}

/** The `address` path parameter (Next.js has decoded it): an IPv4 or IPv6 address, IPv6 in lower case as stored. */
export function parseAddress(address: string): Parsed<string> {
  if (isIP(address) === 0) return { ok: false, response: jsonError(400, 'InvalidAddress', `"${printable(address)}" is not an IP address (IPv4 like 10.244.3.17, or IPv6).`) };
  return { ok: true, value: address.toLowerCase() };
}

/** Runs `answer` with the history's database: 409 when history is off, 503 with the database's own words when it is in trouble. */
async function withHistory(answer: (history: History, store: HistoryStore) => Promise<Response>): Promise<Response> {
  const history = serverHistory();
  if (!history) return jsonError(409, 'HistoryOff', 'History is switched off on this server (SVCMAP_HISTORY=off): only the live graph is available.');
  try {
    return await answer(history, await history.store());
  } catch (error) {
    return jsonError(503, 'HistoryUnavailable', `${error instanceof Error ? error.message : String(error)} The live map is not affected.`);
  }
}

/** Writes what the context's recorder holds, waiting a little at most: a slow database does not hold the answer up. */
async function flushed(history: History, context: string): Promise<void> {
  const flush = history.recorderOf(context)?.flush();
  if (flush) await Promise.race([flush, new Promise((resolve) => setTimeout(resolve, flushWaitMs).unref?.())]);
}

/** The graph as it was at `at`, shaped like the live answer (status as now: the watches' health is not history). */
export function pastGraph(hub: ContextHub, at: number, namespaces: ReadonlySet<string>): Promise<Response> {
  return withHistory(async (history, store) => {
    const begun = performance.now();
    await flushed(history, hub.context);
    const flushedAt = performance.now();
    const past = await storeAt(store, hub.context, at, Date.now());
    const replayed = performance.now();
    const graph = past.known ? filterGraph(buildGraph(past.store), namespaces) : { nodes: [], edges: [] };
    // Server-Timing: where an answer's time went (the pending write, the snapshot and journal, the graph), for `npm run bench` and devtools.
    const timing = `flush;dur=${(flushedAt - begun).toFixed(1)}, replay;dur=${(replayed - flushedAt).toFixed(1)}, build;dur=${(performance.now() - replayed).toFixed(1)}`;
    const gap = past.known ? undefined : { ...(past.gap.from !== undefined ? { from: iso(past.gap.from) } : {}), ...(past.gap.to !== undefined ? { to: iso(past.gap.to) } : {}) };
    const body: GraphResponse = {
      context: hub.context,
      seq: 0,
      status: hub.status(),
      graph,
      past: { at: iso(at), known: past.known, ...(gap ? { gap } : {}) },
    };
    return Response.json(body, { headers: { 'Server-Timing': timing } });
  });
}

/** Endpoint events of the journal in [since, until] (default: all it keeps), newest first, including those not yet written; null when there is no history to read. */
export async function journalTimeline(context: string, since: number | undefined, until: number | undefined, service?: string): Promise<TimelineEvent[] | null> {
  const history = serverHistory();
  if (!history) return null;
  let store: HistoryStore;
  try {
    store = await history.store();
  } catch {
    return null;
  }
  const from = since ?? 0;
  const to = until ?? Date.now() + clockSkewMs;
  const pending = (history.recorderOf(context)?.pendingEvents() ?? []).filter((row) => row.ts >= from && row.ts <= to && (!service || row.service === service));
  const stored = await store.events(context, from, to, maxEvents, service);
  return mergeJournal(pending, stored).slice(0, maxEvents).map((row) => JSON.parse(row.event) as TimelineEvent);
}

/** Who held an address at `at` (or over all the history kept: the latest 200 holders). */
export function ipOwners(context: string, address: string, at: number | undefined): Promise<Response> {
  return withHistory(async (history, store) => {
    await flushed(history, context);
    const spans = await store.ipSpans(context, address, at ?? 0, at ?? Number.MAX_SAFE_INTEGER, Date.now());
    // Watched then: a session had started and had written within a few seconds of it (a running one writes every second).
    const watched = at === undefined ? undefined : (await store.sessions(context, at - 5_000, at)).some((session) => session.started <= at);
    const body: IpResponse = { address, ...(at !== undefined ? { at: iso(at), watched } : {}), spans: spans.slice(-maxSpans).map(spanAnswer) };
    return Response.json(body);
  });
}

function spanAnswer(span: IpSpan): IpResponse['spans'][number] {
  return {
    kind: span.ownerKind,
    namespace: span.namespace,
    name: span.name,
    ...(span.service ? { service: span.service } : {}),
    from: iso(span.started),
    fromUnknown: span.startUnknown,
    ...(span.ended !== undefined ? { to: iso(span.ended) } : {}),
    toUnknown: span.endUnknown,
  };
}

/** What the history of a context covers (its latest 500 sessions) and whether it is being written. */
export async function historyStatus(context: string): Promise<HistoryResponse> {
  const history = serverHistory();
  if (!history) return { engine: 'off', state: 'off', sessions: [] };
  const engine = history.config.engine;
  try {
    const store = await history.store();
    await flushed(history, context);
    const recorder = history.recorderOf(context);
    const state = recorder?.state ?? { state: 'idle' as const };
    const sessions = (await store.sessions(context, 0, Number.MAX_SAFE_INTEGER)).slice(-500).map((session) => ({
      from: iso(session.started),
      ...(session.id === recorder?.activeSession ? {} : { to: iso(session.lastSeen) }),
    }));
    return { engine, state: state.state, ...('message' in state ? { message: state.message } : {}), sessions };
  } catch (error) {
    return { engine, state: 'error', message: error instanceof Error ? error.message : String(error), sessions: [] };
  }
}
