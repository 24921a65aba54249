'use client';
// Building blocks of the details panel: term/value facts, a copyable kubectl command, and a card's diagnostics with their evidence.
import type { Diagnostic } from '@/lib/stream/protocol';

export function Facts({ rows }: { rows: [string, string][] }) {
  return (
    <dl className="grid grid-cols-[9rem_1fr] gap-x-2 gap-y-1">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-600 dark:text-slate-400">{term}</dt>
          <dd className="[overflow-wrap:anywhere]">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Command({ text }: { text: string }) {
  return (
    <div className="mt-1 flex items-center gap-2">
      <code className="flex-1 rounded bg-slate-100 px-1 py-0.5 text-xs break-all dark:bg-slate-900">{text}</code>
      <button type="button" className="text-xs text-sky-700 underline dark:text-sky-300" onClick={() => void navigator.clipboard?.writeText(text)} aria-label={`Copy: ${text}`}>
        copy
      </button>
    </div>
  );
}

export function DiagnosticsSection({ diagnostics }: { diagnostics: Diagnostic[] }) {
  if (diagnostics.length === 0) return null;
  return (
    <section className="mt-4">
      <h3 className="mb-1 font-semibold">Diagnostics</h3>
      <ul className="space-y-2">
        {diagnostics.map((diagnostic, index) => (
          <li key={`${diagnostic.code}-${index}`} className="rounded border border-slate-200 p-2 dark:border-slate-800" data-code={diagnostic.code}>
            <div className="font-medium">
              {diagnostic.severity}: {diagnostic.code}
            </div>
            <p>{diagnostic.message}</p>
            <Command text={diagnostic.command} />
          </li>
        ))}
      </ul>
    </section>
  );
}
