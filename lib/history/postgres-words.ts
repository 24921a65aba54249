// What the PostgreSQL engine says and how it names things: errors in words a person can act
// on (never the URL's password), where the database is, lock keys, and the shared statements'
// placeholders in PostgreSQL's numbering.
import { createHash } from 'node:crypto';

/** Where the database is, said without its password. */
export interface Address {
  where: string;
  secrets: string[];
}

// PostgreSQL returns BIGINT (and sum) as text, never a JS number it could round.
export type BigintText = string;

/** PostgreSQL's and the network's errors, said so a person knows what to do, without the URL's password. */
export function readableError(error: unknown, address: Address): Error {
  const { where, secrets } = address;
  const code = (error as { code?: unknown }).code;
  let message = error instanceof Error ? error.message : String(error);
  for (const secret of secrets) message = message.replaceAll(secret, '***');
  if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET)$/.test(String(code)) || /timeout expired|timeout exceeded|Connection terminated/i.test(message)) {
    return new Error(`Cannot reach the history database at ${where} (SVCMAP_HISTORY_URL): ${message}. Check that PostgreSQL runs there and accepts connections from svcmap.`);
  }
  switch (code) {
    case '28P01':
    case '28000':
      return new Error(`The history database at ${where} refused svcmap's login: ${message}. Check the user and password in SVCMAP_HISTORY_URL.`);
    case '3D000':
      return new Error(`The server at ${where} has no such history database: ${message}. Create it (createdb) or fix the database name in SVCMAP_HISTORY_URL.`);
    case '42501':
      return new Error(`svcmap's user may not use the history database at ${where}: ${message}. Grant it CREATE on the database (or the schema) and on its tables.`);
    case '53100':
      return new Error(`The history database at ${where} cannot grow: its disk is full (${message}). Free space or lower SVCMAP_HISTORY_MAX_BYTES.`);
    case '57P01':
    case '57P02':
    case '57P03':
      return new Error(`The history database at ${where} is shutting down or starting: ${message}. svcmap tries again.`);
  }
  return new Error(`The history database at ${where} failed: ${message}`);
}

/** The URL's host:port and password; a URL that is not one is refused without being repeated (it may hold a password). */
export function addressOf(url: string): Address {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('SVCMAP_HISTORY_URL is not a URL: write it as postgres://user:password@host:5432/database.');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`SVCMAP_HISTORY_URL must be a postgres:// URL (it starts with ${parsed.protocol}//): postgres://user:password@host:5432/database.`);
  }
  // A unix socket is given as ?host=/run/postgresql.
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  const password = parsed.password ? [parsed.password, decodeURIComponent(parsed.password)] : [];
  return { where: `${host}:${parsed.port || '5432'}`, secrets: password };
}

/** The shared statements' `?` placeholders as PostgreSQL's `$1, $2, …`. */
export function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/** A 64-bit advisory lock key (as text, a signed BIGINT) that stands for `name` in every process. */
export function lockKey(name: string): BigintText {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}
