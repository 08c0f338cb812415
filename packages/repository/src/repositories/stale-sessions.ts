import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';
import { anyOfIds } from './json-rows.js';

/**
 * Sessions still `pending`, `in_progress` or `canceling` (a cancel no runtime
 * answered: its runtime is gone) whose last ingest event (or, with
 * none recorded, whose start) is before `cutoffUs`, in id order, locked for
 * this transaction; rows another transaction holds (ingest writing them right
 * now: not stale) are skipped. Paused sessions wait for a person, so they are
 * never stale.
 */
export async function lockStaleSessions(
  db: Db,
  request: { readonly cutoffUs: number; readonly limit: number },
): Promise<string[]> {
  const rows = rowsOf<{ session_id: string }>(
    await db.execute(sql`
      select s.session_id from alert_sessions s
      where s.status in ('pending', 'in_progress', 'canceling')
        and s.started_at_us < ${request.cutoffUs}
        and coalesce(
          (select max(e.received_at_us) from ingest_events e where e.session_id = s.session_id),
          s.started_at_us
        ) < ${request.cutoffUs}
      order by s.session_id
      limit ${request.limit}
      for update of s skip locked`),
  );
  return rows.map((row) => row.session_id);
}

/**
 * Marks these sessions and their running stages `timed_out` at `nowUs` (never
 * before a start), with `message` as their error. Returns the stages changed.
 */
export async function timeOutSessions(
  db: Db,
  sessionIds: readonly string[],
  nowUs: number,
  message: string,
): Promise<number> {
  if (sessionIds.length === 0) return 0;
  const ids = anyOfIds(sessionIds);
  await db.execute(sql`
    update alert_sessions set status = 'timed_out',
      completed_at_us = greatest(${nowUs}::bigint, started_at_us),
      error_message = ${message}
    where session_id = ${ids} and status in ('pending', 'in_progress', 'canceling')`);
  const stages = rowsOf<{ n: number }>(
    await db.execute(sql`
      with changed as (
        update stage_executions set status = 'timed_out',
          completed_at_us = greatest(${nowUs}::bigint, coalesce(started_at_us, 0)),
          duration_ms = case when started_at_us is null then null
            else (greatest(${nowUs}::bigint, started_at_us) - started_at_us) / 1000 end,
          error_message = ${message}
        where session_id = ${ids} and status in ('pending', 'active')
        returning 1)
      select count(*)::int as n from changed`),
  );
  return Number(stages[0]?.n ?? 0);
}
