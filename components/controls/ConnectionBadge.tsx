'use client';
import { useEffect, useState } from 'react';
import type { GraphStreamState } from '@/lib/stream/client';

const styles: Record<GraphStreamState['connection'], string> = {
  connecting: 'bg-slate-200 text-slate-800',
  syncing: 'bg-sky-100 text-sky-900',
  live: 'bg-green-100 text-green-900',
  reconnecting: 'bg-amber-100 text-amber-900',
  error: 'bg-red-100 text-red-900',
};

/** The connection state in one word, with why when it is not live. */
export function ConnectionBadge({ state, context }: { state: GraphStreamState; context: string | null }) {
  // When the page itself lost the server (no kind to ask), the moment it noticed.
  const [lostAt, setLostAt] = useState<{ connection: string; at: string } | null>(null);
  if ((lostAt?.connection ?? 'live') !== state.connection) setLostAt({ connection: state.connection, at: new Date().toLocaleTimeString() });
  const sinceWhen = since(state) ?? lostAt?.at;
  // "pods 3,500 / 10,000" while a kind's paged list runs; its name alone before the first page.
  const syncing =
    state.status?.kinds
      .filter((kind) => kind.state === 'syncing')
      .map((kind) => (kind.listed === undefined ? kind.kind : `${kind.kind} ${kind.listed.toLocaleString('en-US')}${kind.total === undefined ? '' : ` / ${kind.total.toLocaleString('en-US')}`}`)) ?? [];
  return (
    // The ticking "updated … ago" stays outside the live region: a screen reader must not read it every second.
    // A problem's words give way when the header is short of room, down to the badge (each
    // keeps its whole text as its title, and an empty page says the problem in full).
    <div className={`ml-auto flex items-center gap-2 ${state.problem ? 'min-w-28 !shrink' : ''}`}>
      <div role="status" aria-live="polite" className="flex min-w-0 items-center gap-2 text-sm" data-testid="connection" data-state={state.connection}>
        <span className={`shrink-0 rounded px-2 py-0.5 font-medium ${styles[state.connection]}`}>{state.connection}</span>
        {state.connection === 'syncing' && syncing.length > 0 && (
          <span className="max-w-xs truncate text-slate-600 dark:text-slate-400" data-testid="sync-progress">
            listing {syncing.join(', ')}
          </span>
        )}
        {state.problem && (
          <span className="max-w-xs truncate text-slate-600 dark:text-slate-400" title={state.problem}>
            {state.connection === 'error' && context ? `${context}: ` : ''}
            {state.problem}
          </span>
        )}
        {(state.connection === 'reconnecting' || state.connection === 'error') && sinceWhen && <span className="truncate text-slate-600 dark:text-slate-400" title={`since ${sinceWhen}`}>since {sinceWhen}</span>}
      </div>
      {state.connection === 'live' && state.lastEventAt !== undefined && <LastEvent at={state.lastEventAt} />}
    </div>
  );
}

/** "updated 12 s ago": how fresh the picture is, ticking once a second. */
function LastEvent({ at }: { at: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((now - at) / 1_000));
  const age = seconds < 60 ? `${seconds} s` : seconds < 3_600 ? `${Math.floor(seconds / 60)} min` : `${Math.floor(seconds / 3_600)} h`;
  return (
    <span className="text-xs whitespace-nowrap text-slate-600 max-[1440px]:sr-only dark:text-slate-400" title={`last event from the server: ${new Date(at).toLocaleString()}`} data-testid="last-event">
      updated {age} ago
    </span>
  );
}

/** When the watches started failing, for "reconnecting since 03:12:09". */
function since(state: GraphStreamState): string | undefined {
  const failing = state.status?.kinds.filter((kind) => kind.state === 'reconnecting').map((kind) => kind.since).sort()[0];
  return failing ? new Date(failing).toLocaleTimeString() : undefined;
}
