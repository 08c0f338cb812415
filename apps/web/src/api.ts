import { createClient, HindsightProblemError } from '@hindsight/client';
import { QueryCache, QueryClient } from '@tanstack/react-query';

/** The CSRF token of the browser session, set on sign-in and by the session check. */
let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The typed API client: same origin, with the session cookie and the CSRF header on writes. */
export const api = createClient(window.location.origin, {
  credentials: 'include',
  csrfToken: () => csrfToken,
});

/** Problems that another try will not fix. */
function retryable(failureCount: number, error: unknown): boolean {
  if (error instanceof HindsightProblemError && error.status < 500 && error.status !== 429) {
    return false;
  }
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    // A 401 anywhere means the browser session ended: check it, and the sign-in page follows.
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (
          error instanceof HindsightProblemError &&
          error.status === 401 &&
          query.queryKey[0] !== queryKeys.authSession[0]
        ) {
          void client.invalidateQueries({ queryKey: queryKeys.authSession });
        }
      },
    }),
    defaultOptions: {
      queries: { retry: retryable, staleTime: 10_000, refetchOnWindowFocus: false },
    },
  });
  return client;
}

/** Query keys: one place, so live events and writes invalidate exactly what they change. */
export const queryKeys = {
  authSession: ['auth-session'] as const,
  sessions: ['sessions'] as const,
  sessionList: (query: Record<string, unknown>) => ['sessions', 'list', query] as const,
  filterOptions: ['sessions', 'filter-options'] as const,
  session: (id: string) => ['session', id] as const,
  sessionDetail: (id: string) => ['session', id, 'detail'] as const,
  sessionSummary: (id: string) => ['session', id, 'summary'] as const,
  apiKeys: ['api-keys'] as const,
  usage: (query: object) => ['usage', query] as const,
};
