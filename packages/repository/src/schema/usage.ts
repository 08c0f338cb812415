import {
  bigint,
  bigserial,
  index,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';

/**
 * The usage rollup: per hour (of the LLM call's timestamp), per grouping and
 * value, the counts the usage summary sums. Absent values are stored as '' so
 * that they can be part of the primary key; the repository maps them back to
 * null.
 *
 * Rows are rebuilt from `llm_interactions` one hour at a time (never
 * incremented in place, which would make every ingest transaction of an hour
 * contend for the same row): triggers mark an hour dirty when a call in it
 * is written or deleted, and the refresh job recomputes the marked hours.
 */
export const usageHourly = pgTable(
  'usage_hourly',
  {
    /** Start of the hour, microseconds since the epoch (a multiple of 3,600,000,000). */
    hour_us: bigint('hour_us', { mode: 'number' }).notNull(),
    /**
     * What the row groups by: `all` (one row an hour), `model`, `provider`,
     * `agent_type`, `alert_type` or `chain_id`. One set of rows per grouping,
     * so a summary reads an hour's few rows of its grouping, never the product
     * of every grouping's values.
     */
    dimension: text('dimension').notNull(),
    /** The grouping's value; '' when the call or session has none (and for `all`). */
    value: text('value').notNull(),
    /**
     * Sessions whose first LLM call of the group is in this hour: for `model`
     * and `provider` the first call with that model or provider, otherwise
     * the session's first call. Summed over hours, each session counts once.
     */
    sessions: bigint('sessions', { mode: 'number' }).notNull(),
    llm_calls: bigint('llm_calls', { mode: 'number' }).notNull(),
    llm_errors: bigint('llm_errors', { mode: 'number' }).notNull(),
    input_tokens: bigint('input_tokens', { mode: 'number' }).notNull(),
    output_tokens: bigint('output_tokens', { mode: 'number' }).notNull(),
    cache_read_tokens: bigint('cache_read_tokens', { mode: 'number' }).notNull(),
    cache_creation_tokens: bigint('cache_creation_tokens', { mode: 'number' }).notNull(),
    reasoning_tokens: bigint('reasoning_tokens', { mode: 'number' }).notNull(),
    /** Calls with a duration, by latency bucket (see the models' latencyBucketGrowth). */
    latency_histogram: jsonb('latency_histogram').$type<Record<string, number>>().notNull(),
    // Added by 0015, after the histogram: a column added later comes last in the table.
    /** What the priced calls cost, in US dollars (numeric: sums are exact). */
    cost_usd: numeric('cost_usd', { precision: 24, scale: 12 }).notNull().default('0'),
    /** Calls with no price (an unknown model, no token counts): not in `cost_usd`. */
    unpriced_llm_calls: bigint('unpriced_llm_calls', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ name: 'usage_hourly_pk', columns: [t.dimension, t.hour_us, t.value] })],
);

/**
 * Hours whose rollup rows are stale. Append-only, one row per writing
 * statement and hour (no upsert, so concurrent ingests never wait on each
 * other here): the refresh deletes the markers it saw committed and rebuilds
 * their hour; a marker committed after that stays for the next refresh.
 */
export const usageDirtyHours = pgTable(
  'usage_dirty_hours',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    hour_us: bigint('hour_us', { mode: 'number' }).notNull(),
  },
  (t) => [index('usage_dirty_hours_hour_idx').on(t.hour_us)],
);
