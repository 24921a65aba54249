// Search by URL: which HTTPRoute/GRPCRoute rule or Ingress path would serve a URL, best first. Pure.
// Gateway API v1.6: HTTPRoute "Rule precedence" (https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule),
// GRPCRoute (https://gateway-api.sigs.k8s.io/reference/spec/#grpcrouterule), listener selection
// (https://gateway-api.sigs.k8s.io/concepts/traffic-matching/); Ingress networking.k8s.io/v1
// (https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types).
//
// What a URL cannot tell (method, headers, query parameters, the gRPC method of a path that is not
// /service/method) is not guessed: such a match keeps its place in the precedence order and lists
// what it also needs in `conditions`; the caller shows the first match without conditions as the answer.
//
// Where the APIs leave it open, svcmap decides:
// - A Gateway and an Ingress controller are separate data planes, and DNS (which svcmap cannot see)
//   decides which one a URL reaches: matches are ordered by hostname specificity (exact, longer
//   wildcard, catch-all) across both, Gateway API first on equal hostnames, then each by its own rules.
// - Every Ingress is read as served by one controller, whatever its class. Several Ingresses: the
//   precedence below across all, ties to the oldest, then namespace/name (controllers differ here:
//   ingress-nginx merges by host, others keep the first Ingress they saw).
// - An Ingress's defaultBackend serves a URL none of that Ingress's paths match; it ranks after every path.
import { attachment, hostnameMatches, intersectHostnames } from './gateway-attach';
import { type Gateway, gatewayGroup, type Ingress, type Listener, type Route, type RouteKind, type RouteMatch } from './gateway-objects';
import type { UrlQuery } from './url-query';

/**
 * A rule match that would serve the URL. matchIndex -1: the rule has no matches (it matches every
 * request); ruleIndex -1: the Ingress's defaultBackend (pathIndex -1 too). `conditions`: what the
 * request must also carry, beyond its URL (`method POST`, `header x-canary: true`).
 */
export type UrlMatch =
  | { via: 'Gateway'; gateway: Gateway; listener: Listener; route: Route; ruleIndex: number; matchIndex: number; conditions: string[] }
  | { via: 'Ingress'; ingress: Ingress; ruleIndex: number; pathIndex: number; conditions: string[] };

export interface UrlMatchInput {
  gateways: Gateway[];
  routes: Route[];
  ingresses: Ingress[];
  namespaceLabels: (namespace: string) => Record<string, string> | undefined;
}

type IngressPath = Ingress['rules'][number]['paths'][number];
type Key = (number | string)[];

/** The route rules and Ingress paths that would serve `url`, best first (see the top of this file). */
export function resolveUrl(url: UrlQuery, input: UrlMatchInput): UrlMatch[] {
  const ranked = [...gatewayMatches(url, input), ...ingressMatches(url, input.ingresses)];
  return ranked.sort((a, b) => compareKeys(a.key, b.key)).map(({ match }) => match);
}

interface Ranked {
  match: UrlMatch;
  key: Key;
}

/**
 * A rule's place among the route's rules by the spec's precedence, whatever the URL: its most
 * specific match (Exact, longer PathPrefix, RegularExpression; then method, more headers, more
 * query params). The page lists rules in this order, with their numbers as written.
 */
export function rulePrecedence(kind: RouteKind, matches: RouteMatch[]): (number | string)[] {
  const keys = (matches.length > 0 ? matches : [undefined]).map((match): Key => {
    if (kind === 'GRPCRoute') {
      const method = match?.grpcMethod;
      const pathKey = method?.type === 'RegularExpression' ? [2, 0, 0] : [method?.service && method.method ? 0 : 1, -(method?.service ?? '').length, -(method?.method ?? '').length];
      return [...pathKey, -(match?.headers.length ?? 0)];
    }
    const { type, value } = match?.path ?? { type: 'PathPrefix', value: '/' };
    const pathKey = type === 'Exact' ? [0, -value.length] : type === 'PathPrefix' ? [1, -value.length] : [2, 0];
    return [...pathKey, match?.method ? 0 : 1, -(match?.headers.length ?? 0), -(match?.queryParams.length ?? 0)];
  });
  return keys.sort(compareKeys)[0]!;
}

