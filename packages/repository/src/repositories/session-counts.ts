import type { SessionListFilters } from '@hindsight/models';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';
import { sessionCounts } from '../schema/session-counts.js';

// The list shows an exact total (Tarsy's dashboard pages by `total_items`), and
// `count(*)` over the filtered sessions costs as much as the history is long: at
// a million sessions it is most of a page's time. Three ways were weighed:
// - a bounded count ("10,000+") is cheap but not the exact total clients show;
// - a count cache invalidated by ingest is exact only while nothing is written,
//   is empty again after every batch under steady ingest, and each server
//   instance would hold its own;
// - counters kept by the database in the writing transaction are exact, shared
//   by every instance, and cost a few rows per ingest statement.
// So: counters (schema/session-counts.ts, triggers in migration 0012), for the
// filters they can answer. A time range or a search still counts the rows.

/** Past this many delta rows for a count, reading it also folds them (see compactSessionCounts). */
const compactAfterRows = 1_000;

/** "hscount": apart from the migration and retention locks. */
const COMPACTION_LOCK_KEY = 0x6873636f756e74n;

/** The only filters the counters can answer, in any combination. */
const keyFilters: ReadonlySet<string> = new Set(['status', 'agent_type', 'alert_type']);

/**
 * Whether the counters answer `filters`: every filter given is one of their
 * keys. A list of what they can answer, not of what they cannot, so that a
 * filter added later (as `min_cost_usd` was) counts rows until it is taught here.
 */
export function countedByKey(filters: SessionListFilters): boolean {
  return Object.entries(filters).every(
    ([name, value]) => value === undefined || keyFilters.has(name),
  );
}

function keyCondition(filters: SessionListFilters): SQL | undefined {
  const conditions: SQL[] = [];
  if (filters.status !== undefined) conditions.push(inArray(sessionCounts.status, filters.status));
  if (filters.agent_type !== undefined)
    conditions.push(eq(sessionCounts.agent_type, filters.agent_type));
  if (filters.alert_type !== undefined)
    conditions.push(eq(sessionCounts.alert_type, filters.alert_type));
  return and(...conditions);
}

/**
 * How many sessions have the status, agent type and alert type of `filters`
 * (which must be `countedByKey`), summed from the counters. Exact: the deltas
 * are written with the sessions, so this sees what a `count(*)` in the same
 * snapshot would.
 */
export async function countSessionsByKey(db: Db, filters: SessionListFilters): Promise<number> {
  const [row] = await db
    .select({
      n: sql<number>`coalesce(sum(${sessionCounts.n}), 0)`.mapWith(Number),
      rows: sql<number>`count(*)`.mapWith(Number),
    })
    .from(sessionCounts)
    .where(keyCondition(filters));
  if ((row?.rows ?? 0) > compactAfterRows) await compactSessionCounts(db);
  return row?.n ?? 0;
}

/**
 * Folds the counters' deltas into one row per key, in one statement: the rows
 * it deletes are the rows it sums, so a delta committed meanwhile is kept as
 * it is, and a count never changes. One instance folds at a time (a
 * transaction advisory lock); the others skip. Returns the rows folded.
 */
export async function compactSessionCounts(db: Db): Promise<number> {
  const rows = rowsOf<{ folded: number }>(
    await db.execute(sql`
      with lock as (select pg_try_advisory_xact_lock(${COMPACTION_LOCK_KEY}) as held),
      gone as (
        delete from ${sessionCounts} where (select held from lock)
        returning status, agent_type, alert_type, n
      ),
      folded as (
        insert into ${sessionCounts} (status, agent_type, alert_type, n)
        select status, agent_type, alert_type, sum(n) from gone
        group by 1, 2, 3 having sum(n) <> 0
        returning 1
      )
      select (select count(*) from gone)::int as folded`),
  );
  return Number(rows[0]?.folded ?? 0);
}
