// One stream for all tabs of a browser: browsers allow ~6 HTTP/1.1 connections per
// origin (port-forward and local runs are HTTP/1.1), so a 7th tab with its own
// EventSource would hang. The tab holding a Web Lock per stream URL is the leader: it
// owns the EventSource and relays every message on a BroadcastChannel. Other tabs ask
// it for the current state once, then fold the relayed messages themselves. When the
// leader closes, the lock passes to another tab, which opens the stream.
import { type GraphStreamState, initialStreamState, openResyncingEventSource, reduceStream, type StreamMessage } from './client';
import type { GraphPatch } from './protocol';

type ChannelMessage = { type: 'hello' } | { type: 'state'; state: GraphStreamState } | { type: 'message'; message: StreamMessage };

/**
 * Hands on the latest state at most once per frame: patches that arrive while the page is
 * busy drawing fold into one render instead of queueing up one render each. (A hidden tab
 * gets no frames; the timer delivers there.) A big graph is handed on at most every
 * `bigGraphIntervalMs`: each redraw costs time in proportion to the nodes, and during a
 * rollout patches arrive without pause — at 12,000 nodes per-frame redraws kept the main
 * thread busy for most of a 500-pod rollout (bench/index.mjs).
 */
export function oncePerFrame(onState: (state: GraphStreamState) => void, clock: FrameClock = browserClock): (state: GraphStreamState) => void {
  let pending: GraphStreamState | undefined;
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastDelivered = -Infinity;
  const deliver = () => {
    if (!pending) return;
    clock.cancelFrame(frame);
    clearTimeout(timer);
    const state = pending;
    pending = undefined;
    lastDelivered = clock.now();
    onState(state);
  };
  return (state) => {
    const scheduled = pending !== undefined;
    pending = state;
    if (scheduled) return;
    if (state.graph.nodes.length > bigGraphNodes) {
      timer = setTimeout(deliver, Math.max(0, lastDelivered + bigGraphIntervalMs - clock.now()));
      return;
    }
    frame = clock.requestFrame(deliver);
    timer = setTimeout(deliver, 100);
  };
}

const bigGraphNodes = 2_000;
export const bigGraphIntervalMs = 250;

export interface FrameClock {
  now(): number;
  requestFrame(callback: () => void): number;
  cancelFrame(frame: number): void;
}

const browserClock: FrameClock = {
  now: () => performance.now(),
  requestFrame: (callback) => requestAnimationFrame(callback),
  cancelFrame: (frame) => cancelAnimationFrame(frame),
};

/**
 * The stream's state as messages arrive, with patches folded into the graph only when the
 * state is read (`current`): all the patches since the last read in one pass over the graph,
 * instead of a pass per patch — at 12,000 nodes and dozens of patches a second during a
 * rollout, that per-patch pass was a quarter of the page's busy time.
 */
export function batchedStreamState(): { add: (message: StreamMessage) => void; current: () => GraphStreamState; reset: (state: GraphStreamState) => void } {
  let state = initialStreamState;
  let waiting: { seq: number; patch: GraphPatch }[] = [];
  const flush = () => {
    if (waiting.length === 0) return;
    state = reduceStream(state, { type: 'patches', patches: waiting }, Date.now());
    waiting = [];
  };
  return {
    add: (message) => {
      if (message.type === 'patch') {
        waiting.push(message);
        return;
      }
      flush();
      state = reduceStream(state, message, Date.now());
    },
    current: () => {
      flush();
      return state;
    },
    reset: (next) => {
      waiting = [];
      state = next;
    },
  };
}

export function openSharedGraphStream(url: string, onStateNow: (state: GraphStreamState) => void): () => void {
  const stream = batchedStreamState();
  let synced = false; // a follower has the leader's state to build on
  let leader = false;
  let source: ReturnType<typeof openResyncingEventSource> | undefined;
  const channel = new BroadcastChannel(`svcmap-stream:${url}`);
  const release = new AbortController();
  let lastHandedOn = initialStreamState;
  const onState = oncePerFrame(() => {
    const state = stream.current();
    lastHandedOn = state;
    onStateNow(state);
    // A patch did not fit: the leader starts the stream over, from a fresh snapshot (a new
    // EventSource sends no Last-Event-ID), and waits for it rather than restart again.
    if (leader && state.resync) {
      stream.reset({ ...state, resync: false });
      source?.restart();
    }
  });
  // The size of the graph as last handed on decides how often it is handed on.
  const apply = (message: StreamMessage) => {
    stream.add(message);
    onState(lastHandedOn);
  };

  channel.onmessage = (event: MessageEvent<ChannelMessage>) => {
    const data = event.data;
    if (leader) {
      if (data.type === 'hello') channel.postMessage({ type: 'state', state: stream.current() } satisfies ChannelMessage);
      return;
    }
    if (data.type === 'state' && !synced) {
      synced = true;
      stream.reset(data.state);
      onState(data.state);
    } else if (data.type === 'message' && synced) {
      apply(data.message);
    }
  };

  navigator.locks
    .request(`svcmap-stream:${url}`, { signal: release.signal }, () => {
      leader = true;
      synced = true;
      // A resync a follower noted is moot: this tab's own stream starts from a snapshot.
      stream.reset({ ...stream.current(), resync: false });
      // Tabs that said hello before anyone led are still waiting for a state.
      channel.postMessage({ type: 'state', state: stream.current() } satisfies ChannelMessage);
      source = openResyncingEventSource(url, (message) => {
        apply(message);
        channel.postMessage({ type: 'message', message } satisfies ChannelMessage);
        return false; // a resync starts when the patches are applied (onState)
      });
      // Hold the lock (stay leader) until this tab closes the stream.
      return new Promise<void>((resolve) => release.signal.addEventListener('abort', () => resolve(), { once: true }));
    })
    .catch(() => undefined); // aborted while waiting: this tab never led
  channel.postMessage({ type: 'hello' } satisfies ChannelMessage);

  return () => {
    release.abort();
    source?.close();
    channel.close();
  };
}

/** Shared across tabs where the browser can (Web Locks and BroadcastChannel), else one stream per tab. */
export function openGraphStreamForTab(url: string, onStateNow: (state: GraphStreamState) => void): () => void {
  if (typeof navigator !== 'undefined' && navigator.locks && typeof BroadcastChannel !== 'undefined') return openSharedGraphStream(url, onStateNow);
  const stream = batchedStreamState();
  let handedOn = initialStreamState;
  const onState = oncePerFrame(() => {
    handedOn = stream.current();
    onStateNow(handedOn);
    if (handedOn.resync) {
      stream.reset({ ...handedOn, resync: false });
      source.restart();
    }
  });
  // onState runs only after a message, by when source is set.
  const source = openResyncingEventSource(url, (message) => {
    stream.add(message);
    onState(handedOn);
    return false;
  });
  return source.close;
}
