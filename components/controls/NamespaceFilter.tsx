'use client';
// Namespace filter: all namespaces, or any set of them, picked from the namespaces the
// cluster has (with what each holds). The selection lives in the URL (?namespace=a,b)
// and filters on the server.
import { useEffect, useRef, useState } from 'react';
import useSWR from 'swr';
import { fetchJson } from '@/lib/stream/fetch';
import { namespacesResponseSchema } from '@/lib/stream/protocol';

const fetchNamespaces = async (url: string) => (await fetchJson(url, namespacesResponseSchema)).namespaces;

interface Props {
  context: string;
  selected: string[];
  onChange: (selected: string[]) => void;
}

export function NamespaceFilter({ context, selected, onChange }: Props) {
  const [filter, setFilter] = useState('');
  // A dropdown closes when the user clicks elsewhere; Escape closes it too (useEscapeCloses:
  // the open menu first, focus back on its summary, the details under it left open).
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (event: Event) => {
      const element = details.current;
      if (element?.open && !element.contains(event.target as Node)) element.open = false;
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, []);
  const { data: namespaces } = useSWR(`/api/clusters/${encodeURIComponent(context)}/namespaces`, fetchNamespaces, { refreshInterval: 30_000 });
  // The URL (and so `selected`) follows a click a moment later, in a transition; the
  // checkboxes show the click at once (React would otherwise reset them in between).
  const [picked, setPicked] = useState(selected);
  const [shownSelection, setShownSelection] = useState(selected.join(','));
  if (selected.join(',') !== shownSelection) {
    setShownSelection(selected.join(','));
    setPicked(selected);
  }
  const chosen = new Set(picked);
  // Selected namespaces stay listed even when they hold nothing (yet).
  const known = new Map((namespaces ?? []).map((namespace) => [namespace.name, namespace]));
  const names = [...new Set([...known.keys(), ...selected])].sort().filter((name) => name.includes(filter.trim()));
  const label = selected.length === 0 ? 'All namespaces' : selected.length <= 3 ? selected.join(', ') : `${selected.length} namespaces`;
  const pick = (next: string[]) => {
    setPicked(next);
    onChange(next);
  };
  const toggle = (name: string) => pick(chosen.has(name) ? picked.filter((other) => other !== name) : [...picked, name].sort());

  return (
    <details ref={details} className="relative text-sm" data-testid="namespace-filter">
      {/* A fixed width: the header does not reflow when the selection's label changes length. */}
      <summary className="w-56 cursor-pointer max-[1440px]:w-40 truncate rounded border border-slate-300 px-2 py-1 whitespace-nowrap dark:border-slate-700" title={label}>
        Namespaces: <span data-testid="namespace-selection">{label}</span>
      </summary>
      <div className="absolute z-20 mt-1 w-72 rounded border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-800 dark:bg-slate-950">
        <div className="mb-2 flex gap-2">
          <input
            type="search"
            aria-label="Filter namespaces"
            placeholder="filter…"
            className="min-w-0 flex-1 rounded border border-slate-300 bg-transparent px-2 py-0.5 dark:border-slate-700"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
          <button type="button" className="rounded border border-slate-300 px-2 py-0.5 dark:border-slate-700" disabled={picked.length === 0} onClick={() => pick([])}>
            All
          </button>
        </div>
        <ul className="max-h-80 overflow-y-auto">
          {names.map((name) => {
            const summary = known.get(name);
            return (
              <li key={name}>
                <label className="flex items-center gap-2 py-0.5">
                  <input type="checkbox" checked={chosen.has(name)} onChange={() => toggle(name)} />
                  <span className="flex-1">{name}</span>
                  {summary && (
                    <span className="text-xs text-slate-600 dark:text-slate-400">
                      {summary.services} svc{summary.problems > 0 ? ` · ⚠ ${summary.problems}` : ''}
                    </span>
                  )}
                </label>
              </li>
            );
          })}
          {namespaces && names.length === 0 && <li className="text-slate-600 dark:text-slate-400">No namespace matches.</li>}
        </ul>
      </div>
    </details>
  );
}
