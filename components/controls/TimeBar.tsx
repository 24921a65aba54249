'use client';
// The history bar under the map: a slider over the time the history covers (the gaps, when
// svcmap was not watching, drawn hatched), a time field, steps, playback at a chosen speed,
// and "Live" to come back. Moving it sets `at=` in the URL; the map then shows the graph as
// it was. The history's own trouble (off, database error) is said here.
import { useEffect, useRef, useState } from 'react';
import type { HistoryResponse } from '@/lib/stream/protocol';
import { clockTime, parseClock } from '@/lib/view/time';
import { useNow } from '../useNow';

interface Props {
  history?: HistoryResponse;
  error?: Error;
  /** The time shown (ms), or null for live. */
  at: number | null;
  /** The map is still loading the time shown: playback waits for it (a big cluster's past takes a second to rebuild). */
  loading?: boolean;
  /** `replace`: a step of playback or scrubbing, not a new entry in the browser's history. */
  onChange: (at: number | null, replace?: boolean) => void;
}

const speeds = [1, 10, 60];
const tickMs = 500;

export function TimeBar({ history, error, at, loading = false, onChange }: Props) {
  const now = useNow();
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(10);
  const [dragged, setDragged] = useState<number | null>(null);
  const [typed, setTyped] = useState<string | null>(null);
  const sessions = (history?.sessions ?? []).map((session) => ({ from: Date.parse(session.from), to: session.to ? Date.parse(session.to) : now }));
  // Whole seconds, so the slider's steps land on them: the first whole second the history knows.
  const start = Math.ceil((sessions[0]?.from ?? now) / 1000) * 1000;
  const span = Math.max(1, now - start);
  const shown = dragged ?? at ?? now;

  // Playback: time moves on at `speed` × real time; reaching now is live again.
  const latest = useRef({ at, onChange, speed, loading });
  useEffect(() => {
    latest.current = { at, onChange, speed, loading };
  });
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const { at: current, onChange: change, speed: factor, loading: busy } = latest.current;
      if (busy) return;
      const next = (current ?? Date.now()) + tickMs * factor;
      if (current === null || next >= Date.now()) {
        setPlaying(false);
        change(null, true);
      } else change(next, true);
    }, tickMs);
    return () => clearInterval(timer);
  }, [playing]);

  // Scrubbing: the map follows the slider a few times a second, not on every pixel.
  useEffect(() => {
    if (dragged === null) return;
    const timer = setTimeout(() => latest.current.onChange(dragged >= Date.now() - 1_000 ? null : dragged, true), 200);
    return () => clearTimeout(timer);
  }, [dragged]);

  // Letting go of the slider goes there at once; at its right end, that is live.
  const release = () => {
    if (dragged !== null) onChange(dragged >= now - 1_000 ? null : dragged, true);
    setDragged(null);
  };
  const step = (ms: number) => {
    const next = (at ?? now) + ms;
    onChange(next >= now ? null : Math.max(start, next));
  };
  const problem = error?.message ?? (history?.state === 'error' ? history.message : history?.state === 'off' ? 'History is switched off on this server (SVCMAP_HISTORY=off): only the live map is shown.' : undefined);
  // Recording may fail (a full disk) while what was kept can still be read: the controls stay while there is a past to show.
  const readable = history !== undefined && history.state !== 'off' && sessions.length > 0;
  const typedInvalid = typed !== null && typed.trim() !== '' && parseClock(typed, now) === null;

  return (
    <section aria-label="History" data-testid="time-bar" className="flex flex-wrap items-center gap-2 border-t border-slate-200 bg-white px-4 py-2 text-sm dark:border-slate-800 dark:bg-slate-950">
      {problem && (
        <p role="alert" className="basis-full text-red-800 dark:text-red-300">
          History: {problem}
        </p>
      )}
      {(readable || !problem) && (
        <>
          <button type="button" className={`${button} w-24`} onClick={() => setPlaying(!playing)} disabled={at === null && !playing} aria-label={playing ? 'Pause playback' : 'Play from here'}>
            {playing ? '❚❚ Pause' : '▶ Play'}
          </button>
          <label className="flex items-center gap-1">
            <span className="sr-only">Playback speed</span>
            <select value={speed} onChange={(event) => setSpeed(Number(event.target.value))} className={`${button} py-0.5`}>
              {speeds.map((factor) => (
                <option key={factor} value={factor}>
                  {factor}×
                </option>
              ))}
            </select>
          </label>
          <button type="button" className={button} onClick={() => step(-10_000)} title="10 seconds earlier">
            −10 s
          </button>
          <div className="relative min-w-48 flex-1">
            <input
              type="range"
              aria-label="Time"
              aria-valuetext={at === null && dragged === null ? 'live' : clockTime(shown, now)}
              className="w-full accent-sky-700"
              min={start}
              max={now}
              step={1000}
              value={shown}
              onChange={(event) => setDragged(Number(event.target.value))}
              onPointerUp={release}
              onKeyUp={release}
              onLostPointerCapture={release}
              onBlur={release}
            />
            <Coverage sessions={sessions} start={start} span={span} />
          </div>
          <button type="button" className={button} onClick={() => step(10_000)} disabled={at === null} title="10 seconds later">
            +10 s
          </button>
          <form
            className="relative flex items-center gap-1"
            onSubmit={(event) => {
              event.preventDefault();
              const parsed = typed === null ? null : parseClock(typed, Date.now());
              // What cannot be read as a time stays in the field, marked, with the reason beside it.
              if (parsed === null) return;
              onChange(Math.min(parsed, Date.now()));
              setTyped(null);
            }}
          >
            <label htmlFor="history-time" className="sr-only">
              Go to time
            </label>
            <input
              id="history-time"
              value={typed ?? (at === null ? '' : clockTime(at, now))}
              placeholder={clockTime(now, now)}
              onChange={(event) => setTyped(event.target.value)}
              aria-invalid={typedInvalid}
              aria-describedby={typedInvalid ? 'history-time-problem' : undefined}
              className="w-40 rounded border border-slate-300 bg-white px-2 py-0.5 font-mono aria-[invalid=true]:border-red-600 dark:border-slate-600 dark:bg-slate-900"
            />
            {typedInvalid && (
              <span id="history-time-problem" className="absolute bottom-full left-0 mb-1 rounded bg-white px-1 text-xs whitespace-nowrap text-red-800 shadow dark:bg-slate-900 dark:text-red-300">
                a time like 14:02 or 14:02:10
              </span>
            )}
          </form>
          <button type="button" className={at === null ? `${button} bg-green-100 text-green-900` : button} aria-pressed={at === null} onClick={() => onChange(null)}>
            Live
          </button>
          <span className="text-xs text-slate-700 dark:text-slate-300" data-testid="history-range">
            {history ? `kept since ${clockTime(start, now)}${history.state === 'reading' ? ' (written by another replica)' : ''}` : 'Loading history…'}
          </span>
        </>
      )}
    </section>
  );
}

const button = 'rounded border border-slate-300 px-2 py-0.5 whitespace-nowrap disabled:opacity-50 dark:border-slate-600';

/** The watched stretches under the slider; between them (gaps) nothing is known. */
function Coverage({ sessions, start, span }: { sessions: { from: number; to: number }[]; start: number; span: number }) {
  return (
    <div aria-hidden className="pointer-events-none mx-2 h-1 rounded bg-[repeating-linear-gradient(45deg,#94a3b8_0_3px,transparent_3px_6px)]">
      {sessions.map((session) => (
        <div
          key={session.from}
          className="absolute h-1 bg-sky-600"
          style={{ left: `calc(0.5rem + (100% - 1rem) * ${(session.from - start) / span})`, width: `calc((100% - 1rem) * ${Math.max(0.002, (session.to - session.from) / span)})` }}
        />
      ))}
    </div>
  );
}
