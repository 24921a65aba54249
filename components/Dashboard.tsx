'use client';
// The page: pick a context and namespaces (kept in the URL), see the live graph.
import { useSearchParams } from 'next/navigation';
import useSWR from 'swr';
import { fetchJson } from '@/lib/stream/fetch';
import { contextsResponseSchema, type Graph, sessionResponseSchema } from '@/lib/stream/protocol';
import { useDeferredValue, useMemo } from 'react';
import { aggregatePods } from '@/lib/view/aggregate';
import { namespaceNameProblem, namespacesProblem } from '@/lib/graph/names';
import { fromShortName, groupService, isKind, namespaceOfId, shortName } from '@/lib/graph/ids';
import { nodeById } from '@/lib/view/details';
import { type Folding, foldingOf, toggleNamespace, withNamespaceHeadings } from '@/lib/view/namespaces';
import { viewGraph } from '@/lib/view/view';
import { ConnectionBadge } from './controls/ConnectionBadge';
import { ThemeToggle, useTheme } from './controls/ThemeToggle';
import { serviceTypeNames, ViewControls } from './controls/ViewControls';
import { DetailsPanel } from './DetailsPanel';
import { Timeline } from './Timeline';
import { ContextPicker } from './controls/ContextPicker';
import { NamespaceFilter } from './controls/NamespaceFilter';
import { GraphView } from './graph/GraphView';
import { ReachPicker } from './controls/ReachPicker';
import { useReachability } from './graph/useReachability';
import { isRoutingViewpoint, useRoutes } from './graph/useRoutes';
import { useResolve } from './graph/useResolve';
import { UrlPath } from './panels/UrlPath';
import { parseUrlQuery } from '@/lib/graph/url-query';
import { useGraphStream } from './graph/useGraphStream';
import { useHistory, useIpOwners, usePastGraph } from './graph/usePast';
import { TimeBar } from './controls/TimeBar';
import { IpOwners } from './panels/IpOwners';
import { addressAtProblem, clockTime, gapText, parseAddressAt, parseTimeValue } from '@/lib/view/time';
import { PastBanner } from './controls/PastBanner';
import { useNow } from './useNow';
import { EmptyState, UnknownContext } from './EmptyState';
import { useEscapeCloses } from './useEscapeCloses';
import { useSetQuery } from './useSetQuery';

const emptyGraph: Graph = { nodes: [], edges: [] };

const fetchContexts = async (url: string) => (await fetchJson(url, contextsResponseSchema)).contexts;
const fetchSession = (url: string) => fetchJson(url, sessionResponseSchema);

