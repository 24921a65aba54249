'use client';
// Find and filter: the search box ("/" focuses it; Escape clears), "only problems",
// Service types, and the focused object. All of it lives in the URL.
import { useEffect, useRef } from 'react';

export const serviceTypeNames = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const serviceTypes = serviceTypeNames;

interface Props {
  search: string;
  onlyProblems: boolean;
  types: string[];
  focus: string | null;
  onChange: (changes: Record<string, string | null>) => void;
}

export function ViewControls({ search, onlyProblems, types, focus, onChange }: Props) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLElement && (event.target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(event.target.tagName));
      if (event.key === '/' && !typing) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The box is uncontrolled (fast typing must not wait for the URL); a search changed
  // from outside (back/forward, a link) is copied in unless the person is typing.
  useEffect(() => {
    if (input.current && input.current.value !== search && document.activeElement !== input.current) input.current.value = search;
  }, [search]);
  // Back and forward restore the search of that entry, even while the box has focus.
  useEffect(() => {
    const onHistory = () => {
      if (input.current) input.current.value = new URLSearchParams(window.location.search).get('search') ?? '';
    };
    window.addEventListener('popstate', onHistory);
    return () => window.removeEventListener('popstate', onHistory);
  }, []);

  const toggleType = (type: string) => {
    const next = types.includes(type) ? types.filter((candidate) => candidate !== type) : [...types, type];
    onChange({ types: next.join(',') || null });
  };

  return (
    // Its controls sit in the header's own row (display: contents), where the search box (down
    // to 5 rem) and a connection problem's words are what give way when the header is short of
    // room — as a box of its own it was squeezed below its controls, and the checkbox and menu
    // ran under the next one.
    <div className="contents text-sm">
      <input
        ref={input}
        type="search"
        aria-label="Search Services and Pods by name, label key=value, IP address or URL (press / to focus)"
        placeholder="Search name, app=web, 10.0.0.7, host/path  ( / )"
        className="w-64 min-w-20 shrink rounded border max-[1440px]:w-32 border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
        defaultValue={search}
        onChange={(event) => onChange({ search: event.target.value || null })}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.currentTarget.value = '';
          onChange({ search: null });
        }}
      />
      <label className="flex items-center gap-1 whitespace-nowrap">
        <input type="checkbox" checked={onlyProblems} onChange={(event) => onChange({ problems: event.target.checked ? '1' : null })} />
        only problems
      </label>
      <details className="relative" data-testid="type-filter">
        <summary className="cursor-pointer rounded border border-slate-300 px-2 py-1 whitespace-nowrap dark:border-slate-700">
          Types: {types.length === 0 ? 'all' : types.length === 1 ? types[0] : `${types.length} of 4`}
        </summary>
        <fieldset className="absolute z-20 mt-1 flex flex-col gap-1 rounded border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-800 dark:bg-slate-950" aria-label="Service types">
          {serviceTypes.map((type) => (
            <button
              key={type}
              type="button"
              aria-pressed={types.includes(type)}
              onClick={() => toggleType(type)}
              className={`rounded border px-2 py-0.5 text-left ${types.includes(type) ? 'border-sky-600 bg-sky-100 dark:bg-sky-900' : 'border-slate-300 dark:border-slate-700'}`}
            >
              {types.includes(type) ? '✓ ' : ''}
              {type}
            </button>
          ))}
        </fieldset>
      </details>
      {focus && (
        // A fixed width, the id cut short (whole in the title): the header has no room to spare at 1280 px.
        <span data-testid="focus" title={`focus: ${focus}`} className="flex w-56 shrink-0 items-center gap-1 rounded bg-slate-100 px-2 py-0.5 max-[1440px]:w-36 dark:bg-slate-800">
          <span className="min-w-0 truncate">focus: {focus}</span>
          <button type="button" aria-label="Leave focus mode" onClick={() => onChange({ focus: null })}>
            ✕
          </button>
        </span>
      )}
    </div>
  );
}
