'use client';
// Search by URL (GET …/resolve): the Gateway listener and route rule, or Ingress path, that
// serve a URL typed in the search box, and the Services, slices and Pods behind them.
import useSWR from 'swr';
import { fetchJson } from '@/lib/stream/fetch';
import { type ResolveResponse, resolveResponseSchema } from '@/lib/stream/protocol';
import { useThrottled } from './useReachability';

const fetchResolve = (url: string) => fetchJson(url, resolveResponseSchema);

/** `data`: the answer for this URL; `shown`: it, or while it loads the last answer (so the map does not blank on each keystroke). */
export function useResolve(context: string | null, url: string | null, seq: number): { data?: ResolveResponse; shown?: ResolveResponse; error?: Error } {
  const version = useThrottled(seq, 2_000);
  const key = context && url ? [`/api/clusters/${encodeURIComponent(context)}/resolve?url=${encodeURIComponent(url)}`, version] : null;
  const { data, error } = useSWR(key, ([path]: [string, number]) => fetchResolve(path), { keepPreviousData: true });
  return key ? { data: data?.url === url ? data : undefined, shown: data, error: error as Error | undefined } : {};
}
