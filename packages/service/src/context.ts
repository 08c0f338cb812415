import { type Db, transaction } from '@hindsight/repository';
import type { BrowserSessionPolicy } from './browser-sessions/browser-sessions.js';
import type { PriceBook } from './cost/price-book.js';
import type { CursorSecrets } from './history/cursor-signing.js';
import type { IngestLimits } from './ingest/limits.js';
import type { LiveAnnouncer } from './live/announcer.js';
import type { OtelOptions } from './otel/options.js';

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
  /** How the OTLP receiver maps spans and closes sessions; the defaults when absent. */
  readonly otel?: OtelOptions;
  /** Secrets that sign list cursors; one generated per process when absent. */
  readonly cursorSecrets?: CursorSecrets;
  /** How long browser sessions last; 12 hours, 2 idle, by default. */
  readonly browserSessions?: BrowserSessionPolicy;
  /** False: ingest writes no live events (HINDSIGHT_LIVE=off, and the live benchmark's baseline). */
  readonly publishLive?: boolean;
  /**
   * Wakes live readers after ingest commits (one NOTIFY in flight per
   * process). Absent, ingest notifies inside its transaction.
   */
  readonly liveAnnouncer?: LiveAnnouncer;
  /**
   * The prices LLM calls are costed with as they are written. Absent: the
   * catalogue and the stored overrides, read for every write.
   */
  readonly pricing?: PriceBook;
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
