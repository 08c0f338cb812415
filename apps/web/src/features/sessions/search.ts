import type { SessionListParams } from '@hindsight/client';
import {
  Label,
  maxPageSize,
  SessionSortField,
  SessionStatus,
  SortOrder,
  searchMaxLength,
  searchMinLength,
  TimestampUs,
} from '@hindsight/models';
import * as v from 'valibot';

export const rangePresets = {
  '1h': { label: 'Last hour', us: 3_600_000_000 },
  '24h': { label: 'Last 24 hours', us: 86_400_000_000 },
  '7d': { label: 'Last 7 days', us: 7 * 86_400_000_000 },
  '30d': { label: 'Last 30 days', us: 30 * 86_400_000_000 },
} as const;
export type RangePreset = keyof typeof rangePresets;

export const pageSizes = [10, 20, 50, 100] as const;

const PageSize = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.transform(Number))]),
  v.number(),
  v.integer(),
  v.minValue(1),
  v.maxValue(maxPageSize),
);

/**
 * The list's state in the URL, validated with the models: a bad value in a
 * shared link is dropped (the default applies) instead of breaking the page.
 * A time range keeps its absolute bounds, so a cursor stays valid while paging.
 */
export const SessionsSearch = v.object({
  status: v.fallback(v.optional(v.array(SessionStatus)), undefined),
  agent_type: v.fallback(v.optional(Label), undefined),
  alert_type: v.fallback(v.optional(Label), undefined),
  search: v.fallback(
    v.optional(
      v.pipe(v.string(), v.trim(), v.minLength(searchMinLength), v.maxLength(searchMaxLength)),
    ),
    undefined,
  ),
  range: v.fallback(v.optional(v.picklist(['1h', '24h', '7d', '30d', 'custom'])), undefined),
  start_date_us: v.fallback(v.optional(TimestampUs), undefined),
  end_date_us: v.fallback(v.optional(TimestampUs), undefined),
  sort_by: v.fallback(v.optional(SessionSortField), undefined),
  sort_order: v.fallback(v.optional(SortOrder), undefined),
  page_size: v.fallback(v.optional(PageSize), undefined),
  cursor: v.fallback(v.optional(v.pipe(v.string(), v.maxLength(2048))), undefined),
});
export type SessionsSearch = v.InferOutput<typeof SessionsSearch>;

/** The router's search validator: unknown keys are dropped, bad values fall back. */
export function validateSessionsSearch(search: Record<string, unknown>): SessionsSearch {
  const parsed = v.parse(SessionsSearch, search);
  return Object.fromEntries(
    Object.entries(parsed).filter(([, value]) => value !== undefined),
  ) as SessionsSearch;
}

/** What the list asks the API for. */
export function listParamsOf(search: SessionsSearch): SessionListParams {
  const { range: _range, ...params } = search;
  return params;
}

/** The bounds a preset means now. */
export function rangeBounds(preset: RangePreset, nowUs: number) {
  return { start_date_us: nowUs - rangePresets[preset].us, end_date_us: undefined };
}
