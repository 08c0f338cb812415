import { latencyBucketCount, latencyBucketGrowth } from '@hindsight/models';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';

const hourUs = 3_600_000_000;

/** Every grouping the rollup keeps. */
const allDimensions = sql`array['all', 'model', 'provider', 'agent_type', 'alert_type', 'chain_id']::text[]`;

/** What a rollup row groups by: everything (`all`) or one field of the call or its session. */
export type UsageDimension =
  | 'all'
  | 'model'
  | 'provider'
  | 'agent_type'
  | 'alert_type'
  | 'chain_id';

/** One rollup row: an hour, a grouping and its value. */
export interface UsageHourRow {
  readonly hour_us: number;
  readonly dimension: UsageDimension;
  /** Null for `all`, and for calls or sessions without the value. */
  readonly value: string | null;
  /** Sessions whose first call of the group is in this hour (see schema/usage.ts). */
  readonly sessions: number;
  readonly llm_calls: number;
  readonly llm_errors: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_read_tokens: number;
  readonly cache_creation_tokens: number;
  readonly reasoning_tokens: number;
  /** What the priced calls cost, in US dollars, as PostgreSQL's numeric writes it (exact). */
  readonly cost_usd: string;
  /** Calls without a price: their cost is unknown, not zero. */
  readonly unpriced_llm_calls: number;
  /** Calls by latency bucket (its index as the key), for calls with a duration. */
  readonly latency_histogram: Readonly<Record<string, number>>;
}

/**
 * The latency bucket of a duration, as SQL: 0 under 1 ms, then
 * 1 + floor(log_growth(ms)), capped at the last bucket (see
 * latencyBucketGrowth).
 */
function latencyBucketOf(durationMs: SQL): SQL {
  return sql`case
    when ${durationMs} is null then null
    when ${durationMs} < 1 then 0
    else least(${latencyBucketCount - 1}, 1 + floor(ln(${durationMs}) / ln(${latencyBucketGrowth})))::int
  end`;
}

/**
 * The rollup rows of the given hours and groupings, computed from the calls
 * themselves. A call is a session's first (of all, of its model, of its
 * provider) when no call of the session (with that model, provider) is
 * earlier, ties broken by interaction id: the same definition wherever the
 * hour is computed.
 */
function aggregateHours(hours: SQL, dimensions: SQL = allDimensions): SQL {
  return sql`
    with hour_list as (select ${hours} as hours),
    hour_sessions as (
      select distinct li.session_id
      from hour_list, unnest(hour_list.hours) as h(start_us)
      join llm_interactions li
        on li.timestamp_us >= h.start_us and li.timestamp_us < h.start_us + ${hourUs}
    ),
    -- Every call of the sessions with calls in these hours, ranked once per
    -- session, per session and model, per session and provider: one read of
    -- each session's calls instead of a probe per call and kind.
    ranked as (
      select
        li.*,
        row_number() over (
          partition by li.session_id order by li.timestamp_us, li.interaction_id
        ) = 1 as first_call,
        row_number() over (
          partition by li.session_id, li.model_name order by li.timestamp_us, li.interaction_id
        ) = 1 as first_model_call,
        row_number() over (
          partition by li.session_id, li.provider order by li.timestamp_us, li.interaction_id
        ) = 1 as first_provider_call
      from llm_interactions li
      where li.session_id in (select session_id from hour_sessions)
    ),
    calls as (
      select
        r.timestamp_us - r.timestamp_us % ${hourUs} as hour_us,
        r.model_name,
        coalesce(r.provider, '') as provider,
        s.agent_type,
        coalesce(s.alert_type, '') as alert_type,
        s.chain_id,
        r.success,
        r.input_tokens, r.output_tokens,
        r.cache_read_tokens, r.cache_creation_tokens, r.reasoning_tokens,
        r.cost_usd,
        ${latencyBucketOf(sql`r.duration_ms`)} as latency_bucket,
        r.first_call, r.first_model_call, r.first_provider_call
      from hour_list, ranked r
      join alert_sessions s on s.session_id = r.session_id
      where r.timestamp_us - r.timestamp_us % ${hourUs} = any(hour_list.hours)
    ),
    -- Each call once per grouping, with the first-call flag that grouping counts sessions by.
    grouped as (
      select c.*, d.dimension, d.value, d.first
      from calls c
      cross join lateral (values
        ('all', '', c.first_call),
        ('model', c.model_name, c.first_model_call),
        ('provider', c.provider, c.first_provider_call),
        ('agent_type', c.agent_type, c.first_call),
        ('alert_type', c.alert_type, c.first_call),
        ('chain_id', c.chain_id, c.first_call)
      ) as d(dimension, value, first)
      where d.dimension = any(${dimensions})
    ),
    by_latency as (
      select
        hour_us, dimension, value, latency_bucket,
        count(*) filter (where first) as sessions,
        count(*) as llm_calls,
        count(*) filter (where not success) as llm_errors,
        coalesce(sum(input_tokens), 0) as input_tokens,
        coalesce(sum(output_tokens), 0) as output_tokens,
        coalesce(sum(cache_read_tokens), 0) as cache_read_tokens,
        coalesce(sum(cache_creation_tokens), 0) as cache_creation_tokens,
        coalesce(sum(reasoning_tokens), 0) as reasoning_tokens,
        coalesce(sum(cost_usd), 0) as cost_usd,
        count(*) filter (where cost_usd is null) as unpriced_llm_calls
      from grouped
      group by hour_us, dimension, value, latency_bucket
    )
    select
      hour_us, dimension, value,
      sum(sessions)::bigint as sessions,
      sum(llm_calls)::bigint as llm_calls,
      sum(llm_errors)::bigint as llm_errors,
      sum(input_tokens)::bigint as input_tokens,
      sum(output_tokens)::bigint as output_tokens,
      sum(cache_read_tokens)::bigint as cache_read_tokens,
      sum(cache_creation_tokens)::bigint as cache_creation_tokens,
      sum(reasoning_tokens)::bigint as reasoning_tokens,
      sum(cost_usd) as cost_usd,
      sum(unpriced_llm_calls)::bigint as unpriced_llm_calls,
      coalesce(
        jsonb_object_agg(latency_bucket::text, llm_calls) filter (where latency_bucket is not null),
        '{}'::jsonb
      ) as latency_histogram
    from by_latency
    group by hour_us, dimension, value`;
}

