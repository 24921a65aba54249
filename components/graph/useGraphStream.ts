'use client';
// The live graph of one cluster (and namespace selection), fed by the SSE stream
// (one per browser, shared by its tabs) through SWR's subscription API so every
// component reads the same cache.
import useSWRSubscription from 'swr/subscription';
import { type GraphStreamState, initialStreamState, streamUrl } from '@/lib/stream/client';
import { openGraphStreamForTab } from '@/lib/stream/shared';

export function useGraphStream(context: string | null, namespaces: readonly string[]): GraphStreamState {
  const key = context ? streamUrl(context, namespaces) : null;
  const { data } = useSWRSubscription(key, (url: string, { next }: { next: (error: Error | null, data?: GraphStreamState) => void }) =>
    openGraphStreamForTab(url, (state) => next(null, state)),
  );
  return data ?? initialStreamState;
}
