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

/**
 * Leaves dead tuples for maintenance tests: writes `inserted` live events and
 * deletes the first `deleted`, in one transaction that flushes its table
 * statistics at commit (a server otherwise flushes them up to a second later).
 */
export async function churnLiveEvents(db: Db, inserted: number, deleted: number): Promise<void> {
  await executeSql(
    db,
    `do $$ begin
       insert into live_events (channel, session_id, type, payload, created_at_us)
         select 'sessions', 's' || g, 'session.started', '{}'::jsonb, g
           from generate_series(1, ${Math.trunc(inserted)}) g;
       delete from live_events where created_at_us <= ${Math.trunc(deleted)};
       perform pg_stat_force_next_flush();
     end $$`,
  );
}

/**
 * The text of the statements prepared on the connection `db` runs on (a
 * transaction pins one), on PostgreSQL: tests of statements that must be
 * prepared, because postgres.js holds back what follows an unprepared one
 * until a Describe of it has come back.
 */
export async function preparedStatements(db: Db): Promise<string[]> {
  const rows = await executeSql<{ statement: string }>(
    db,
    'select statement from pg_prepared_statements',
  );
  return rows.map((row) => row.statement);
}
