'use client';
// The view lives in the URL, so a link reproduces it and back/forward walk through it:
// setQuery changes some of its parameters.
import { usePathname } from 'next/navigation';
import { useCallback } from 'react';

export type SetQuery = (changes: Record<string, string | null>, replace?: boolean) => void;

export function useSetQuery(): SetQuery {
  const pathname = usePathname();
  return useCallback<SetQuery>((changes, replace = false) => {
    // From the address bar, not the last render: keystrokes can come faster than renders.
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value !== null) next.set(key, value); // "" is a value too (collapsed=: none collapsed)
      else next.delete(key);
    }
    // The native history API: Next.js keeps useSearchParams in step, without a server round
    // trip per keystroke. Typing in the search box replaces the entry; other changes add one.
    const url = `${pathname}?${next.toString()}`;
    if (replace || (Object.keys(changes).length === 1 && 'search' in changes && new URLSearchParams(window.location.search).has('search') && changes.search)) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
  }, [pathname]);
}
