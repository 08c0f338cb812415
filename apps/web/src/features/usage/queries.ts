import { unwrap } from '@hindsight/client';
import { type UsageBucket, type UsageGrouping, UsageSummary } from '@hindsight/models';
import { useQuery } from '@tanstack/react-query';
import * as v from 'valibot';
import { api, queryKeys } from '../../api.js';

/** What the usage page asks for: a range of days back from now, a bucket and a grouping. */
export interface UsageQuery {
  readonly days: number;
  readonly bucket: UsageBucket;
  /** Absent: one series over everything. */
  readonly groupBy?: UsageGrouping | undefined;
}

const dayUs = 86_400_000_000;

export function useUsageSummary(query: UsageQuery) {
  return useQuery({
    queryKey: queryKeys.usage(query),
    queryFn: async () => {
      const end = Date.now() * 1000;
      return v.parse(
        UsageSummary,
        await unwrap(
          api.api.v1.usage.summary.$get({
            query: {
              start_date_us: String(end - query.days * dayUs),
              end_date_us: String(end),
              bucket: query.bucket,
              ...(query.groupBy === undefined ? {} : { group_by: query.groupBy }),
            },
          }),
        ),
      );
    },
  });
}
