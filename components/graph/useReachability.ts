'use client';
// NetworkPolicy reach from the source picked in the page (`from=` in the URL), kept fresh
// while the cluster changes: asked again when the graph moves on, at most every 2 s.
import { useEffect, useState } from 'react';
import useSWR from 'swr';
import { fetchJson } from '@/lib/stream/fetch';
import { type ReachabilityResponse, reachabilityResponseSchema } from '@/lib/stream/protocol';

const fetchReach = (url: string) => fetchJson(url, reachabilityResponseSchema);

export function reachabilityUrl(context: string, query: { from?: string | null; service?: string }): string {
  const params = new URLSearchParams();
  if (query.from) params.set('from', query.from);
  if (query.service) params.set('service', query.service);
  return `/api/clusters/${encodeURIComponent(context)}/reachability?${params.toString()}`;
}

/** The answer for the whole graph from `from` (undefined while none is picked or loading), and the error to show. */
export function useReachability(context: string | null, from: string | null, seq: number): { data?: ReachabilityResponse; error?: Error } {
  const version = useThrottled(seq, 2_000);
  const key = context && from ? [reachabilityUrl(context, { from }), version] : null;
  const { data, error } = useSWR(key, ([url]: [string, number]) => fetchReach(url), { keepPreviousData: true });
  return { data: from ? data : undefined, error: from ? (error as Error | undefined) : undefined };
}

/** One Service's answer from `from`, with every endpoint's verdict per port. */
export function useReachabilityOf(context: string, from: string, service: string, seq: number): { data?: ReachabilityResponse; error?: Error } {
  const version = useThrottled(seq, 2_000);
  const { data, error } = useSWR([reachabilityUrl(context, { from, service }), version], ([url]: [string, number]) => fetchReach(url), { keepPreviousData: true });
  return { data, error: error as Error | undefined };
}

/** A Service's "who may reach this" (independent of the picked source). */
export function useWhoMayReach(context: string, service: string, seq: number): { data?: ReachabilityResponse; error?: Error } {
  const version = useThrottled(seq, 2_000);
  const { data, error } = useSWR([reachabilityUrl(context, { service }), version], ([url]: [string, number]) => fetchReach(url), { keepPreviousData: true });
  return { data, error: error as Error | undefined };
}

/** `value`, changing at most every `ms`. */
export function useThrottled<T>(value: T, ms: number): T {
  const [held, setHeld] = useState(value);
  useEffect(() => {
    if (Object.is(held, value)) return;
    const timer = setTimeout(() => setHeld(value), ms);
    return () => clearTimeout(timer);
  }, [value, held, ms]);
  return held;
}