export function compareKeys(a: Key, b: Key): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    if (a[index]! < b[index]!) return -1;
    if (a[index]! > b[index]!) return 1;
  }
  return a.length - b.length;
}

/** A hostname's rank, most specific first: exact (longer first), wildcard (longer first), catch-all (none, `*`). */
function hostnameKey(hostname: string | undefined): Key {
  if (hostname === undefined || hostname === '*') return [2, 0];
  return [hostname.startsWith('*.') ? 1 : 0, -hostname.length];
}

// An unknown creationTimestamp counts as the newest.
function age(object: { creationTimestamp?: string }): number {
  const time = Date.parse(object.creationTimestamp ?? '');
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}
const objectName = (object: { namespace: string; name: string }) => `${object.namespace}/${object.name}`;

// --- Gateway API -------------------------------------------------------------------

const defaultPorts = { http: 80, https: 443 } as const;

function gatewayMatches(url: UrlQuery, input: UrlMatchInput): Ranked[] {
  const port = url.port ?? (url.scheme ? defaultPorts[url.scheme] : undefined);
  // The listeners a request reaches. Per Gateway and port, only the most specific hostname matching
  // the host receives it, even when none of its routes matches the path: traffic "cannot be allowed
  // to choose another Listener" (https://gateway-api.sigs.k8s.io/concepts/traffic-matching/).
  const receiving = new Map<Listener, Gateway>();
  for (const gateway of input.gateways) {
    const candidates = gateway.listeners.filter(
      (listener) =>
        (listener.protocol === 'HTTP' || listener.protocol === 'HTTPS') &&
        (port === undefined || listener.port === port) &&
        hostnameMatches(listener.hostname ?? '*', url.host),
    );
    for (const listener of candidates) {
      const best = candidates.filter((other) => other.port === listener.port).map((other) => hostnameKey(other.hostname)).sort(compareKeys)[0]!;
      if (compareKeys(hostnameKey(listener.hostname), best) === 0) receiving.set(listener, gateway);
    }
  }
  if (receiving.size === 0) return [];
  const gatewaysByName = new Map(input.gateways.map((gateway) => [objectName(gateway), gateway]));
  const ranked: Ranked[] = [];
  for (const route of input.routes) {
    if (route.kind !== 'HTTPRoute' && route.kind !== 'GRPCRoute') continue;
    const attached = new Set<Listener>();
    for (const parentRef of route.parentRefs) {
      if (parentRef.group !== gatewayGroup || parentRef.kind !== 'Gateway') continue;
      const gateway = gatewaysByName.get(objectName(parentRef));
      for (const listener of attachment(route, parentRef, gateway, input.namespaceLabels).listeners) {
        if (receiving.has(listener)) attached.add(listener);
      }
    }
    for (const listener of attached) {
      const gateway = receiving.get(listener)!;
      const hostname = routeHostname(route, listener, url.host);
      if (hostname === undefined) continue;
      route.rules.forEach((rule, ruleIndex) => {
        // A rule without matches matches every request: PathPrefix "/".
        const matches = rule.matches.length > 0 ? rule.matches : [undefined];
        matches.forEach((match, index) => {
          const fit = matchFit(route.kind, match, url.path);
          if (!fit) return;
          const matchIndex = rule.matches.length > 0 ? index : -1;
          ranked.push({
            match: { via: 'Gateway', gateway, listener, route, ruleIndex, matchIndex, conditions: fit.conditions },
            key: [...hostnameKey(hostname), 0, ...fit.key, age(route), objectName(route), ruleIndex, matchIndex, objectName(gateway), listener.name],
          });
        });
      });
    }
  }
  return ranked;
}

