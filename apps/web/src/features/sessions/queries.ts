import { sessionListQuery, unwrap } from '@hindsight/client';
import { FilterOptions, PaginatedSessions } from '@hindsight/models';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import * as v from 'valibot';
import { api, queryKeys } from '../../api.js';
import { listParamsOf, type SessionsSearch } from './search.js';

/** One page of the list; the previous page stays on screen while the next loads. */
export function useSessionList(search: SessionsSearch) {
  const query = sessionListQuery(listParamsOf(search));
  return useQuery({
    queryKey: queryKeys.sessionList(query),
    queryFn: async () =>
      v.parse(PaginatedSessions, await unwrap(api.api.v1.history.sessions.$get({ query }))),
    placeholderData: keepPreviousData,
  });
}

export function useFilterOptions() {
  return useQuery({
    queryKey: queryKeys.filterOptions,
    queryFn: async () =>
      v.parse(FilterOptions, await unwrap(api.api.v1.history['filter-options'].$get())),
    staleTime: 60_000,
  });
}
