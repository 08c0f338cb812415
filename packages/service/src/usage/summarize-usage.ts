import {
  type UsageBucket,
  type UsageFigures,
  UsageSummary,
  UsageSummaryQuery,
} from '@hindsight/models';
import { findUsageHours, type UsageHourRow } from '@hindsight/repository';
import { nowOf, type ServiceContext } from '../context.js';
import { fromUsd, toUsd } from '../cost/usd.js';
import { ValidationError } from '../errors.js';
import { operation } from '../hub/operation.js';
import { bucketStart, wholeBuckets } from './buckets.js';
import { type LatencyHistogram, mergeHistogram, percentiles } from './latency.js';

/** The range of a summary that names no dates: the 30 days up to now. */
export const defaultUsageRangeUs = 30 * 86_400_000_000;

interface Sums {
  sessions: number;
  llm_calls: number;
  llm_errors: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_creation_tokens: number;
  reasoning_tokens: number;
  unpriced_llm_calls: number;
  /** Attodollars: exact however many rows are added. */
  cost: bigint;
  histogram: LatencyHistogram;
}

const emptySums = (): Sums => ({
  sessions: 0,
  llm_calls: 0,
  llm_errors: 0,
  input_tokens: 0,
  output_tokens: 0,
  cache_read_tokens: 0,
  cache_creation_tokens: 0,
  reasoning_tokens: 0,
  unpriced_llm_calls: 0,
  cost: 0n,
  histogram: {},
});

function add(into: Sums, row: UsageHourRow): void {
  into.sessions += row.sessions;
  into.llm_calls += row.llm_calls;
  into.llm_errors += row.llm_errors;
  into.input_tokens += row.input_tokens;
  into.output_tokens += row.output_tokens;
  into.cache_read_tokens += row.cache_read_tokens;
  into.cache_creation_tokens += row.cache_creation_tokens;
  into.reasoning_tokens += row.reasoning_tokens;
  into.unpriced_llm_calls += row.unpriced_llm_calls;
  into.cost += fromUsd(row.cost_usd);
  mergeHistogram(into.histogram, row.latency_histogram);
}

function figures({ histogram, cost, ...sums }: Sums): UsageFigures {
  return {
    ...sums,
    cost_usd: toUsd(cost),
    error_rate: sums.llm_calls === 0 ? 0 : sums.llm_errors / sums.llm_calls,
    latency_ms: percentiles(histogram),
  };
}

/** The value at `key`, created by `make` when absent. */
function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** Sorts groups by calls (most first), then by name, null last. */
function byCalls(a: [string | null, Sums], b: [string | null, Sums]): number {
  if (b[1].llm_calls !== a[1].llm_calls) return b[1].llm_calls - a[1].llm_calls;
  if (a[0] === b[0]) return 0;
  if (a[0] === null) return 1;
  if (b[0] === null) return -1;
  return a[0] < b[0] ? -1 : 1;
}

/**
 * What the LLM calls of [start, end) used, per bucket and group: summed from
 * the hourly rollup (and, for hours written since its last refresh, from the
 * calls themselves), so the answer costs the number of hours and groups, not
 * of calls.
 */
export async function summarizeUsage({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: UsageSummaryQuery;
}): Promise<UsageSummary> {
  const parsed = input;
  const end = parsed.end_date_us ?? nowOf(ctx);
  const start = parsed.start_date_us ?? end - defaultUsageRangeUs;
  if (start >= end) {
    throw new ValidationError('the range is empty', [
      { path: 'start_date_us', message: 'must be before end_date_us' },
    ]);
  }
  const bucket: UsageBucket = parsed.bucket;
  const range = wholeBuckets(bucket, start, end);
  const hours = await findUsageHours(ctx.db, range, parsed.group_by ?? 'all');
  const rows = new Map<number, Map<string | null, Sums>>();
  const totals = new Map<string | null, Sums>();
  for (const hour of hours) {
    const group = hour.value;
    const at = bucketStart(bucket, hour.hour_us);
    const groups = entry(rows, at, () => new Map<string | null, Sums>());
    add(entry(groups, group, emptySums), hour);
    add(entry(totals, group, emptySums), hour);
  }
  return {
    start_date_us: range.startUs,
    end_date_us: range.endUs,
    bucket,
    group_by: parsed.group_by ?? null,
    rows: [...rows.entries()]
      .sort(([a], [b]) => a - b)
      .flatMap(([bucket_start_us, groups]) =>
        [...groups.entries()]
          .sort(byCalls)
          .map(([group, sums]) => ({ bucket_start_us, group, ...figures(sums) })),
      ),
    totals: [...totals.entries()]
      .sort(byCalls)
      .map(([group, sums]) => ({ group, ...figures(sums) })),
  };
}

export const summarizeUsageOperation = operation({
  name: 'usage.summary',
  input: UsageSummaryQuery,
  output: UsageSummary,
  scope: 'read',
  audit: false,
  pool: 'read',
  run: summarizeUsage,
});
