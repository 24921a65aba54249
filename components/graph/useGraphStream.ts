'use client';
// The live graph of one context, fed by the SSE stream through SWR's subscription API so
// every component reads the same cache. One stream per context for the whole browser,
// shared by its tabs whatever each shows (shared.ts): a tab's namespace selection filters
// that stream here (shownState), so seven tabs on seven selections still hold one
// connection (browsers allow ~6 per origin over HTTP/1.1).
import useSWRSubscription from 'swr/subscription';
import { type GraphStreamState, initialStreamState, shownState, streamUrl } from '@/lib/stream/client';
import { openGraphStreamForTab } from '@/lib/stream/shared';

export function useGraphStream(context: string | null, namespaces: readonly string[]): GraphStreamState {
  const key: [string, string] | null = context ? [streamUrl(context, []), namespaces.join(',')] : null;
  const { data } = useSWRSubscription(key, ([url, selection]: [string, string], { next }: { next: (error: Error | null, data?: GraphStreamState) => void }) => {
    let shown: GraphStreamState | undefined;
    return openGraphStreamForTab(url, (state) => {
      shown = shownState(state, selection ? new Set(selection.split(',')) : null, shown);
      next(null, shown);
    });
  });
  return data ?? initialStreamState;
}
