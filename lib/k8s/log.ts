// Structured server logs: one JSON line per event, with cluster and kind where known.
type Level = 'debug' | 'info' | 'warn' | 'error';

const quiet = process.env.SVCMAP_LOG_LEVEL === 'warn' || process.env.NODE_ENV === 'test';

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  // The CLI says what went wrong in its own words.
  if (process.env.SVCMAP_LOG_LEVEL === 'silent') return;
  if (level === 'debug' && process.env.SVCMAP_LOG_LEVEL !== 'debug') return;
  if (quiet && (level === 'info' || level === 'debug')) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}
