import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';

/**
 * Runs one raw SQL statement, for tests that set up what no repository
 * function does (a trigger that fails on purpose, a count across tables).
 */
export async function executeSql<T = Record<string, unknown>>(
  db: Db,
  statement: string,
): Promise<T[]> {
  return rowsOf<T>(await db.execute(sql.raw(statement)));
}
