'use client';
// "10.244.3.17 at 14:05" typed in the search box: who held the address then — the pod, and
// the Services it was an endpoint of — and from when to when, from the history.
import { podId } from '@/lib/graph/ids';
import type { IpResponse, IpSpanAnswer } from '@/lib/stream/protocol';
import { clockTime } from '@/lib/view/time';
import { useNow } from '../useNow';

interface Props {
  address: string;
  at: number;
  data?: IpResponse;
  error?: Error;
  /** Show the map at that time with the pod selected. */
  onShow: (at: number, id?: string) => void;
  /** Clears the search. */
  onClose: () => void;
}

export function IpOwners({ address, at, data, error, onShow, onClose }: Props) {
  const now = useNow();
  const when = clockTime(at, now);
  const pods = data?.spans.filter((span) => span.kind === 'Pod') ?? [];
  const endpoints = data?.spans.filter((span) => span.kind === 'EndpointSlice') ?? [];
  return (
    <section aria-label="Who held this address" data-testid="ip-owners" className="absolute left-1/2 top-2 z-10 max-w-2xl -translate-x-1/2 rounded border border-indigo-300 bg-white py-2 pr-8 pl-3 text-sm shadow dark:border-indigo-700 dark:bg-slate-950">
      <button type="button" className="absolute top-1 right-1 rounded px-1.5" onClick={onClose} aria-label="Close (clear the search)">
        ✕
      </button>
      {error ? (
        <p role="alert">{error.message}</p>
      ) : !data ? (
        <p>Looking up {address} at {when}…</p>
      ) : data.spans.length === 0 && data.watched === false ? (
        <p>svcmap was not watching at {when}: who held {address} then is not known.</p>
      ) : data.spans.length === 0 ? (
        <p>No pod or endpoint held {address} at {when}, as far as svcmap watched.</p>
      ) : (
        <>
          {pods.map((span) => (
            <p key={`${span.namespace}/${span.name}/${span.from}`} data-testid="ip-owner">
              {address} at {when}: Pod{' '}
              <button type="button" className="font-semibold text-indigo-800 underline dark:text-indigo-200" onClick={() => onShow(at, podId(span.namespace, span.name))}>
                {span.namespace}/{span.name}
              </button>{' '}
              <Period span={span} now={now} />
            </p>
          ))}
          {pods.length === 0 && (
            <p data-testid="ip-owner">
              {address} at {when}: no pod svcmap saw held it (it may be an address written by hand into a Service&apos;s endpoints, or a pod in a namespace svcmap does not read).
            </p>
          )}
          {endpoints.length > 0 && (
            <ul className="mt-1 text-slate-700 dark:text-slate-300" aria-label="Endpoint of">
              {endpoints.map((span) => (
                <li key={`${span.namespace}/${span.name}/${span.from}`} data-testid="ip-endpoint">
                  endpoint of Service {span.namespace}/{span.service ?? '(none)'} (slice {span.name}) <Period span={span} now={now} />
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="mt-1 text-indigo-800 underline dark:text-indigo-200" onClick={() => onShow(at)}>
            Show the map at {when}
          </button>
        </>
      )}
    </section>
  );
}

function Period({ span, now }: { span: IpSpanAnswer; now: number }) {
  const from = `${span.fromUnknown ? 'since before ' : 'from '}${clockTime(Date.parse(span.from), now)}`;
  const to = span.to ? `${span.toUnknown ? 'until at least ' : 'to '}${clockTime(Date.parse(span.to), now)}` : 'until now';
  return (
    <span className="text-slate-700 dark:text-slate-300">
      {from} {to}
    </span>
  );
}
