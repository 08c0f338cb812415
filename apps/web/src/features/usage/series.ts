import type { UsageRow, UsageSummary } from '@hindsight/models';

/** Groups beyond this many are summed as "other", so a chart stays readable. */
export const maxSeries = 6;
/** The name of the summed rest. */
export const otherSeries = 'other';

/** The name a group shows under: a missing value is "(none)". */
export function seriesName(group: string | null): string {
  return group ?? '(none)';
}

/** One point of a chart: its bucket and a value per series. */
export type ChartPoint = { readonly bucket_start_us: number } & Record<string, number>;

/**
 * The summary as chart points, one per bucket (oldest first), with a key
 * per series: the groups with the most calls, the rest summed as "other".
 */
export function toChartPoints(
  summary: UsageSummary,
  value: (row: UsageRow) => number,
): { points: ChartPoint[]; series: string[] } {
  const top = summary.totals.slice(0, maxSeries).map((t) => seriesName(t.group));
  const hasOther = summary.totals.length > maxSeries;
  const series = hasOther ? [...top, otherSeries] : top;
  const byBucket = new Map<number, Record<string, number>>();
  for (const row of summary.rows) {
    const point =
      byBucket.get(row.bucket_start_us) ?? Object.fromEntries(series.map((s) => [s, 0]));
    byBucket.set(row.bucket_start_us, point);
    const name = seriesName(row.group);
    const key = top.includes(name) ? name : otherSeries;
    point[key] = (point[key] ?? 0) + value(row);
  }
  const points = [...byBucket.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucket_start_us, values]) => ({ ...values, bucket_start_us }) as ChartPoint);
  return { points, series };
}
