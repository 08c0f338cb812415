import { type UsageBucket, usageBucketMicros } from '@hindsight/models';

const dayUs = usageBucketMicros.day;
// 1970-01-01 was a Thursday: the first Monday, where weeks start, is 4 days later.
const mondayOffsetUs = 4 * dayUs;

/** The start of the UTC bucket that holds `timestampUs` (weeks start on Monday, as ISO's do). */
export function bucketStart(bucket: UsageBucket, timestampUs: number): number {
  const size = usageBucketMicros[bucket];
  const offset = bucket === 'week' ? mondayOffsetUs : 0;
  return Math.floor((timestampUs - offset) / size) * size + offset;
}

/** [start, end) widened to whole buckets. */
export function wholeBuckets(
  bucket: UsageBucket,
  startUs: number,
  endUs: number,
): { readonly startUs: number; readonly endUs: number } {
  const start = bucketStart(bucket, startUs);
  const lastStart = bucketStart(bucket, endUs - 1);
  return { startUs: start, endUs: lastStart + usageBucketMicros[bucket] };
}
