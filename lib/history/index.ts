// The history of this server process: which database (SVCMAP_HISTORY_URL for a shared
// PostgreSQL, else an SQLite file in SVCMAP_HISTORY_DIR; SVCMAP_HISTORY=off for none), opened
// on first use and again after a failure to open (PostgreSQL not up yet, a locked file), a
// recorder per context, and retention pruned every minute.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClusterStore } from '@/lib/graph/objects';
import { Recorder, type RecorderOptions } from './recorder';
import { SqliteStore } from './sqlite';
import type { HistoryStore } from './store';

type Retention = { maxAgeMs: number; maxBytes: number; problem?: string };
export type HistoryConfig = { engine: 'off' } | ({ engine: 'sqlite'; file: string } & Retention) | ({ engine: 'postgres'; url: string } & Retention);
type On = Exclude<HistoryConfig, { engine: 'off' }>;

const hour = 3_600_000;
const reopenAfterMs = 15_000;

/** A positive number from the environment, the default when unset; a problem said plainly otherwise. */
function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): { value: number; problem?: string } {
  const text = env[name];
  if (text === undefined || text === '') return { value: fallback };
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? { value } : { value: fallback, problem: `${name} must be a positive number, not "${text}": no history is kept until it is fixed.` };
}

export function historyConfig(env: NodeJS.ProcessEnv = process.env): HistoryConfig {
  if (env.SVCMAP_HISTORY === 'off') return { engine: 'off' };
  const hours = positive(env, 'SVCMAP_HISTORY_RETENTION_HOURS', 7 * 24);
  const bytes = positive(env, 'SVCMAP_HISTORY_MAX_BYTES', 1024 ** 3);
  const other = env.SVCMAP_HISTORY && env.SVCMAP_HISTORY !== 'on' ? `SVCMAP_HISTORY is "off" or "on", not "${env.SVCMAP_HISTORY}" (the file's place is SVCMAP_HISTORY_DIR).` : undefined;
  const problem = hours.problem ?? bytes.problem ?? other;
  const retention: Retention = { maxAgeMs: hours.value * hour, maxBytes: bytes.value, ...(problem ? { problem } : {}) };
  if (env.SVCMAP_HISTORY_URL) return { engine: 'postgres', url: env.SVCMAP_HISTORY_URL, ...retention };
  // Locally: the user's state directory (XDG), as other tools keep theirs.
  const dir = env.SVCMAP_HISTORY_DIR || join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'svcmap');
  return { engine: 'sqlite', file: join(dir, 'history.db'), ...retention };
}

async function open(config: On): Promise<HistoryStore> {
  if (config.problem) throw new Error(config.problem);
  if (config.engine === 'postgres') {
    const { PostgresStore } = await import('./postgres');
    return PostgresStore.open(config.url);
  }
  mkdirSync(join(config.file, '..'), { recursive: true });
  return new SqliteStore(config.file);
}

export interface HistoryOptions {
  /** For each recorder's metrics and log. */
  recorder?: (context: string) => RecorderOptions;
  /** Told when pruning fails (for the log). */
  onPruneError?: (message: string) => void;
}

export class History {
  readonly config: On;
  private opened!: Promise<HistoryStore>;
  private openedAt = 0;
  private failed = false;
  private sized: { at: number; bytes: Promise<number> } | undefined;
  private readonly recorders = new Map<string, Recorder>();
  private readonly options: HistoryOptions;

  constructor(config: On, options: HistoryOptions = {}) {
    this.config = config;
    this.options = options;
    this.open();
    setInterval(() => void this.prune(), 60_000).unref?.();
  }

  /** The database; after a failure to open it is tried again, at most every 15 s. */
  store(): Promise<HistoryStore> {
    if (this.failed && Date.now() - this.openedAt >= reopenAfterMs) this.open();
    return this.opened;
  }

  /** The recorder of a context, made once; `storeNow` is the hub's store (flushed). */
  recorder(context: string, storeNow: () => ClusterStore): Recorder {
    let recorder = this.recorders.get(context);
    if (!recorder) this.recorders.set(context, (recorder = new Recorder(() => this.store(), context, storeNow, this.options.recorder?.(context))));
    return recorder;
  }

  recorderOf(context: string): Recorder | undefined {
    return this.recorders.get(context);
  }

  /** The database's size, measured at most every 30 s (for metrics: PostgreSQL sums its tables). */
  size(): Promise<number> {
    if (!this.sized || Date.now() - this.sized.at > 30_000) this.sized = { at: Date.now(), bytes: this.store().then((store) => store.size()) };
    return this.sized.bytes;
  }

  /** Deletes what is past retention (age, then size). */
  async prune(now = Date.now()): Promise<void> {
    try {
      await (await this.store()).prune(now - this.config.maxAgeMs, this.config.maxBytes);
    } catch (error) {
      // Also said by the recorders and the history route when the database is the trouble; tried again next minute.
      this.options.onPruneError?.(error instanceof Error ? error.message : String(error));
    }
  }

  private open(): void {
    this.openedAt = Date.now();
    this.failed = false;
    this.opened = open(this.config);
    this.opened.catch(() => (this.failed = true));
  }
}

/** This process's history, opened on first use; null when switched off. Kept on globalThis: Next.js may load this module more than once. */
export function processHistory(options?: HistoryOptions): History | null {
  const holder = globalThis as { __svcmapHistory?: History | null };
  if (holder.__svcmapHistory === undefined) {
    const config = historyConfig();
    holder.__svcmapHistory = config.engine === 'off' ? null : new History(config, options);
  }
  return holder.__svcmapHistory;
}
