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

/**
 * The graph at `at` (ms) of these namespaces (all: none). `data`: the answer for this very time;
 * `shown`: it, or while it loads the last answer of the same context (scrubbing does not blank
 * the map) — never another context's, nor anything after an error.
 */
export function usePastGraph(context: string | null, at: number | null, namespaces: readonly string[]) {
  const iso = new Date(at ?? 0).toISOString();
  const query = new URLSearchParams({ at: iso, ...(namespaces.length > 0 ? { namespace: namespaces.join(',') } : {}) });
  const key = context && at !== null ? `${base(context)}/graph?${query}` : null;
  const { data: answer, error, isLoading } = useSWR(key, fetchGraph, { keepPreviousData: true, revalidateOnFocus: false });
  const sameContext = key && !error && answer?.context === context ? answer : undefined;
  const data = sameContext?.past?.at === iso ? sameContext : undefined;
  return { data, shown: sameContext, error: error as Error | undefined, loading: Boolean(key && !error && isLoading) };
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
