'use client';
// Find and filter: the search box ("/" focuses it; Escape clears), "only problems",
// Service types, and the focused object. All of it lives in the URL.
import { useEffect, useRef } from 'react';

const serviceTypes = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

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

  const toggleType = (type: string) => {
    const next = types.includes(type) ? types.filter((candidate) => candidate !== type) : [...types, type];
    onChange({ types: next.join(',') || null });
  };

  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <input
        ref={input}
        type="search"
        aria-label="Search Services and Pods by name, label key=value or IP address (press / to focus)"
        placeholder="Search name, app=web, 10.0.0.7  ( / )"
        className="w-72 rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
        defaultValue={search}
        onChange={(event) => onChange({ search: event.target.value || null })}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.currentTarget.value = '';
          onChange({ search: null });
        }}
      />
      <label className="flex items-center gap-1">
        <input type="checkbox" checked={onlyProblems} onChange={(event) => onChange({ problems: event.target.checked ? '1' : null })} />
        only problems
      </label>
      <fieldset className="flex items-center gap-1" aria-label="Service types">
        {serviceTypes.map((type) => (
          <button
            key={type}
            type="button"
            aria-pressed={types.includes(type)}
            onClick={() => toggleType(type)}
            className={`rounded border px-1.5 py-0.5 text-xs ${types.includes(type) ? 'border-sky-600 bg-sky-100 dark:bg-sky-900' : 'border-slate-300 dark:border-slate-700'}`}
          >
            {type}
          </button>
        ))}
      </fieldset>
      {focus && (
        <span data-testid="focus" className="flex items-center gap-1 rounded bg-slate-100 px-2 py-0.5 dark:bg-slate-800">
          focus: {focus}
          <button type="button" aria-label="Leave focus mode" onClick={() => onChange({ focus: null })}>
            ✕
          </button>
        </span>
      )}
    </div>
  );
}
