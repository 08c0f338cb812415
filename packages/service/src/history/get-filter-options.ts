import { FilterOptions, sessionStatuses, type TimeRangeOption } from '@hindsight/models';
import { findFilterValues } from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { operation } from '../hub/operation.js';

/** The time ranges a client offers (values as Tarsy's dashboard knows them). */
export const timeRangeOptions: readonly TimeRangeOption[] = [
  { label: 'Last Hour', value: '1h' },
  { label: 'Last 4 Hours', value: '4h' },
  { label: 'Today', value: 'today' },
  { label: 'This Week', value: 'week' },
  { label: 'This Month', value: 'month' },
];

/** What the list can be filtered by: agent and alert types found in the data, every status, time ranges. */
export async function getFilterOptions({ ctx }: { ctx: ServiceContext }): Promise<FilterOptions> {
  const values = await findFilterValues(ctx.db);
  return {
    agent_types: values.agent_types,
    alert_types: values.alert_types,
    status_options: [...sessionStatuses],
    time_ranges: timeRangeOptions.map((range) => ({ ...range })),
  };
}

export const getFilterOptionsOperation = operation({
  name: 'sessions.filterOptions',
  input: v.object({}),
  output: FilterOptions,
  scope: 'read',
  audit: false,
  run: getFilterOptions,
});
