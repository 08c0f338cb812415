import * as v from 'valibot';
import { UsdAmount } from './cost.js';
import { Count, PlainObject, TimestampUs } from './primitives.js';
import { TimestampParam } from './session-list.js';

// The usage summary (`GET /api/v1/usage/summary`): per time bucket and group,
// what the recorded LLM calls used. Buckets are UTC hours, days or ISO weeks
// (from Monday); the range is widened to whole buckets.

/** The time buckets of the usage summary. */
export const usageBuckets = ['hour', 'day', 'week'] as const;
/** A time bucket of the usage summary. */
export const UsageBucket = v.picklist(usageBuckets, `must be one of ${usageBuckets.join(', ')}`);
export type UsageBucket = v.InferOutput<typeof UsageBucket>;

/** What the usage summary can be grouped by. */
export const usageGroupings = [
  'model',
  'provider',
  'agent_type',
  'alert_type',
  'chain_id',
] as const;
/** A grouping of the usage summary. */
export const UsageGrouping = v.picklist(
  usageGroupings,
  `must be one of ${usageGroupings.join(', ')}`,
);
export type UsageGrouping = v.InferOutput<typeof UsageGrouping>;

/** Microseconds of each bucket. */
export const usageBucketMicros: Readonly<Record<UsageBucket, number>> = {
  hour: 3_600_000_000,
  day: 86_400_000_000,
  week: 604_800_000_000,
};

/** The most buckets one summary may hold (31 days of hours is 744). */
export const maxUsageBuckets = 1_000;

/**
 * Latencies are counted in buckets that grow by this factor: bucket 0 holds
 * calls under 1 ms, bucket i ≥ 1 those from growth^(i-1) to growth^i ms. A
 * percentile is reported as its bucket's geometric middle, so it is within
 * about 5% of the exact value.
 */
export const latencyBucketGrowth = 1.1;
/** The number of latency buckets; the last also holds every longer call (about 47 hours and up). */
export const latencyBucketCount = 200;

/** The query of the usage summary. Without dates it covers the 30 days up to now. */
export const UsageSummaryQuery = v.pipe(
  PlainObject,
  v.object({
    start_date_us: v.optional(TimestampParam),
    end_date_us: v.optional(TimestampParam),
    bucket: v.optional(UsageBucket, 'day'),
    group_by: v.optional(UsageGrouping),
  }),
  v.forward(
    v.partialCheck(
      [['start_date_us'], ['end_date_us']],
      (q) =>
        q.start_date_us === undefined ||
        q.end_date_us === undefined ||
        q.start_date_us < q.end_date_us,
      'must be after start_date_us',
    ),
    ['end_date_us'],
  ),
  v.forward(
    v.partialCheck(
      [['start_date_us'], ['end_date_us'], ['bucket']],
      (q) =>
        q.start_date_us === undefined ||
        q.end_date_us === undefined ||
        (q.end_date_us - q.start_date_us) / usageBucketMicros[q.bucket] <= maxUsageBuckets,
      `spans more than ${maxUsageBuckets} buckets: choose a larger bucket or a shorter range`,
    ),
    ['end_date_us'],
  ),
);
export type UsageSummaryQuery = v.InferOutput<typeof UsageSummaryQuery>;
/** A usage summary query as a caller writes it, before its defaults are applied. */
export type UsageSummaryQueryInput = v.InferInput<typeof UsageSummaryQuery>;

/** Latency percentiles in milliseconds (null without any timed call). */
export const LatencyPercentiles = v.object({
  p50: v.nullable(v.number()),
  p95: v.nullable(v.number()),
  p99: v.nullable(v.number()),
});
export type LatencyPercentiles = v.InferOutput<typeof LatencyPercentiles>;

/** What the LLM calls of one bucket and group used. */
export const UsageFigures = v.object({
  /**
   * Sessions, each counted once: in the bucket of its first LLM call (of the
   * group: its first call with that model or provider when so grouped). So
   * the sum over buckets is the number of distinct sessions in the range.
   */
  sessions: Count,
  llm_calls: Count,
  llm_errors: Count,
  /** llm_errors / llm_calls, 0 without calls. */
  error_rate: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  /** Input tokens, cache reads and writes included (OpenTelemetry's definition). */
  input_tokens: Count,
  /** Output tokens, reasoning included. */
  output_tokens: Count,
  cache_read_tokens: Count,
  cache_creation_tokens: Count,
  reasoning_tokens: Count,
  /** What the priced calls cost (a decimal string of US dollars, summed exactly). */
  cost_usd: UsdAmount,
  /** Calls without a price (an unknown model, no token counts): their cost is not in `cost_usd`. */
  unpriced_llm_calls: Count,
  latency_ms: LatencyPercentiles,
});
export type UsageFigures = v.InferOutput<typeof UsageFigures>;

/** One bucket of one group. `group` is null when not grouped, or for calls without the value. */
export const UsageRow = v.object({
  bucket_start_us: TimestampUs,
  group: v.nullable(v.string()),
  ...UsageFigures.entries,
});
export type UsageRow = v.InferOutput<typeof UsageRow>;

/** One group over the whole range. */
export const UsageTotal = v.object({
  group: v.nullable(v.string()),
  ...UsageFigures.entries,
});
export type UsageTotal = v.InferOutput<typeof UsageTotal>;

/** The usage summary: rows by bucket (oldest first) and group, and each group's totals. */
export const UsageSummary = v.object({
  /** The range covered, widened to whole buckets: [start_date_us, end_date_us). */
  start_date_us: TimestampUs,
  end_date_us: TimestampUs,
  bucket: UsageBucket,
  group_by: v.nullable(UsageGrouping),
  /** Buckets and groups that had LLM calls; empty ones are left out. */
  rows: v.array(UsageRow),
  /** Per group, largest number of calls first. */
  totals: v.array(UsageTotal),
});
export type UsageSummary = v.InferOutput<typeof UsageSummary>;
