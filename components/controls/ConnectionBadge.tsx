'use client';
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
  const syncing = state.status?.kinds.filter((kind) => kind.state === 'syncing').map((kind) => kind.kind) ?? [];
  return (
    <div role="status" aria-live="polite" className="ml-auto flex items-center gap-2 text-sm" data-testid="connection" data-state={state.connection}>
      <span className={`rounded px-2 py-0.5 font-medium ${styles[state.connection]}`}>{state.connection}</span>
      {state.connection === 'syncing' && syncing.length > 0 && <span className="text-slate-500">listing {syncing.join(', ')}</span>}
      {state.problem && (
        <span className="max-w-md truncate text-slate-500" title={state.problem}>
          {state.connection === 'error' && context ? `${context}: ` : ''}
          {state.problem}
        </span>
      )}
      {state.connection === 'reconnecting' && since(state) && <span className="text-slate-500">since {since(state)}</span>}
    </div>
  );
}

/** When the watches started failing, for "reconnecting since 03:12:09". */
function since(state: GraphStreamState): string | undefined {
  const failing = state.status?.kinds.filter((kind) => kind.state === 'reconnecting').map((kind) => kind.since).sort()[0];
  return failing ? new Date(failing).toLocaleTimeString() : undefined;
}
