// Glue shared by the route handlers: validated parameters and JSON errors that say
// what to do. Bad input is answered with a 4xx before anything reaches a cluster.
import { serviceId } from '@/lib/graph/ids';
import { namespaceNameProblem, namespacesProblem, objectNameProblem, printable } from '@/lib/graph/names';
import type { ContextHub } from '@/lib/k8s/hub';
import { hubFor } from './contexts';
import { listContexts } from './contexts';
import { type ObjectRef, type ReadableKind, readableKinds } from '@/lib/k8s/transport';

export function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store' } });
}

const maxQueryLength = 4096;
const maxNamespaces = 100;

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

/** A refusal when the query string is too long or has a parameter not in `accepted`; null when it is fine. */
export function checkQuery(url: URL, accepted: string[]): { ok: false; response: Response } | null {
  if (url.search.length > maxQueryLength) {
    return { ok: false, response: jsonError(414, 'QueryTooLong', `The query string is longer than ${maxQueryLength} characters.`) };
  }
  for (const key of url.searchParams.keys()) {
    if (accepted.includes(key)) continue;
    const allowed = accepted.length === 0 ? 'this route takes none' : accepted.length === 1 ? `the only one accepted is "${accepted[0]}"` : `accepted: ${accepted.join(', ')}`;
    return { ok: false, response: jsonError(400, 'UnknownParameter', `Unknown query parameter "${printable(key)}"; ${allowed}.`) };
  }
  return null;
}

/** The `namespace` query parameter: a comma-separated list of namespaces, empty for all. */
export function parseNamespaces(url: URL, accepted = ['namespace']): Parsed<Set<string>> {
  const query = checkQuery(url, accepted);
  if (query) return query;
  const names = url.searchParams.getAll('namespace').flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  if (names.length > maxNamespaces) {
    return { ok: false, response: jsonError(400, 'TooManyNamespaces', `At most ${maxNamespaces} namespaces can be selected at once.`) };
  }
  for (const name of names) {
    const problem = namespacesProblem([name]);
    if (problem) return { ok: false, response: jsonError(400, 'InvalidNamespace', problem) };
  }
  return { ok: true, value: new Set(names) };
}

// RFC 1123 subdomain, the rule for Service names.
/** The optional `service` query parameter, "namespace/name" (with only `service` accepted, unless told otherwise). */
export function parseServiceParameter(url: URL, accepted = ['service']): Parsed<string | undefined> {
  const query = checkQuery(url, accepted);
  if (query) return query;
  const value = url.searchParams.get('service');
  if (value === null) return { ok: true, value: undefined };
  const [namespace = '', name = '', ...rest] = value.split('/');
  const problem = rest.length > 0 ? 'has more than one "/"' : namespaceNameProblem(namespace) ?? objectNameProblem(name);
  if (problem) return { ok: false, response: jsonError(400, 'InvalidService', `Service "${printable(value)}" must be namespace/name: ${problem}.`) };
  return { ok: true, value: serviceId(namespace, name) };
}

/** The `kind`, `namespace` and `name` query parameters of one object to read (never a Secret). */
export function parseObjectRef(url: URL): Parsed<ObjectRef> {
  const query = checkQuery(url, ['kind', 'namespace', 'name']);
  if (query) return query;
  const kind = url.searchParams.get('kind') ?? '';
  if (!Object.hasOwn(readableKinds, kind)) {
    const known = Object.keys(readableKinds).join(', ');
    return { ok: false, response: jsonError(400, 'UnsupportedKind', `Kind "${printable(kind)}" cannot be read; svcmap reads ${known} (never Secrets).`) };
  }
  const readable = kind as ReadableKind;
  const namespace = url.searchParams.get('namespace') ?? undefined;
  const name = url.searchParams.get('name') ?? '';
  const nameProblem = objectNameProblem(name);
  if (nameProblem) return { ok: false, response: jsonError(400, 'InvalidName', `Name "${printable(name)}" ${nameProblem}.`) };
  if (!readableKinds[readable].namespaced) {
    if (namespace !== undefined) return { ok: false, response: jsonError(400, 'UnexpectedNamespace', `${kind} is cluster-scoped: leave out the namespace parameter.`) };
    return { ok: true, value: { kind: readable, name } };
  }
  const namespaceProblem = namespace === undefined ? 'is missing' : namespaceNameProblem(namespace);
  if (namespaceProblem) return { ok: false, response: jsonError(400, 'InvalidNamespace', `Namespace "${printable(namespace ?? '')}" ${namespaceProblem}.`) };
  return { ok: true, value: { kind: readable, namespace, name } };
}

/** The hub of the `context` path parameter, which must name a kubeconfig context (or the demo). */
export function resolveContext(context: string): Parsed<ContextHub> {
  if (context.length > 253 || /[\u0000-\u001f\u007f]/.test(context)) {
    return { ok: false, response: jsonError(400, 'InvalidContext', 'The context name must be a kubeconfig context name: at most 253 characters, no control characters.') };
  }
  const hub = hubFor(context);
  if (!hub) {
    const known = listContexts().map((entry) => entry.name);
    const hint = known.length > 0 ? `Known contexts: ${known.slice(0, 10).join(', ')}.` : 'No kubeconfig was found; set KUBECONFIG.';
    return { ok: false, response: jsonError(404, 'UnknownContext', `No kubeconfig context is named "${printable(context)}". ${hint}`) };
  }
  return { ok: true, value: hub };
}

