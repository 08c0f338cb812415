import { sessionListQuery, unwrap } from '@hindsight/client';
import { FilterOptions, PaginatedSessions } from '@hindsight/models';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import * as v from 'valibot';
import { api, queryKeys } from '../../api.js';
import { listParamsOf, type SessionsSearch } from './search.js';

/** One page of the list, keyed by its query (the route's loader starts it before rendering). */
export function sessionListQueryOptions(search: SessionsSearch) {
  const query = sessionListQuery(listParamsOf(search));
  return queryOptions({
    queryKey: queryKeys.sessionList(query),
    queryFn: async () =>
      v.parse(PaginatedSessions, await unwrap(api.api.v1.history.sessions.$get({ query }))),
  });
}

/** One page of the list; the previous page stays on screen while the next loads. */
export function useSessionList(search: SessionsSearch) {
  return useQuery({ ...sessionListQueryOptions(search), placeholderData: keepPreviousData });
}

export function useFilterOptions() {
  return useQuery({
    queryKey: queryKeys.filterOptions,
    queryFn: async () =>
      v.parse(FilterOptions, await unwrap(api.api.v1.history['filter-options'].$get())),
    staleTime: 60_000,
  });
}
