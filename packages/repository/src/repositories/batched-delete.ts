import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';

/** Rows a prune deletes per statement unless told otherwise. */
export const pruneBatchSize = 10_000;

/**
 * Deletes the rows matching `where`, at most `batchSize` a statement (lowest
 * `id` first), until a statement deletes fewer; answers how many went. Each
 * statement commits on its own unless the caller holds a transaction: a
 * prune after weeks of downtime is many short statements, not one that locks
 * and returns millions of rows.
 */
export async function deleteInBatches(
  db: Db,
  table: PgTable,
  id: PgColumn,
  where: SQL,
  batchSize = pruneBatchSize,
): Promise<number> {
  // The CTE's column by its bare name: `${id}` renders qualified by the table, and inside
  // `in (select ...)` that would name the row being deleted (true for every row).
  const key = sql.identifier(id.name);
  let total = 0;
  for (;;) {
    const result = await db.execute(sql`
      with doomed as (select ${id} from ${table} where ${where} order by ${id} limit ${batchSize}),
           gone as (delete from ${table} where ${id} in (select doomed.${key} from doomed) returning 1)
      select count(*)::int as deleted from gone`);
    const deleted = rowsOf<{ deleted: number }>(result)[0]?.deleted ?? 0;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
