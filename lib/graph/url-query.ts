// A URL (or host name) typed in the search box, read as a search for the routes that serve
// it — or not a URL at all (a name, a label selector, an IP). Pure.
import { parseAddress } from './policy';

/** A URL typed in the search box: the host lower case, the path without query or fragment. */
export interface UrlQuery {
  host: string;
  path: string;
  port?: number;
  scheme?: 'http' | 'https';
}

/**
 * A URL or host name as a search for the routes serving it; null when the text is clearly something
 * else: a name (no dot, no scheme, not localhost), a label selector (`app=web`), anything with spaces.
 * A bare IP (`10.244.1.5`, no scheme, port or path) is null too: the page already searches IPs as
 * pod and Service addresses, and that is what such a query means.
 */
export function parseUrlQuery(text: string): UrlQuery | null {
  const trimmed = text.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return null;
  // A label selector, prefixed keys included (app.kubernetes.io/name=web): the page's label search.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) && /^[^=/?#]+(\/[^=/?#]+)?=/.test(trimmed)) return null;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  const scheme = schemeMatch ? schemeMatch[1]!.toLowerCase() : undefined;
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return null;
  const rest = schemeMatch ? trimmed.slice(schemeMatch[0].length) : trimmed;
  const authorityEnd = rest.search(/[/?#]/);
  const tail = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  let authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  // With a scheme, `user@` is userinfo; without one, `a@b.com` is an e-mail address (refused below, as is `app=web`).
  if (scheme !== undefined) authority = authority.slice(authority.lastIndexOf('@') + 1);
  const parts = /^(?:\[([0-9a-f:.]+)\]|([^:]+))(?::(\d{1,5}))?$/i.exec(authority);
  if (!parts) return null;
  const host = (parts[1] ?? parts[2]!).toLowerCase().replace(/\.$/, '');
  const port = parts[3] === undefined ? undefined : Number(parts[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return null;
  const address = parseAddress(host) !== null;
  if (parts[1] !== undefined && !address) return null;
  if (!address) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host)) return null;
    if (scheme === undefined && !host.includes('.') && host !== 'localhost') return null;
    // An all-digit last label is no DNS name (a version like 1.2.3, or a mistyped IP).
    if (/\.\d+$/.test(host)) return null;
  } else if (scheme === undefined && port === undefined && !tail.startsWith('/')) {
    return null;
  }
  const path = tail.split(/[?#]/)[0] || '/';
  return { host, path, ...(port !== undefined && { port }), ...(scheme !== undefined && { scheme }) };
}
