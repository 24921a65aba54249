// Glue shared by the route handlers: validated parameters and JSON errors that say
// what to do. Bad input is answered with a 4xx before anything reaches a cluster.
import { z } from 'zod';
import { serviceId } from '@/lib/graph/ids';
import type { ContextHub } from '@/lib/k8s/hub';
import { hubFor } from './contexts';
import { listContexts } from './contexts';
import { type ObjectRef, type ReadableKind, readableKinds } from '@/lib/k8s/transport';

export function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { 'Cache-Control': 'no-store' } });
}

// RFC 1123 label, the rule for namespace names (kubectl create namespace enforces it).
const namespaceName = z
  .string()
  .max(63, 'is longer than 63 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be lowercase letters, digits and "-", starting and ending with a letter or digit');

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
    return { ok: false, response: jsonError(400, 'UnknownParameter', `Unknown query parameter "${truncate(key)}"; ${allowed}.`) };
  }
  return null;
}

/** The `namespace` query parameter: a comma-separated list of namespaces, empty for all. */
export function parseNamespaces(url: URL): Parsed<Set<string>> {
  const query = checkQuery(url, ['namespace']);
  if (query) return query;
  const names = url.searchParams.getAll('namespace').flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  if (names.length > maxNamespaces) {
    return { ok: false, response: jsonError(400, 'TooManyNamespaces', `At most ${maxNamespaces} namespaces can be selected at once.`) };
  }
  for (const name of names) {
    const result = namespaceName.safeParse(name);
    if (!result.success) {
      return { ok: false, response: jsonError(400, 'InvalidNamespace', `Namespace "${truncate(name)}" ${result.error.issues[0]?.message ?? 'is not valid'}.`) };
    }
  }
  return { ok: true, value: new Set(names) };
}

// RFC 1123 subdomain, the rule for Service names.
const objectName = z
  .string()
  .max(253, 'is longer than 253 characters')
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be lowercase letters, digits, "-" and ".", starting and ending with a letter or digit');

/** The optional `service` query parameter, "namespace/name" (with only `service` accepted, unless told otherwise). */
export function parseServiceParameter(url: URL, accepted = ['service']): Parsed<string | undefined> {
  const query = checkQuery(url, accepted);
  if (query) return query;
  const value = url.searchParams.get('service');
  if (value === null) return { ok: true, value: undefined };
  const [namespace = '', name = '', ...rest] = value.split('/');
  const problem = rest.length > 0 ? 'has more than one "/"' : namespaceName.safeParse(namespace).error?.issues[0]?.message ?? objectName.safeParse(name).error?.issues[0]?.message;
  if (problem) return { ok: false, response: jsonError(400, 'InvalidService', `Service "${truncate(value)}" must be namespace/name: ${problem}.`) };
  return { ok: true, value: serviceId(namespace, name) };
}

/** The `kind`, `namespace` and `name` query parameters of one object to read (never a Secret). */
export function parseObjectRef(url: URL): Parsed<ObjectRef> {
  const query = checkQuery(url, ['kind', 'namespace', 'name']);
  if (query) return query;
  const kind = url.searchParams.get('kind') ?? '';
  if (!Object.hasOwn(readableKinds, kind)) {
    const known = Object.keys(readableKinds).join(', ');
    return { ok: false, response: jsonError(400, 'UnsupportedKind', `Kind "${truncate(kind)}" cannot be read; svcmap reads ${known} (never Secrets).`) };
  }
  const readable = kind as ReadableKind;
  const namespace = url.searchParams.get('namespace') ?? undefined;
  const name = url.searchParams.get('name') ?? '';
  const nameProblem = objectName.safeParse(name).error?.issues[0]?.message;
  if (nameProblem) return { ok: false, response: jsonError(400, 'InvalidName', `Name "${truncate(name)}" ${nameProblem}.`) };
  if (!readableKinds[readable].namespaced) {
    if (namespace !== undefined) return { ok: false, response: jsonError(400, 'UnexpectedNamespace', `${kind} is cluster-scoped: leave out the namespace parameter.`) };
    return { ok: true, value: { kind: readable, name } };
  }
  const namespaceProblem = namespace === undefined ? 'is missing' : namespaceName.safeParse(namespace).error?.issues[0]?.message;
  if (namespaceProblem) return { ok: false, response: jsonError(400, 'InvalidNamespace', `Namespace "${truncate(namespace ?? '')}" ${namespaceProblem}.`) };
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
    return { ok: false, response: jsonError(404, 'UnknownContext', `No kubeconfig context is named "${truncate(context)}". ${hint}`) };
  }
  return { ok: true, value: hub };
}

function truncate(value: string): string {
  const printable = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > 80 ? `${printable.slice(0, 80)}…` : printable;
}
