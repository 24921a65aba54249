'use client';
// The live graph of one context, fed by the SSE stream through SWR's subscription API so
// every component reads the same cache. One stream per context for the whole browser,
// shared by its tabs whatever each shows (shared.ts): a tab's namespace selection filters
// that stream here, so seven tabs on seven selections still hold one connection (browsers
// allow ~6 per origin over HTTP/1.1).
import { useMemo } from 'react';
import useSWRSubscription from 'swr/subscription';
import { filterGraph } from '@/lib/graph/build';
import { type GraphStreamState, initialStreamState, streamUrl } from '@/lib/stream/client';
import { openGraphStreamForTab } from '@/lib/stream/shared';

export function useGraphStream(context: string | null, namespaces: readonly string[]): GraphStreamState {
  const key = context ? streamUrl(context, []) : null;
  const { data } = useSWRSubscription(key, (url: string, { next }: { next: (error: Error | null, data?: GraphStreamState) => void }) =>
    openGraphStreamForTab(url, (state) => next(null, state)),
  );
  const state = data ?? initialStreamState;
  const selection = namespaces.join(',');
  const graph = state.graph;
  const shown = useMemo(() => (selection ? filterGraph(graph, new Set(selection.split(','))) : graph), [graph, selection]);
  return useMemo(() => (shown === state.graph ? state : { ...state, graph: shown }), [state, shown]);
}
