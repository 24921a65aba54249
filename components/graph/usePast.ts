'use client';
// Time travel: the graph as it was at `at` (GET …/graph?at=…), the history's coverage
// (GET …/history), and who held an address then (GET …/ip/{address}?at=…).
import useSWR from 'swr';
import { fetchJson } from '@/lib/stream/fetch';
import { graphResponseSchema, historyResponseSchema, ipResponseSchema } from '@/lib/stream/protocol';

const fetchGraph = (url: string) => fetchJson(url, graphResponseSchema);
const fetchHistory = (url: string) => fetchJson(url, historyResponseSchema);
const fetchIp = (url: string) => fetchJson(url, ipResponseSchema);
const base = (context: string) => `/api/clusters/${encodeURIComponent(context)}`;

/** The graph at `at` (ms) of these namespaces (all: none); while the next time loads the last one stays, so scrubbing does not blank the map. */
export function usePastGraph(context: string | null, at: number | null, namespaces: readonly string[]) {
  const query = new URLSearchParams({ at: new Date(at ?? 0).toISOString(), ...(namespaces.length > 0 ? { namespace: namespaces.join(',') } : {}) });
  const key = context && at !== null ? `${base(context)}/graph?${query}` : null;
  const { data, error } = useSWR(key, fetchGraph, { keepPreviousData: true, revalidateOnFocus: false });
  return { data: key ? data : undefined, error: error as Error | undefined, loading: Boolean(key && data?.past?.at !== new Date(at ?? 0).toISOString()) };
}

/** What the history covers, asked again every few seconds while shown. */
export function useHistory(context: string | null, shown: boolean) {
  const { data, error } = useSWR(context && shown ? `${base(context)}/history` : null, fetchHistory, { refreshInterval: 5_000 });
  return { data, error: error as Error | undefined };
}

export function useIpOwners(context: string | null, address: string | null, at: number | null) {
  const key = context && address ? `${base(context)}/ip/${encodeURIComponent(address)}${at !== null ? `?at=${new Date(at).toISOString()}` : ''}` : null;
  const { data, error } = useSWR(key, fetchIp);
  return { data, error: error as Error | undefined };
}
