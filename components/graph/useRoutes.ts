'use client';
// kube-proxy's choice per node (GET …/routes): as seen from a node or zone (`from=node:…`,
// `from=zone:…` in the URL) for the whole graph, or for one Service's details.
import useSWR from 'swr';
import { fetchJson } from '@/lib/stream/fetch';
import { type RoutesResponse, routesResponseSchema } from '@/lib/stream/protocol';
import { useThrottled } from './useReachability';

const fetchRoutes = (url: string) => fetchJson(url, routesResponseSchema);

export const isRoutingViewpoint = (from: string | null): boolean => from !== null && /^(node|zone):/.test(from);

export function useRoutes(context: string | null, query: { from?: string | null; service?: string }, seq: number): { data?: RoutesResponse; error?: Error } {
  const version = useThrottled(seq, 2_000);
  const params = new URLSearchParams();
  if (query.from) params.set('from', query.from);
  if (query.service) params.set('service', query.service);
  const key = context && (query.service || isRoutingViewpoint(query.from ?? null)) ? [`/api/clusters/${encodeURIComponent(context)}/routes?${params.toString()}`, version] : null;
  const { data, error } = useSWR(key, ([url]: [string, number]) => fetchRoutes(url), { keepPreviousData: true });
  return key ? { data, error: error as Error | undefined } : {};
}
