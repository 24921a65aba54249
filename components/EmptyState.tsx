'use client';
// What the map's place says when there is no map to show: a state in words, and a link's
// unknown context with the known ones to pick.

/** A link named a context this server does not have: say so, and offer the ones it has. */
export function UnknownContext({ name, contexts, onPick }: { name: string; contexts: string[]; onPick: (name: string) => void }) {
  return (
    <div role="status" className="absolute inset-0 flex flex-col items-center justify-center gap-3 p-8 text-center">
      <p className="text-lg font-medium">There is no context named “{name}”</p>
      <p className="text-sm text-slate-600 dark:text-slate-400">{contexts.length > 0 ? 'Pick one of the contexts this svcmap can show:' : 'This svcmap has no kubeconfig context.'}</p>
      <ul className="flex flex-wrap justify-center gap-2" aria-label="Known contexts">
        {contexts.map((context) => (
          <li key={context}>
            <button type="button" className="rounded border border-slate-300 px-3 py-1 dark:border-slate-700" onClick={() => onPick(context)}>
              {context}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A state in words; `action`: the one step out of it, as a button. */
export function EmptyState({ title, detail, action }: { title: string; detail: string; action?: { label: string; onClick: () => void } }) {
  return (
    <div role="status" className="absolute inset-0 flex flex-col items-center justify-center gap-2 p-8 text-center">
      <p className="text-lg font-medium">{title}</p>
      <p className="text-sm text-slate-600 dark:text-slate-400">{detail}</p>
      {action && (
        <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm dark:border-slate-700" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </div>
  );
}
