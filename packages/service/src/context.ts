import { type Db, transaction } from '@hindsight/repository';

/** What every service verb runs against. Built once by the composition root. */
export interface ServiceContext {
  readonly db: Db;
}

/** Runs `fn` with a context whose database handle is one transaction. */
export function withTransaction<T>(
  ctx: ServiceContext,
  fn: (tx: ServiceContext) => Promise<T>,
): Promise<T> {
  return transaction(ctx.db, (db) => fn({ ...ctx, db }));
}
