import { findTablesDueForMaintenance, maintainTable } from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { operation } from '../hub/operation.js';

/** What one maintenance run did to each table it found due. */
export const MaintainDatabaseResult = v.object({
  tables: v.array(
    v.object({
      table: v.string(),
      vacuumed: v.boolean(),
      analyzed: v.boolean(),
      reasons: v.array(v.string()),
      duration_ms: v.number(),
    }),
  ),
});
export type MaintainDatabaseResult = v.InferOutput<typeof MaintainDatabaseResult>;

/**
 * Vacuums and analyzes the tables that autovacuum would work on now, one at
 * a time. For the embedded database, which has no autovacuum: without it
 * deleted and updated rows are never reclaimed, the planner never learns the
 * tables' sizes, and the database stops taking writes at transaction id
 * wraparound. A PostgreSQL server's autovacuum makes it unnecessary there.
 */
export async function maintainDatabase({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<MaintainDatabaseResult> {
  const tables: MaintainDatabaseResult['tables'] = [];
  for (const due of await findTablesDueForMaintenance(ctx.db)) {
    const started = performance.now();
    await maintainTable(ctx.db, due.table, due);
    tables.push({
      table: due.table,
      vacuumed: due.vacuum,
      analyzed: due.analyze,
      reasons: [...due.reasons],
      duration_ms: Math.round(performance.now() - started),
    });
  }
  return { tables };
}

export const maintainDatabaseOperation = operation({
  name: 'database.maintain',
  input: v.object({}),
  output: MaintainDatabaseResult,
  scope: 'internal',
  audit: false,
  run: maintainDatabase,
});
