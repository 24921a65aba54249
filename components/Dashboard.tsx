'use client';
// The page: pick a context and namespaces (kept in the URL), see the live graph.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import useSWR from 'swr';
import { contextsResponseSchema, sessionResponseSchema } from '@/lib/stream/protocol';
import { ConnectionBadge } from './controls/ConnectionBadge';
import { ContextPicker } from './controls/ContextPicker';
import { NamespaceFilter } from './controls/NamespaceFilter';
import { GraphView } from './graph/GraphView';
import { useGraphStream } from './graph/useGraphStream';

async function fetchContexts(url: string) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return contextsResponseSchema.parse(await response.json()).contexts;
}

async function fetchSession(url: string) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return sessionResponseSchema.parse(await response.json());
}

export function Dashboard() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const { data: contexts, error } = useSWR('/api/clusters', fetchContexts);
  const { data: session } = useSWR('/api/session', fetchSession);

  const requested = searchParams.get('context');
  const cluster = requested ?? contexts?.find((context) => context.current)?.name ?? contexts?.[0]?.name ?? null;
  const namespaces = (searchParams.get('namespace') ?? '').split(',').filter(Boolean);
  const stream = useGraphStream(cluster, namespaces);

  const setQuery = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    router.push(`${pathname}?${next.toString()}`);
  };

  const knownNamespaces = [...new Set(stream.graph.nodes.map((node) => node.namespace))].sort();

  return (
    <div className="flex h-screen flex-col">
      <header className="flex flex-wrap items-center gap-4 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <h1 className="text-lg font-semibold">svcmap</h1>
        {contexts && contexts.length > 0 && (
          <ContextPicker contexts={contexts} value={cluster} onChange={(name) => setQuery({ context: name, namespace: null })} />
        )}
        <NamespaceFilter known={knownNamespaces} selected={namespaces} onChange={(selected) => setQuery({ namespace: selected.join(',') || null })} />
        {contexts?.find((context) => context.name === cluster)?.demo && (
          <span data-testid="demo-badge" className="rounded border border-violet-400 bg-violet-50 px-2 py-0.5 text-xs font-medium text-violet-800 dark:bg-violet-950 dark:text-violet-200">
            Demo cluster — simulated
          </span>
        )}
        <ConnectionBadge state={stream} context={cluster} />
        {session?.user && (
          <span data-testid="user" className="ml-auto text-sm text-slate-500">
            Signed in as {session.user === 'token' ? 'token holder' : session.user}
          </span>
        )}
      </header>
      <main className="relative flex-1">
        {error && <EmptyState title="The svcmap server did not answer" detail={String(error)} />}
        {contexts && contexts.length === 0 && (
          <EmptyState title="No kubeconfig found" detail="Set KUBECONFIG or create ~/.kube/config, then restart svcmap. Or start it with SVCMAP_DEMO=1 to explore the built-in demo cluster." />
        )}
        {cluster && <GraphView graph={stream.graph} />}
        {cluster && stream.connection === 'live' && stream.graph.nodes.length === 0 && (
          <EmptyState
            title={namespaces.length > 0 ? `No Services in ${namespaces.join(', ')}` : 'No Services in this cluster'}
            detail={`kubectl get services ${namespaces.length === 1 ? `-n ${namespaces[0]}` : '-A'} shows the same. Pick other namespaces, or create a Service.`}
          />
        )}
      </main>
    </div>
  );
}

function EmptyState({ title, detail }: { title: string; detail: string }) {
  return (
    <div role="status" className="absolute inset-0 flex flex-col items-center justify-center gap-2 p-8 text-center">
      <p className="text-lg font-medium">{title}</p>
      <p className="text-sm text-slate-500">{detail}</p>
    </div>
  );
}
