// The history of this server process: which database (SVCMAP_HISTORY_URL for a shared
// PostgreSQL, else an SQLite file in SVCMAP_HISTORY_DIR; SVCMAP_HISTORY=off for none), opened
// once, a recorder per context, and retention pruned every minute by whoever writes.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClusterStore } from '@/lib/graph/objects';
import { Recorder, type RecorderOptions } from './recorder';
import { SqliteStore } from './sqlite';
import type { HistoryStore } from './store';

export type HistoryConfig =
  | { engine: 'off' }
  | { engine: 'sqlite'; file: string; maxAgeMs: number; maxBytes: number }
  | { engine: 'postgres'; url: string; maxAgeMs: number; maxBytes: number };

const hour = 3_600_000;

export function historyConfig(env: NodeJS.ProcessEnv = process.env): HistoryConfig {
  if (env.SVCMAP_HISTORY === 'off') return { engine: 'off' };
  const maxAgeMs = (Number(env.SVCMAP_HISTORY_RETENTION_HOURS) || 7 * 24) * hour;
  const maxBytes = Number(env.SVCMAP_HISTORY_MAX_BYTES) || 1024 ** 3;
  if (env.SVCMAP_HISTORY_URL) return { engine: 'postgres', url: env.SVCMAP_HISTORY_URL, maxAgeMs, maxBytes };
  // Locally: the user's state directory (XDG), as other tools keep theirs.
  const dir = env.SVCMAP_HISTORY_DIR || join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'svcmap');
  return { engine: 'sqlite', file: join(dir, 'history.db'), maxAgeMs, maxBytes };
}

async function open(config: Exclude<HistoryConfig, { engine: 'off' }>): Promise<HistoryStore> {
  if (config.engine === 'postgres') {
    const { PostgresStore } = await import('./postgres');
    return PostgresStore.open(config.url);
  }
  mkdirSync(join(config.file, '..'), { recursive: true });
  return new SqliteStore(config.file);
}

export class History {
  readonly config: Exclude<HistoryConfig, { engine: 'off' }>;
  readonly store: Promise<HistoryStore>;
  private readonly recorders = new Map<string, Recorder>();
  private readonly pruner: ReturnType<typeof setInterval>;

  constructor(config: Exclude<HistoryConfig, { engine: 'off' }>) {
    this.config = config;
    this.store = open(config);
    // Read by whoever asks; an unhandled rejection here would only repeat what they report.
    this.store.catch(() => undefined);
    this.pruner = setInterval(() => void this.prune(), 60_000);
    this.pruner.unref?.();
  }

  /** The recorder of a context, made once; `storeNow` is the hub's store (flushed). */
  recorder(context: string, storeNow: () => ClusterStore, options: RecorderOptions = {}): Recorder {
    let recorder = this.recorders.get(context);
    if (!recorder) this.recorders.set(context, (recorder = new Recorder(this.store, context, storeNow, options)));
    return recorder;
  }

  recorderOf(context: string): Recorder | undefined {
    return this.recorders.get(context);
  }

  /** Deletes what is past retention (age, then size). */
  async prune(now = Date.now()): Promise<void> {
    try {
      const store = await this.store;
      if (await store.isWriter()) await store.prune(now - this.config.maxAgeMs, this.config.maxBytes);
    } catch {
      // Reported by the recorders and the history route; pruning tries again next minute.
    }
  }
}

/** This process's history, opened on first use; null when switched off. Kept on globalThis: Next.js may load this module more than once. */
export function processHistory(): History | null {
  const holder = globalThis as { __svcmapHistory?: History | null };
  if (holder.__svcmapHistory === undefined) {
    const config = historyConfig();
    holder.__svcmapHistory = config.engine === 'off' ? null : new History(config);
  }
  return holder.__svcmapHistory;
}