/**
 * The most specific intersected hostname of the route's hostnames that match the host, undefined
 * when none does. Route hostnames that do not intersect the listener's are ignored, as the spec says.
 */
function routeHostname(route: Route, listener: Listener, host: string): string | undefined {
  if (route.hostnames.length === 0) return listener.hostname ?? '*';
  const intersected = route.hostnames
    .filter((hostname) => hostnameMatches(hostname, host))
    .map((hostname) => intersectHostnames(hostname, listener.hostname))
    .filter((hostname) => hostname !== undefined);
  return intersected.sort((a, b) => compareKeys(hostnameKey(a), hostnameKey(b)))[0];
}

/**
 * How one match fits the path: its precedence key and what the URL cannot decide; undefined when it
 * does not match. Key, HTTPRoute: Exact, then PathPrefix (longer first), then RegularExpression
 * (whose precedence the spec leaves to implementations); then method, more headers, more query
 * params. GRPCRoute: a service and method match, then longer service, then longer method.
 */
function matchFit(kind: RouteKind, match: RouteMatch | undefined, path: string): { key: Key; conditions: string[] } | undefined {
  const conditions: string[] = [];
  let pathKey: Key;
  if (kind === 'GRPCRoute') {
    const method = match?.grpcMethod;
    const service = method?.service ?? '';
    const name = method?.method ?? '';
    pathKey = method?.type === 'RegularExpression' ? [2, 0, 0] : [service && name ? 0 : 1, -service.length, -name.length];
    // A gRPC call is a POST to /package.Service/Method; any other path cannot say which method it is.
    const call = /^\/([^/]+)\/([^/]+)$/.exec(path);
    if (method && (!call || method.type === 'RegularExpression')) conditions.push(`gRPC method ${describeGrpcMethod(method)}${method.type === 'RegularExpression' ? notEvaluated : ''}`);
    else if (method && call && !grpcMethodMatches(method, call[1]!, call[2]!)) return undefined;
  } else {
    const { type, value } = match?.path ?? { type: 'PathPrefix', value: '/' };
    // Three places, as GRPCRoute's, so that keys of both kinds on one listener line up.
    if (type === 'Exact' && path === value) pathKey = [0, -value.length, 0];
    else if (type === 'PathPrefix' && pathPrefixMatches(value, path)) pathKey = [1, -value.length, 0];
    else if (type === 'RegularExpression') {
      pathKey = [2, 0, 0];
      conditions.push(`path matching ${value}${notEvaluated}`);
    } else return undefined;
  }
  if (match?.method) conditions.push(`method ${match.method}`);
  for (const header of match?.headers ?? []) conditions.push(describeValueMatch('header', header, ': '));
  for (const query of match?.queryParams ?? []) conditions.push(describeValueMatch('query', query, '='));
  const key = [...pathKey, match?.method ? 0 : 1, -(match?.headers.length ?? 0), -(match?.queryParams.length ?? 0)];
  return { key, conditions };
}

/** PathPrefix (Gateway API) and Prefix (Ingress): element-wise on `/`, a trailing `/` ignored; /foo matches /foo and /foo/bar, not /foobar. */
export function pathPrefixMatches(prefix: string, path: string): boolean {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed === '' || path === trimmed || path.startsWith(`${trimmed}/`);
}

// Route authors' regular expressions are not run here: JavaScript's RegExp backtracks (a
// pattern like (a+)+$ would stall the shared server on a typed URL), and data planes use RE2
// or their own dialect. A RegularExpression match keeps its place and says it was not decided.
const notEvaluated = ' (a regular expression: svcmap does not evaluate it)';

function grpcMethodMatches(method: NonNullable<RouteMatch['grpcMethod']>, service: string, name: string): boolean {
  const fits = (expected: string | undefined, actual: string) => expected === undefined || expected === actual;
  return fits(method.service, service) && fits(method.method, name);
}

