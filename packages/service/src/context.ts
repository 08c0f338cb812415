import { type Db, transaction } from '@hindsight/repository';
import type { IngestLimits } from './ingest/limits.js';

/** What every service verb runs against. Built once by the composition root. */
export interface ServiceContext {
  readonly db: Db;
  /** Limits of ingest calls; the defaults when absent. */
  readonly ingestLimits?: IngestLimits;
  /** Microseconds since the epoch; tests pass a fixed clock. */
  readonly clock?: () => number;
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
