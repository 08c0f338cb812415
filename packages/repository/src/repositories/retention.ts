import type { DeletedRows, RetentionPolicy } from '@hindsight/models';
import { retentionDaysByStatus } from '@hindsight/models';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';

/** The key of the retention job's advisory lock ("hsretent" in ASCII, as a bigint). */
export const RETENTION_LOCK_KEY = 0x6873726574656e74n;

/**
 * Takes the retention lock for this transaction, if no other holds it: one
 * instance deletes at a time, and a second one skips instead of waiting.
 */
export async function tryRetentionLock(db: Db): Promise<boolean> {
  const rows = rowsOf<{ locked: boolean }>(
    await db.execute(
      sql`select pg_try_advisory_xact_lock(${RETENTION_LOCK_KEY.toString()}::bigint) as locked`,
    ),
  );
  return rows[0]?.locked === true;
}

const dayUs = 86_400_000_000;

/**
 * True for a session past its period: the longest of the rules for its status,
 * its agent type and the default (see RetentionPolicy). The first condition is
 * the shortest period of all, a range of the `started_at_us` index.
 */
function expiredCondition(policy: RetentionPolicy, nowUs: number): SQL {
  const byStatus = retentionDaysByStatus(policy);
  const shortest = Math.min(...Object.values(byStatus));
  const statusDays = sql.join(
    Object.entries(byStatus).map(([status, days]) => sql`when ${status} then ${days}::int`),
    sql` `,
  );
  const agentRules = Object.entries(policy.by_agent_type);
  const agentDays =
    agentRules.length === 0
      ? sql`0`
      : sql`case s.agent_type ${sql.join(
          agentRules.map(([agent, days]) => sql`when ${agent} then ${days}::int`),
          sql` `,
        )} else 0 end`;
  return sql`s.started_at_us < ${nowUs - shortest * dayUs}
    and s.started_at_us < ${nowUs}::bigint - greatest(case s.status ${statusDays} else ${policy.default_days}::int end, ${agentDays})::bigint * ${dayUs}::bigint`;
}

/**
 * Up to `limit` expired sessions, locked for this transaction (rows ingest is
 * writing now are skipped, and taken by a later batch).
 */
export async function lockExpiredSessions(
  db: Db,
  request: { readonly policy: RetentionPolicy; readonly nowUs: number; readonly limit: number },
): Promise<string[]> {
  const rows = rowsOf<{ session_id: string }>(
    await db.execute(sql`
      select s.session_id from alert_sessions s
      where ${expiredCondition(request.policy, request.nowUs)}
      order by s.started_at_us, s.session_id
      limit ${request.limit}
      for update of s skip locked`),
  );
  return rows.map((row) => row.session_id);
}

/** What a retention run would delete now, counted (the dry run). */
export async function countExpired(
  db: Db,
  request: { readonly policy: RetentionPolicy; readonly nowUs: number },
): Promise<DeletedRows> {
  const rows = rowsOf<Record<keyof DeletedRows, number>>(
    await db.execute(sql`
      with expired as (
        select s.session_id from alert_sessions s
        where ${expiredCondition(request.policy, request.nowUs)})
      select
        (select count(*)::int from expired) as sessions,
        (select count(*)::int from stage_executions t where t.session_id in (select session_id from expired)) as stages,
        (select count(*)::int from llm_interactions t where t.session_id in (select session_id from expired)) as llm_interactions,
        (select count(*)::int from mcp_communications t where t.session_id in (select session_id from expired)) as mcp_communications,
        (select count(*)::int from ingest_events t where t.session_id in (select session_id from expired)) as ingest_events,
        (select count(*)::int from live_events t where t.session_id in (select session_id from expired)) as live_events`),
  );
  const row = rows[0];
  return {
    sessions: Number(row?.sessions ?? 0),
    stages: Number(row?.stages ?? 0),
    llm_interactions: Number(row?.llm_interactions ?? 0),
    mcp_communications: Number(row?.mcp_communications ?? 0),
    ingest_events: Number(row?.ingest_events ?? 0),
    live_events: Number(row?.live_events ?? 0),
  };
}