export function Dashboard() {
  const searchParams = useSearchParams();
  const { data: contexts, error } = useSWR('/api/clusters', fetchContexts);
  const { data: session } = useSWR('/api/session', fetchSession);
  const { theme, dark, setTheme } = useTheme();
  const setQuery = useSetQuery();

  const requested = searchParams.get('context');
  // A link may name a context this server does not have: then nothing is streamed, and the page offers the known ones.
  const unknownContext = Boolean(contexts && requested && !contexts.some((context) => context.name === requested));
  const context = unknownContext ? null : (requested ?? contexts?.find((context) => context.current)?.name ?? contexts?.[0]?.name ?? null);
  const namespaces = (searchParams.get('namespace') ?? '').split(',').filter(Boolean);
  const stream = useGraphStream(context, namespaces);
  // The map follows the stream in the background: a new graph is rendered in React's background
  // lane and skipped to the latest when several arrive while one is drawn (the stream's own
  // updates are synchronous; during a 500-pod rollout redraws ran as main-thread tasks of up to
  // 2 s). The whole state is deferred, so what the map shows and what it says about it (live,
  // seq) stay in step; the connection badge shows the stream as it is. A new context or
  // namespace selection is not deferred: the old cluster's graph is never shown under the new name.
  const streamKey = `${context}|${namespaces.join(',')}`;
  const deferred = useDeferredValue(useMemo(() => ({ stream, key: streamKey }), [stream, streamKey]));
  const shown = deferred.key === streamKey ? deferred.stream : stream;
  // at=: the map shows the graph as it was then (from the history), through the same view.
  const atParam = searchParams.get('at');
  const minute = useNow(60_000);
  const atParsed = parseTimeValue(atParam);
  // A time still to come is not history: the live map, and the link's problem said.
  const future = atParsed !== null && atParsed > minute + 120_000;
  const at = future ? null : atParsed;
  const historyOpen = searchParams.get('history') === '1' || at !== null;
  const past = usePastGraph(context, at, namespaces);
  const history = useHistory(context, historyOpen);
  // While the next time loads, the last one of this context stays (scrubbing does not blank the map).
  const graph = at !== null ? (past.shown?.graph ?? emptyGraph) : shown.graph;
  // Whether what the map shows is complete: the live stream synced, or the past answered for this very time.
  const ready = at !== null ? Boolean(past.data?.past?.known) : shown.connection === 'live';

  // The view is in the URL, so a link reproduces it and back/forward walk through it.
  const search = searchParams.get('search') ?? '';
  // "10.244.3.17 at 14:05": who held the address then (the history), and the address found on the map.
  const addressAt = useMemo(() => parseAddressAt(search, minute), [search, minute]);
  const searchedAddress = addressAt?.address;
  // "10.244.3.17 at 25:99": said instead of searched for.
  const searchTimeProblem = addressAtProblem(search, minute);
  const owners = useIpOwners(context, addressAt?.address ?? null, addressAt?.at ?? null);
  const focus = searchParams.get('focus');
  const onlyProblems = searchParams.get('problems') === '1';
  const typesParam = searchParams.get('types') ?? '';
  const selectedId = searchParams.get('selected');
  const expandParam = searchParams.get('expand') ?? '';
  const collapsedParam = searchParams.get('collapsed');
  const openParam = searchParams.get('open');
  // A URL in the search box is followed through Gateways and Ingresses (GET …/resolve).
  const urlSearch = useMemo(() => (parseUrlQuery(search) ? search.trim() : null), [search]);
  const resolved = useResolve(context, urlSearch, stream.seq);
  const path = useMemo(() => {
    if (!urlSearch || !resolved.shown) return undefined;
    const paths = resolved.shown.paths;
    const best = paths.find((candidate) => candidate.best);
    return new Set((best ? [best] : paths).flatMap((candidate) => candidate.nodes));
  }, [urlSearch, resolved.shown]);
  const { view, layoutView, folding, headings, hiddenNodes } = useMemo(() => {
    const expanded = new Set(expandParam.split(',').filter(Boolean).map((service) => fromShortName('Service', service)));
    const serviceTypes = new Set(typesParam.split(',').filter(Boolean));
    const shape = (chosen: Graph, folding: Folding) => aggregatePods(withNamespaceHeadings(chosen, folding), expanded);
    // Laid out without "only problems": Services whose problems come and go keep their places.
    // A URL is not a name to search for: until its first answer the view stays as it was.
    // An address at a time is answered from the history (the panel), not looked for on the map as it is.
    const stable = viewGraph(graph, { search: urlSearch || searchedAddress ? '' : search, focus: focus ?? undefined, serviceTypes, path });
    const chosen = onlyProblems ? viewGraph(stable, { onlyProblems }) : stable;
    // A search or focus looks inside every namespace: what it finds is shown, not its heading alone.
    const folding: Folding = search.trim() || focus ? { collapsed: new Set() } : foldingOf(stable, collapsedParam, openParam);
    const layoutView = shape(stable, folding);
    const view = onlyProblems ? shape(chosen, folding) : layoutView;
    const headings = view.nodes.filter((node) => node.kind === 'Namespace').length;
    return { view, layoutView, folding, headings, hiddenNodes: chosen.nodes.length };
  }, [graph, search, urlSearch, searchedAddress, focus, onlyProblems, typesParam, expandParam, collapsedParam, openParam, path]);
  const allCollapsed = view.nodes.length > 0 && view.nodes.every((node) => node.kind === 'Namespace' && node.collapsed);
  // A click on a group of pods shows them one by one; on a namespace heading, collapses or
  // opens the namespace; on anything else, shows its details.
  const select = (id: string) => {
    if (isKind(id, 'Namespace')) return setQuery(toggleNamespace(folding, namespaceOfId(id)));
    if (!isKind(id, 'PodGroup')) return setQuery({ selected: id });
    const service = shortName(groupService(id));
    setQuery({ expand: [...expandParam.split(',').filter(Boolean), service].join(',') });
  };
  const selected = nodeById(graph, selectedId);
  // URL values svcmap does not know are named on the page, not silently ignored.
  // A namespace= that cannot exist is named (the page filters the context's stream itself).
  const namespaceProblem = namespacesProblem(namespaces);
  const when = at !== null ? `at ${clockTime(at, minute)}` : 'now';
  // Each with the change to the URL that drops it (the banner's "Show without them").
  const types = typesParam.split(',').filter(Boolean);
  const unknownTypes = types.filter((type) => !serviceTypeNames.includes(type));
  const knownTypes = types.filter((type) => serviceTypeNames.includes(type)).join(',') || null;
  const problem = (text: string, drop: Record<string, string | null>): [string, Record<string, string | null>] => [text, drop];
  const urlProblems = [
    ...(namespaceProblem ? [problem(`The link's namespace= cannot be shown: ${namespaceProblem}`, { namespace: namespaces.filter((name) => !namespaceNameProblem(name)).join(',') || null })] : []),
    ...unknownTypes.map((type) => problem(`The link asks for Service type "${type}" (types=), which does not exist: types are ${serviceTypeNames.join(', ')}.`, { types: knownTypes })),
    ...(atParam && atParsed === null ? [problem(`The link's at= "${atParam}" is not a time: the live map is shown.`, { at: null })] : []),
    ...(future ? [problem(`The link's at= ${clockTime(atParsed!, minute)} is still to come: history answers only for the past, so the live map is shown.`, { at: null })] : []),
    ...(searchTimeProblem ? [problem(searchTimeProblem, { search: null })] : []),
    ...(ready && selectedId && !selected ? [problem(`The link selects ${selectedId}, which is not in ${context} ${when}.`, { selected: null })] : []),
    ...(ready && focus && !nodeById(graph, focus) ? [problem(`The link focuses on ${focus}, which is not in ${context} ${when}.`, { focus: null })] : []),
  ];
  const showChanges = searchParams.get('changes') === '1';
  const from = searchParams.get('from');
  // from=node:… / zone:… is where clients are (kube-proxy's routing); anything else a NetworkPolicy source.
  const routing = isRoutingViewpoint(from);
  const reach = useReachability(context, routing ? null : from, shown.seq);
  const routes = useRoutes(context, { from: routing ? from : null }, shown.seq);
  // A from= the server refuses is named with the page's other URL problems too: the picker's
  // menu, where it also shows, is closed when a link opens the page.
  const fromError = from ? (routing ? routes.error : reach.error) : undefined;
  if (fromError) urlProblems.push([`Reach from “${from}” cannot be shown: ${fromError.message}`, { from: null }]);
  const edgeMarks = useMemo(
    () => (routing ? (routes.data ? Object.fromEntries(Object.entries(routes.data.edges).map(([id, edge]) => [id, { state: edge.used ? ('allowed' as const) : ('unused' as const), reason: edge.reason }])) : undefined) : reach.data?.edges),
    [routing, routes.data, reach.data],
  );
  const server = contexts?.find((entry) => entry.name === context)?.server;

  // Closing the details gives the keyboard focus back to the node they were about.
  const closeDetails = () => {
    if (selectedId) document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(selectedId)}"]`)?.focus({ preventScroll: true });
    setQuery({ selected: null });
  };
  useEscapeCloses({ details: selectedId, changes: showChanges }, (last) => (last === 'details' ? closeDetails() : setQuery({ changes: null })));

  return (
    <div className="flex h-screen flex-col">
      {/* One row down to 1280 px (narrower below 1440); below that it may wrap, never squeeze its controls into each other. */}
      <header className="flex items-center gap-3 border-b border-slate-200 px-4 py-2 max-[1279px]:flex-wrap max-[1440px]:gap-2 max-[1440px]:px-3 dark:border-slate-800 [&>*]:shrink-0">
        <h1 className="text-lg font-semibold">svcmap</h1>
        {contexts && contexts.length > 0 && (
          <ContextPicker contexts={contexts} value={unknownContext ? requested : context} onChange={(name) => setQuery({ context: name, namespace: null })} />
        )}
        {context && <NamespaceFilter context={context} selected={namespaces} onChange={(chosen) => setQuery({ namespace: chosen.join(',') || null })} />}
        <ViewControls search={search} onlyProblems={onlyProblems} types={types} focus={focus} onChange={setQuery} />
        {contexts?.find((entry) => entry.name === context)?.demo && (
          <span data-testid="demo-badge" title="Demo cluster — simulated" className="rounded border border-violet-400 bg-violet-50 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-violet-800 dark:bg-violet-950 dark:text-violet-200">
            {/* Up to 1700 px (the header is full there) it reads "Demo"; the rest stays for screen readers (and in the title). */}
            Demo<span className="max-[1700px]:sr-only"> cluster — simulated</span>
          </span>
        )}
        {at !== null ? (
          <span data-testid="past-badge" className="ml-auto rounded bg-amber-100 px-2 py-0.5 text-sm font-medium text-amber-900" title="The map shows a past time; the live stream goes on behind it">
            past
          </span>
        ) : (
          <ConnectionBadge state={stream} context={context} />
        )}
        {context && <ReachPicker graph={graph} from={from} reach={reach.data} routes={routes.data?.edges} error={routing ? routes.error : reach.error} onChange={(value) => setQuery({ from: value })} />}
        {headings > 1 && (
          <button
            type="button"
            aria-label={allCollapsed ? 'Open all namespaces' : 'Collapse all namespaces'}
            title={allCollapsed ? 'Open all namespaces' : 'Collapse all namespaces'}
            className="rounded border border-slate-300 px-2 py-0.5 text-sm whitespace-nowrap dark:border-slate-700"
            onClick={() => setQuery({ collapsed: allCollapsed ? '' : '*', open: null })}
          >
            {allCollapsed ? 'Open all' : 'Collapse all'}
          </button>
        )}
        <button
          type="button"
          aria-pressed={historyOpen}
          title="The map as it was: scrub back in time, play a rollout again"
          className="rounded border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700"
          onClick={() => setQuery(historyOpen ? { history: null, at: null } : { history: '1' })}
        >
          History
        </button>
        <button
          type="button"
          aria-pressed={showChanges}
          className="rounded border border-slate-300 px-2 py-0.5 text-sm dark:border-slate-700"
          onClick={() => setQuery({ changes: showChanges ? null : '1' })}
        >
          Changes
        </button>
        <ThemeToggle theme={theme} setTheme={setTheme} />
        {session?.user && (
          <span data-testid="user" className="ml-auto text-sm text-slate-600 dark:text-slate-400">
            Signed in as {session.user === 'token' ? 'token holder' : session.user}
          </span>
        )}
      </header>
      {at !== null && <PastBanner at={at} context={context} loading={past.loading} onLive={() => setQuery({ at: null })} />}
      <main className="relative flex min-h-0 flex-1 max-lg:flex-col">
        <div className="relative min-w-0 flex-1">
          {error && <EmptyState title="The svcmap server did not answer" detail={String(error)} />}
          {contexts && contexts.length === 0 && (
            <EmptyState title="No kubeconfig found" detail="Set KUBECONFIG or create ~/.kube/config, then restart svcmap. Or start it with SVCMAP_DEMO=1 to explore the built-in demo cluster." />
          )}
          {unknownContext ? (
            <UnknownContext name={requested!} contexts={contexts!.map((context) => context.name)} onPick={(name) => setQuery({ context: name, namespace: null, selected: null, focus: null })} />
          ) : context && (
            <GraphView
              graph={view}
              layoutGraph={layoutView}
              dark={dark}
              selected={selectedId}
              focus={focus}
              onSelect={select}
              exportName={`svcmap-${context}`}
              // What the user chose to look at; "only problems" is not in it: it hides, it does not move.
              viewKey={[context, namespaces.join(','), search, focus, typesParam, collapsedParam, openParam].join('|')}
              synced={ready}
              reach={edgeMarks}
            />
          )}
          {urlProblems.length > 0 && (
            <div role="alert" className="absolute left-1/2 top-12 z-10 max-w-xl -translate-x-1/2 rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 shadow dark:bg-amber-950 dark:text-amber-50" data-testid="url-problems">
              {urlProblems.map(([problem]) => (
                <p key={problem}>{problem}</p>
              ))}
              <button type="button" className="mt-1 rounded border border-amber-500 px-2 py-0.5" onClick={() => setQuery(Object.assign({}, ...urlProblems.map(([, drop]) => drop)))}>
                Show without {urlProblems.length === 1 ? 'it' : 'them'}
              </button>
            </div>
          )}
          {allCollapsed && headings > 1 && collapsedParam === null && (
            <p role="note" className="absolute left-1/2 top-2 z-10 -translate-x-1/2 rounded bg-slate-100 px-3 py-1 text-sm text-slate-700 shadow dark:bg-slate-800 dark:text-slate-200">
              {hiddenNodes.toLocaleString('en')} objects in {headings} namespaces: click a namespace to open it.
            </p>
          )}
          {context && showChanges && (
            <section aria-label="Recent changes" className="absolute bottom-4 left-16 z-10 max-h-72 w-[30rem] overflow-y-auto rounded border border-slate-200 bg-white p-3 text-sm shadow dark:border-slate-800 dark:bg-slate-950">
              <h2 className="mb-1 font-semibold">{at !== null ? `Changes to endpoints up to ${clockTime(at, minute)}` : 'Recent changes to endpoints'}</h2>
              <Timeline context={context} seq={at !== null ? 0 : stream.seq} until={at !== null ? new Date(at).toISOString() : undefined} onSelect={(id) => setQuery({ selected: id })} />
            </section>
          )}
          {context && addressAt && (
            <IpOwners address={addressAt.address} at={addressAt.at} data={owners.data} error={owners.error} onClose={() => setQuery({ search: null })} onShow={(time, id) => setQuery({ at: new Date(time).toISOString(), ...(id ? { selected: id } : {}) })} />
          )}
          {context && at !== null && past.error && <EmptyState title={`svcmap cannot show ${context} at that time`} detail={past.error.message} />}
          {context && at !== null && past.data?.past && !past.data.past.known && (
            <EmptyState
              title={`svcmap was not watching ${context} at ${clockTime(at, minute)}`}
              detail={`Nothing is known ${gapText(past.data.past.gap, minute)}: svcmap was not running or not watching this context then. Pick a time inside the blue stretches of the history bar.`}
            />
          )}
          {context && urlSearch && <UrlPath url={urlSearch} data={resolved.data} error={resolved.error} onSelect={(id) => setQuery({ selected: id })} />}
          {context && graph.nodes.length > 0 && view.nodes.length === 0 && !urlSearch && !addressAt && !searchTimeProblem && (
            <EmptyState
              title="Nothing matches"
              detail={`No Service or Pod matches ${[search.trim() && `the search “${search.trim()}”`, onlyProblems && '“only problems”', typesParam && `the types ${typesParam}`, focus && `the focus on ${focus}`].filter(Boolean).join(', ') || 'the view'}.`}
              action={{ label: 'Clear the search and filters', onClick: () => setQuery({ search: null, problems: null, types: null, focus: null }) }}
            />
          )}
          {context && ready && graph.nodes.length === 0 && !namespaceProblem && (
            <EmptyState
              title={`${namespaces.length > 0 ? `No Services in ${namespaces.join(', ')}` : 'No Services in this cluster'}${at !== null ? ` ${when}` : ''}`}
              detail={`kubectl get services ${namespaces.length === 1 ? `-n ${namespaces[0]}` : '-A'} shows the same. Pick other namespaces, or create a Service.`}
            />
          )}
          {context && at === null && (stream.connection === 'error' || stream.connection === 'reconnecting') && stream.graph.nodes.length === 0 && (
            <EmptyState
              title={`svcmap cannot show ${context}`}
              detail={[stream.problem, server && `Server: ${server}.`, 'The page recovers by itself once the cluster answers; or pick another context.'].filter(Boolean).join(' ')}
            />
          )}
        </div>
        {selected && (
          <DetailsPanel
            context={context!}
            seq={at !== null ? 0 : shown.seq}
            graph={graph}
            node={selected}
            onSelect={(id) => setQuery({ selected: id })}
            reach={reach.data}
            onReachFrom={(source) => setQuery({ from: source })}
            onFocus={(id) => setQuery({ focus: id })}
            onClose={closeDetails}
            expanded={selected.kind === 'Service' && expandParam.split(',').includes(`${selected.namespace}/${selected.name}`)}
            past={at !== null ? new Date(at).toISOString() : undefined}
            onRegroup={() => setQuery({ expand: expandParam.split(',').filter((service) => service && service !== `${selected.namespace}/${selected.name}`).join(',') || null })}
          />
        )}
      </main>
      {context && historyOpen && <TimeBar history={history.data} error={history.error} at={at} loading={past.loading} onChange={(time, replace) => setQuery({ at: time === null ? null : new Date(time).toISOString() }, replace)} />}
    </div>
  );
}
