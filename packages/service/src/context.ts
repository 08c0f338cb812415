import { type Db, transaction } from '@hindsight/repository';
import type { BrowserSessionPolicy } from './browser-sessions/browser-sessions.js';
import type { CursorSecrets } from './history/cursor-signing.js';
import type { IngestLimits } from './ingest/limits.js';

/** Which pool a verb's statements go to (bulkheads: see `ServiceContext.pools`). */
export type Workload = 'read' | 'search';

/** What every service verb runs against. Built once by the composition root. */
export interface ServiceContext {
  readonly db: Db;
  /** Limits of ingest calls; the defaults when absent. */
  readonly ingestLimits?: IngestLimits;
  /** Microseconds since the epoch; tests pass a fixed clock. */
  readonly clock?: () => number;
  /**
   * Separate pools for plain reads and for searches (bulkheads): an operation
   * that declares a `pool` runs on it; everything else (ingest, keys,
   * readiness, casefiles) on `db`. Absent, everything runs on `db`.
   */
  readonly pools?: { readonly [W in Workload]: Db };
  /** Secrets that sign list cursors; one generated per process when absent. */
  readonly cursorSecrets?: CursorSecrets;
  /** How long browser sessions last; 12 hours, 2 idle, by default. */
  readonly browserSessions?: BrowserSessionPolicy;
  /** False: ingest writes no live events (HINDSIGHT_LIVE=off, and the live benchmark's baseline). */
  readonly publishLive?: boolean;
}

/** The context's time in microseconds since the epoch. */
export function nowOf(ctx: ServiceContext): number {
  return ctx.clock ? ctx.clock() : Date.now() * 1000;
}

/** Runs `fn` with a context whose database handle is one transaction. */
export function withTransaction<T>(
  ctx: ServiceContext,
  fn: (tx: ServiceContext) => Promise<T>,
): Promise<T> {
  return transaction(ctx.db, (db) => fn({ ...ctx, db }));
}