const rollupColumns = sql.raw(
  [
    'hour_us',
    'dimension',
    'value',
    'sessions',
    'llm_calls',
    'llm_errors',
    'input_tokens',
    'output_tokens',
    'cache_read_tokens',
    'cache_creation_tokens',
    'reasoning_tokens',
    'cost_usd',
    'unpriced_llm_calls',
    'latency_histogram',
  ].join(', '),
);

interface RawUsageRow extends Omit<UsageHourRow, 'latency_histogram'> {
  readonly latency_histogram: Record<string, number> | string;
}

const counts = [
  'hour_us',
  'sessions',
  'llm_calls',
  'llm_errors',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_creation_tokens',
  'reasoning_tokens',
  'unpriced_llm_calls',
] as const;

/** Numbers arrive as strings from bigint sums on some drivers; '' means absent. */
function toUsageRow(raw: RawUsageRow): UsageHourRow {
  const row: Record<string, unknown> = { ...raw };
  for (const key of counts) row[key] = Number(raw[key]);
  row.value = raw.value === '' ? null : raw.value;
  row.cost_usd = String(raw.cost_usd);
  row.latency_histogram =
    typeof raw.latency_histogram === 'string'
      ? JSON.parse(raw.latency_histogram)
      : raw.latency_histogram;
  return row as unknown as UsageHourRow;
}

/**
 * The usage of the hours in [startUs, endUs) (both multiples of an hour), in
 * one statement and so one snapshot: hours with no stale marker come from
 * the rollup, which then holds every committed call of theirs; the stale
 * ones (typically the current hour) are computed from the calls.
 */
export async function findUsageHours(
  db: Db,
  range: { readonly startUs: number; readonly endUs: number },
  dimension: UsageDimension,
): Promise<UsageHourRow[]> {
  const rows = rowsOf<RawUsageRow>(
    await db.execute(sql`
      with stale as (
        select distinct hour_us from usage_dirty_hours
        where hour_us >= ${range.startUs} and hour_us < ${range.endUs}
      ),
      computed as (${aggregateHours(
        sql`(select coalesce(array_agg(hour_us), '{}'::bigint[]) from stale)`,
        sql`array[${dimension}]::text[]`,
      )})
      select ${rollupColumns} from usage_hourly
      where dimension = ${dimension}
        and hour_us >= ${range.startUs} and hour_us < ${range.endUs}
        and hour_us not in (select hour_us from stale)
      union all
      select ${rollupColumns} from computed`),
  );
  return rows.map(toUsageRow);
}

/**
 * Rebuilds the rollup of up to `limit` stale hours, oldest marker first, in
 * the caller's transaction; returns the hours rebuilt. An hour another
 * instance is rebuilding (its advisory lock is taken) is left to it. The
 * markers deleted are those committed before this statement, whose calls the
 * rebuild therefore sees; a marker committed later keeps its hour stale.
 */
export async function rebuildStaleUsageHours(tx: Db, limit: number): Promise<number[]> {
  const picked = rowsOf<{ hour_us: string | number }>(
    await tx.execute(sql`
      select hour_us from (
        select hour_us, min(id) as first_id from usage_dirty_hours
        group by hour_us order by first_id limit ${limit}
      ) oldest
      where pg_try_advisory_xact_lock(hashtextextended('hindsight usage hour ' || hour_us::text, 0))`),
  ).map((row) => Number(row.hour_us));
  if (picked.length === 0) return [];
  const hours = sql`${`{${picked.join(',')}}`}::bigint[]`;
  await tx.execute(sql`delete from usage_dirty_hours where hour_us = any(${hours})`);
  await tx.execute(sql`delete from usage_hourly where hour_us = any(${hours})`);
  await tx.execute(sql`insert into usage_hourly (${rollupColumns}) ${aggregateHours(hours)}`);
  return picked;
}

/** The number of stale hours waiting for a rebuild (a gauge for the refresh job). */
export async function countStaleUsageHours(db: Db): Promise<number> {
  const rows = rowsOf<{ n: string | number }>(
    await db.execute(sql`select count(distinct hour_us) as n from usage_dirty_hours`),
  );
  return Number(rows[0]?.n ?? 0);
}
