'use client';
// Light, dark, or whatever the system prefers (the default). The choice is kept in
// localStorage; the `dark` class on <html> drives Tailwind's dark: styles (globals.css),
// set before first paint by the script in app/layout.tsx.
import { useSyncExternalStore } from 'react';

export type Theme = 'system' | 'light' | 'dark';
const storageKey = 'svcmap-theme';
const media = '(prefers-color-scheme: dark)';
const listeners = new Set<() => void>();

function readTheme(): Theme {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(storageKey);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const query = window.matchMedia(media);
  query.addEventListener('change', listener);
  return () => {
    listeners.delete(listener);
    query.removeEventListener('change', listener);
  };
}

function snapshot(): string {
  return `${readTheme()}:${window.matchMedia(media).matches ? 'dark' : 'light'}`;
}

/** The chosen theme, and whether the page is dark now. */
export function useTheme(): { theme: Theme; dark: boolean; setTheme: (theme: Theme) => void } {
  const [theme, system] = useSyncExternalStore(subscribe, snapshot, () => 'system:light').split(':') as [Theme, string];
  const dark = theme === 'dark' || (theme === 'system' && system === 'dark');
  const setTheme = (next: Theme) => {
    if (next === 'system') localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, next);
    document.documentElement.classList.toggle('dark', next === 'dark' || (next === 'system' && window.matchMedia(media).matches));
    for (const listener of listeners) listener();
  };
  return { theme, dark, setTheme };
}

const noSubscription = () => () => undefined;

export function ThemeToggle({ theme, setTheme }: { theme: Theme; setTheme: (theme: Theme) => void }) {
  // Disabled until React has hydrated the page: a choice made before would change the menu
  // but not the theme, and hydration would then put the old value back.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="sr-only">Theme</span>
      <select className="rounded border border-slate-300 bg-transparent px-1 py-1 dark:border-slate-700" value={theme} disabled={!hydrated} onChange={(event) => setTheme(event.target.value as Theme)}>
        <option value="system">◐ system</option>
        <option value="light">☀ light</option>
        <option value="dark">☾ dark</option>
      </select>
    </label>
  );
}

/** Runs before first paint (app/layout.tsx): the stored or system theme, without a flash. */
export const themeScript = `try{var t=localStorage.getItem('${storageKey}');var d=t==='dark'||(t!=='light'&&matchMedia('${media}').matches);document.documentElement.classList.toggle('dark',d)}catch(e){}`;
