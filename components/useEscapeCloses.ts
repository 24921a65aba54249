'use client';
// Escape closes what opened last: an open menu first, then the details or the changes list
// (whichever opened later). The search box clears itself.
import { useEffect, useRef } from 'react';

type Closable = 'details' | 'changes';

/**
 * `open.details`: what the details show (null when closed) — another object selected while
 * the changes list is open opens the details again, last; `open.changes`: the list is open.
 */
export function useEscapeCloses(open: { details: string | null; changes: boolean }, close: (last: Closable) => void): void {
  const opened = useRef<Closable[]>([]);
  useEffect(() => {
    const without = opened.current.filter((entry) => entry !== 'details');
    opened.current = open.details ? [...without, 'details'] : without;
  }, [open.details]);
  useEffect(() => {
    const without = opened.current.filter((entry) => entry !== 'changes');
    opened.current = open.changes ? [...without, 'changes'] : without;
  }, [open.changes]);
  const latestClose = useRef(close);
  useEffect(() => {
    latestClose.current = close;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const menu = document.querySelector<HTMLDetailsElement>('header details[open], .react-flow__panel details[open]');
      if (menu) {
        menu.open = false;
        menu.querySelector('summary')?.focus();
        return;
      }
      if (event.target instanceof HTMLInputElement) return; // the search box clears itself
      const last = opened.current.at(-1);
      if (last) latestClose.current(last);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
