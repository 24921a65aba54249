// Errors a user can meet when talking to a cluster, typed so the UI can say what to do.

/** A failed API request: HTTP status (0 when the apiserver could not be reached) and reason. */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;

  constructor(status: number, reason: string, message: string) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.name = 'ApiError';
  }
}

/** 410 Gone / reason Expired: the resourceVersion is compacted away; relist. */
export function isExpired(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 410 || error.reason === 'Expired' || error.reason === 'Gone');
}

export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** The watch stream was silent for longer than the inactivity timeout. */
export class InactivityError extends Error {
  readonly silentMs: number;

  constructor(silentMs: number) {
    super(`no data from the apiserver for ${Math.round(silentMs / 1000)} s; reconnecting`);
    this.silentMs = silentMs;
    this.name = 'InactivityError';
  }
}

/** A message for a person: what went wrong and what to do about it. */
export function describeError(error: unknown, kind: string): string {
  if (isForbidden(error)) return `Forbidden: your credentials may not list/watch ${kind} (${(error as ApiError).message}). Ask for read access or pick another context.`;
  if (isUnauthorized(error)) return `Unauthorized: the apiserver rejected the credentials. Refresh or replace the kubeconfig credentials for this context.`;
  if (error instanceof ApiError && error.status === 0) return `Cannot reach the apiserver: ${error.message}`;
  // undici reports a response body cut short (the apiserver went away mid-watch) as "terminated".
  if (error instanceof TypeError && error.message === 'terminated') return 'The apiserver closed the connection; reconnecting.';
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The apiserver refused a WatchList, or ended it early: the reflector lists instead from now on. */
export class WatchListRefused extends Error {
  /** True: the apiserver refused it (do not ask again); false: it broke off (list this once). */
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.permanent = permanent;
  }
}
