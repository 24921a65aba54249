'use client';
import type { KubeContext } from '@/lib/stream/protocol';

export function ContextPicker({ contexts, value, onChange }: { contexts: KubeContext[]; value: string | null; onChange: (name: string) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="max-[1440px]:sr-only">Context</span>
      {/* A context the kubeconfig does not have (an old link) is shown as such, not as the first one. */}
      <select
        className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value)}
      >
        {value !== null && !contexts.some((context) => context.name === value) && (
          <option value={value} disabled>
            {value} (unknown)
          </option>
        )}
        {contexts.map((context) => (
          <option key={context.name} value={context.name}>
            {context.name}
          </option>
        ))}
      </select>
    </label>
  );
}
