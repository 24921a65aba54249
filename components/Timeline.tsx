'use client';
// The change timeline: the latest changes to endpoints (a pod joined, became ready or
// not, started terminating, left) with times, for one Service or the whole cluster.
// Fetched again whenever the stream moves on (its sequence number is in the key).
import useSWR from 'swr';
import { parseNodeId, shortName } from '@/lib/graph/ids';
import { fetchJson } from '@/lib/stream/fetch';
import { type TimelineEvent, timelineResponseSchema } from '@/lib/stream/protocol';
import { clockTime } from '@/lib/view/time';
import { useNow } from './useNow';

const words: Record<TimelineEvent['change'], string> = {
  joined: 'joined',
  ready: 'became ready',
  'not-ready': 'became not ready',
  terminating: 'started terminating',
  left: 'left',
};

const fetchTimeline = async (url: string) => (await fetchJson(url, timelineResponseSchema)).events;

interface Props {
  context: string;
  /** "namespace/name" for one Service; all Services when absent. */
  service?: string;
  seq: number;
  limit?: number;
  /** Viewing the past: the changes up to this time (ISO). */
  until?: string;
  onSelect: (id: string) => void;
}

export function Timeline({ context, service, seq, limit = 30, until, onSelect }: Props) {
  const parameters = new URLSearchParams({ ...(service ? { service } : {}), ...(until ? { until } : {}) }).toString();
  const query = parameters ? `?${parameters}` : '';
  const now = useNow(60_000);
  const { data: events, error } = useSWR(`/api/clusters/${encodeURIComponent(context)}/timeline${query}#${seq}`, (key: string) => fetchTimeline(key.split('#')[0]!), { keepPreviousData: true });
  if (error) return <p className="text-slate-600 dark:text-slate-400">The timeline could not be read: {String(error)}</p>;
  if (!events) return <p className="text-slate-600 dark:text-slate-400">Loading…</p>;
  if (events.length === 0) return <p className="text-slate-600 dark:text-slate-400">No changes to endpoints {until ? 'before then' : 'since svcmap started watching'}, as far as its history reaches.</p>;
  return (
    <ol className="space-y-0.5 text-xs" data-testid="timeline">
      {events.slice(0, limit).map((event, index) => (
        <li key={`${event.at}-${event.target}-${index}`} data-change={event.change} className="flex gap-2">
          <time dateTime={event.at} className="shrink-0 font-mono text-slate-600 dark:text-slate-400">
            {clockTime(Date.parse(event.at), now)}
          </time>
          <span>
            <button type="button" className="text-sky-700 underline dark:text-sky-300" onClick={() => onSelect(event.target)}>
              {parseNodeId(event.target).name}
            </button>{' '}
            {event.address && <span className="font-mono">({event.address}) </span>}
            {words[event.change]}
            {!service && event.service && (
              <>
                {' '}
                in{' '}
                <button type="button" className="text-sky-700 underline dark:text-sky-300" onClick={() => onSelect(event.service!)}>
                  {shortName(event.service)}
                </button>
              </>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}
