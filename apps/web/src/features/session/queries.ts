import { unwrap } from '@hindsight/client';
import { DetailedSession, SessionStats } from '@hindsight/models';
import { queryOptions, useQuery } from '@tanstack/react-query';
import * as v from 'valibot';
import { api, queryKeys } from '../../api.js';

/** The whole session (the route's loader starts it while the page's code loads). */
export function sessionDetailQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.sessionDetail(id),
    queryFn: async () =>
      v.parse(
        DetailedSession,
        await unwrap(api.api.v1.history.sessions[':id'].$get({ param: { id } })),
      ),
  });
}

export function useSessionDetail(id: string) {
  return useQuery(sessionDetailQueryOptions(id));
}

export function useSessionSummary(id: string) {
  return useQuery({
    queryKey: queryKeys.sessionSummary(id),
    queryFn: async () =>
      v.parse(
        SessionStats,
        await unwrap(api.api.v1.history.sessions[':id'].summary.$get({ param: { id } })),
      ),
  });
}
