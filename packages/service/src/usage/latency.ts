import {
  type LatencyPercentiles,
  latencyBucketCount,
  latencyBucketGrowth,
} from '@hindsight/models';

/** Calls by latency bucket index (see latencyBucketGrowth), as the rollup stores them. */
export type LatencyHistogram = Record<string, number>;

/** Adds `from` into `into`, bucket by bucket. */
export function mergeHistogram(into: LatencyHistogram, from: Readonly<LatencyHistogram>): void {
  for (const [bucket, count] of Object.entries(from)) into[bucket] = (into[bucket] ?? 0) + count;
}

/**
 * The value a bucket stands for: 0 for bucket 0 (under 1 ms), else the
 * geometric middle of [growth^(i-1), growth^i), within half a bucket (about
 * 5%) of every duration in it. Rounded to 0.1 ms.
 */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 0;
  return (
    Math.round(latencyBucketGrowth ** (Math.min(bucket, latencyBucketCount - 1) - 0.5) * 10) / 10
  );
}

/**
 * The p50, p95 and p99 of a histogram: the first bucket at which the count
 * so far reaches that share of the calls (the nearest-rank definition).
 */
export function percentiles(histogram: Readonly<LatencyHistogram>): LatencyPercentiles {
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return { p50: null, p95: null, p99: null };
  const at = (share: number) => {
    const rank = Math.ceil(share * total);
    let seen = 0;
    for (const [bucket, count] of buckets) {
      seen += count;
      if (seen >= rank) return bucketValue(bucket);
    }
    return bucketValue(buckets[buckets.length - 1]?.[0] ?? 0);
  };
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
