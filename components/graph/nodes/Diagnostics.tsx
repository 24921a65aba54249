// The diagnostics a card lists: code and message, coloured by severity, the kubectl evidence on hover.
import type { Diagnostic, Severity } from '@/lib/stream/protocol';
import { severityIcon } from '@/lib/view/svg';

const severityStyle: Record<Severity, string> = {
  error: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100',
  warning: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
  info: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100',
};

export function Diagnostics({ diagnostics }: { diagnostics: Diagnostic[] }) {
  if (diagnostics.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5" aria-label="diagnostics">
      {diagnostics.map((diagnostic, index) => (
        <li key={`${diagnostic.code}-${index}`} className={`rounded px-1 ${severityStyle[diagnostic.severity]}`} title={`${diagnostic.message}\n$ ${diagnostic.command}`} data-code={diagnostic.code}>
          <span aria-hidden>{severityIcon[diagnostic.severity]} </span>
          <span className="font-mono">{diagnostic.code}</span>
          <span className="line-clamp-2">{diagnostic.message}</span>
        </li>
      ))}
    </ul>
  );
}
