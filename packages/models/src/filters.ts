import * as v from 'valibot';
import { Count } from './primitives.js';

/**
 * Where a page of a list sits: its number, its size, and the totals (Tarsy's page-number
 * paging).
 */
export const PaginationInfo = v.object({
  page: v.pipe(Count, v.minValue(1)),
  page_size: v.pipe(Count, v.minValue(1), v.maxValue(100)),
  total_pages: Count,
  total_items: Count,
});
export type PaginationInfo = v.InferOutput<typeof PaginationInfo>;

/** One preset of the time-range filter, e.g. `{ label: 'Last 24 hours', value: '24h' }`. */
export const TimeRangeOption = v.object({
  label: v.string(),
  value: v.string(),
});
export type TimeRangeOption = v.InferOutput<typeof TimeRangeOption>;

/**
 * The values the session list can be filtered by, taken from the recorded sessions (`GET
 * /api/v1/history/filter-options`).
 */
export const FilterOptions = v.object({
  agent_types: v.array(v.string()),
  alert_types: v.array(v.string()),
  status_options: v.array(v.string()),
  time_ranges: v.array(TimeRangeOption),
});
export type FilterOptions = v.InferOutput<typeof FilterOptions>;
