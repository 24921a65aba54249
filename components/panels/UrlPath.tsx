'use client';
// The answer to a URL typed in the search box: the hops it takes, listener → rule → Services
// (share, ready endpoints), or why nothing serves it.
import { formatPercent } from '@/lib/graph/front-diagnostics';
import { shortName } from '@/lib/graph/ids';
import type { ResolveResponse } from '@/lib/stream/protocol';

export function UrlPath({ url, data, error, onSelect }: { url: string; data?: ResolveResponse; error?: Error; onSelect: (id: string) => void }) {
  const paths = data?.paths ?? [];
  const best = paths.find((path) => path.best);
  // Matches that rank above the answer but need more than the URL (a header, a method): they win when the request has it.
  const others = paths.slice(0, best ? paths.indexOf(best) : paths.length).filter((path) => path.conditions.length > 0);
  return (
    <section aria-label="Where this URL goes" data-testid="url-path" className="absolute left-1/2 top-2 z-10 max-w-2xl -translate-x-1/2 rounded border border-indigo-300 bg-white px-3 py-2 text-sm shadow dark:border-indigo-700 dark:bg-slate-950">
      {error ? (
        <p role="alert">{error.message}</p>
      ) : !data ? (
        <p>Following {url}…</p>
      ) : !best && others.length === 0 ? (
        <p>No Gateway listener, route or Ingress serves {data.host}{data.path}.</p>
      ) : (
        <>
          {best && <PathLine path={best} onSelect={onSelect} />}
          {others.length > 0 && (
            <p className="mt-1 text-slate-700 dark:text-slate-300">
              {best ? 'Instead, when the request has' : 'Only when the request has'}: {others.slice(0, 3).map((path) => `${path.conditions.join(' and ')} → ${shortName(path.route ?? path.entry)} rule ${path.rule ?? ''}`).join('; ')}
            </p>
          )}
        </>
      )}
    </section>
  );
}

function PathLine({ path, onSelect }: { path: ResolveResponse['paths'][number]; onSelect: (id: string) => void }) {
  const link = (id: string, text: string) => (
    <button type="button" className="font-semibold text-indigo-800 underline dark:text-indigo-200" onClick={() => onSelect(id)}>
      {text}
    </button>
  );
  return (
    <p data-testid="url-path-best">
      {path.via} {link(path.entry, shortName(path.entry))}
      {path.listener && ` listener ${path.listener}`}
      {path.route && (
        <>
          {' → '}
          {link(path.route, shortName(path.route))} rule {path.rule}
        </>
      )}{' '}
      ({path.match}) →{' '}
      {path.backends.length === 0
        ? 'no backend'
        : path.backends.map((backend, index) => (
            <span key={backend.service}>
              {index > 0 && ', '}
              {backend.exists ? link(backend.service, shortName(backend.service)) : <span className="font-semibold text-red-700 dark:text-red-300">{backend.service} (missing)</span>}{' '}
              {formatPercent(backend.percent)}
              {backend.exists && (
                <span className={backend.ready === 0 ? 'font-semibold text-red-700 dark:text-red-300' : ''}>
                  {' '}
                  · {backend.ready}/{backend.total} ready
                </span>
              )}
            </span>
          ))}
      {path.forwardsNowhere && (
        <span className="font-semibold text-red-700 dark:text-red-300"> — every backend has weight 0: the request is forwarded nowhere</span>
      )}
    </p>
  );
}