const describeGrpcMethod = (method: NonNullable<RouteMatch['grpcMethod']>) => `${method.service ?? '*'}/${method.method ?? '*'}`;

type ValueMatch = RouteMatch['headers'][number];

function describeValueMatch(what: string, { type, name, value }: ValueMatch, equals: string): string {
  return type === 'RegularExpression' ? `${what} ${name} matching ${value}` : `${what} ${name}${equals}${value}`;
}

/**
 * One match as a line for cards and tables: `PathPrefix /checkout`, `Exact /api · header x-canary=true · GET`,
 * `gRPC shop.Cart/*`. A match without path or gRPC method reads `PathPrefix /`, which it is.
 */
export function describeMatch(match: RouteMatch): string {
  const { path, grpcMethod } = match;
  const regex = grpcMethod?.type === 'RegularExpression' ? '~' : '';
  const parts = [grpcMethod ? `gRPC ${regex}${describeGrpcMethod(grpcMethod)}` : path ? `${path.type} ${path.value}` : 'PathPrefix /'];
  const valueMatch = (what: string, { type, name, value }: ValueMatch) => `${what} ${name}${type === 'RegularExpression' ? '~' : '='}${value}`;
  parts.push(...match.headers.map((header) => valueMatch('header', header)), ...match.queryParams.map((query) => valueMatch('query', query)));
  if (match.method) parts.push(match.method);
  return parts.join(' · ');
}

// --- Ingress -------------------------------------------------------------------------

/** An Ingress rule host: exact, `*.foo.com` matching exactly one label (bar.foo.com, not baz.bar.foo.com), none matching every host. */
export function ingressHostMatches(ruleHost: string | undefined, host: string): boolean {
  if (ruleHost === undefined || ruleHost === '') return true;
  if (!ruleHost.startsWith('*.')) return ruleHost === host;
  const suffix = ruleHost.slice(1);
  const label = host.slice(0, -suffix.length);
  return host.endsWith(suffix) && label !== '' && !label.includes('.');
}

/** Whether an Ingress path matches. ImplementationSpecific reads as Prefix, as ingress-nginx does for paths without its use-regex annotation. */
export function ingressPathMatches({ path, pathType }: Pick<IngressPath, 'path' | 'pathType'>, requestPath: string): boolean {
  return pathType === 'Exact' ? path === requestPath : pathPrefixMatches(path, requestPath);
}

/** An Ingress path as a line for cards and tables: `Prefix /checkout`. */
export function describeIngressPath({ path, pathType }: Pick<IngressPath, 'path' | 'pathType'>): string {
  return `${pathType} ${path}`;
}

// Precedence: host-specific rules before host-less ones, then the longest path, Exact before Prefix
// at equal length ("precedence will be given first to the longest matching path"), then age and name.
function ingressMatches(url: UrlQuery, ingresses: Ingress[]): Ranked[] {
  const ranked: Ranked[] = [];
  for (const ingress of ingresses) {
    const tieBreak = [age(ingress), objectName(ingress)];
    let pathMatched = false;
    ingress.rules.forEach((rule, ruleIndex) => {
      if (!ingressHostMatches(rule.host, url.host)) return;
      rule.paths.forEach((path, pathIndex) => {
        if (!ingressPathMatches(path, url.path)) return;
        pathMatched = true;
        ranked.push({
          match: { via: 'Ingress', ingress, ruleIndex, pathIndex, conditions: [] },
          key: [...hostnameKey(rule.host || undefined), 1, 0, -path.path.length, path.pathType === 'Exact' ? 0 : 1, ...tieBreak, ruleIndex, pathIndex],
        });
      });
    });
    if (!pathMatched && ingress.defaultBackend) {
      ranked.push({ match: { via: 'Ingress', ingress, ruleIndex: -1, pathIndex: -1, conditions: [] }, key: [...hostnameKey(undefined), 1, 1, ...tieBreak] });
    }
  }
  return ranked;
}
