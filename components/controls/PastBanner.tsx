'use client';
// Over the map while it shows the past: when, how long ago, and the way back. The live region
// holds the time alone (announced when it changes), not the "ago" that ticks every second.
import { ago, clockTime } from '@/lib/view/time';
import { useNow } from '../useNow';

export function PastBanner({ at, context, loading, onLive }: { at: number; context: string | null; loading: boolean; onLive: () => void }) {
  const now = useNow();
  return (
    <div data-testid="past-banner" className="flex items-center gap-3 border-b border-amber-300 bg-amber-100 px-4 py-1 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50">
      <span className="font-semibold">
        <span role="status">{clockTime(at, now)}</span> — {ago(at, now)}, not live
      </span>
      <span>The map shows {context} as it was then, from svcmap&apos;s history.</span>
      {loading && <span className="text-amber-900 dark:text-amber-200">loading…</span>}
      <button type="button" className="ml-auto rounded border border-amber-500 px-2 py-0.5" onClick={onLive}>
        Back to live
      </button>
    </div>
  );
}
