// The card shell of what stands in front of Services (Gateway, route, Ingress): a border by its
// worst diagnostic, the zoomed-out summary, name and kind, one line of facts, the body the
// caller gives, its diagnostics, and the handles its edges need.
import { Handle, Position } from '@xyflow/react';
import type { ReactNode } from 'react';
import type { Diagnostic } from '@/lib/stream/protocol';
import { severityIcon, worstSeverity } from '@/lib/view/svg';
import { CardSummary } from './CardSummary';
import { Diagnostics } from './Diagnostics';

interface Props {
  kind: string;
  name: string;
  diagnostics: Diagnostic[];
  /** The border when nothing is wrong. */
  healthy: string;
  /** Zoomed out: one fact beside the name ("3 rules"). */
  summary: string;
  facts: string;
  badge?: string;
  /** Traffic comes in from the left (a route from its Gateway). */
  target?: boolean;
  children: ReactNode;
}

export function FrontCard({ kind, name, diagnostics, healthy, summary, facts, badge = 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300', target = false, children }: Props) {
  const worst = worstSeverity(diagnostics);
  const health = worst === 'error' ? 'border-red-500' : worst === 'warning' ? 'border-amber-500' : healthy;
  return (
    <div className={`card w-80 rounded-lg border-2 ${health} bg-white text-xs shadow-sm dark:bg-slate-900`} data-kind={kind} data-diagnostics={diagnostics.map((diagnostic) => diagnostic.code).join(' ')}>
      <CardSummary name={name} detail={`${summary}${worst ? ` ${severityIcon[worst]}` : ''}`} />
      <div className="card-full px-3 py-2">
        <div className="flex items-baseline justify-between gap-2">
          <span className="truncate text-sm font-semibold">{name}</span>
          <span className={`rounded px-1 text-xs ${badge}`}>{kind}</span>
        </div>
        <div className="truncate text-slate-600 dark:text-slate-400">{facts}</div>
        {children}
        <Diagnostics diagnostics={diagnostics} />
      </div>
      {target && <Handle type="target" position={Position.Left} />}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
