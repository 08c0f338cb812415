import {
  type BrowserSession,
  getBrowserSession,
  HindsightProblemError,
  signIn,
  signOut,
} from '@hindsight/client';
import type { ApiKeyScope } from '@hindsight/models';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys, setCsrfToken } from '../../api.js';

/**
 * `signed-in` with a cookie session (or the development principal with auth
 * off); `signed-out` shows the sign-in page; `unknown` when this server has no
 * browser sign-in (an older server answers 404): requests go without a session.
 */
export type AuthState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-in'; readonly session: BrowserSession }
  | { readonly status: 'signed-out' }
  | { readonly status: 'unknown' }
  | { readonly status: 'error'; readonly error: unknown };

export function useAuth(): AuthState {
  const query = useQuery({
    queryKey: queryKeys.authSession,
    queryFn: async () => {
      const session = await getBrowserSession();
      setCsrfToken(session?.csrf_token ?? undefined);
      return session ?? (session === null ? null : 'unknown');
    },
    staleTime: 60_000,
  });
  if (query.isPending) return { status: 'loading' };
  if (query.isError) return { status: 'error', error: query.error };
  if (query.data === 'unknown') return { status: 'unknown' };
  if (query.data === null) return { status: 'signed-out' };
  return { status: 'signed-in', session: query.data };
}

/** Whether the caller may see a page needing `scope` (admin implies every scope). */
export function hasScope(auth: AuthState, scope: ApiKeyScope): boolean {
  if (auth.status === 'unknown') return true;
  if (auth.status !== 'signed-in') return false;
  const scopes = auth.session.principal.scopes;
  return scopes.includes('admin') || scopes.includes(scope);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (apiKey: string) => signIn(apiKey),
    onSuccess: (session) => {
      setCsrfToken(session.csrf_token ?? undefined);
      queryClient.setQueryData(queryKeys.authSession, session);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (csrf: string | undefined) => signOut(csrf),
    onSuccess: () => {
      setCsrfToken(undefined);
      // Signed out first: the page the observers show flips to the sign-in page. Clearing the
      // whole cache instead would orphan the mounted auth query, and nothing would re-render.
      queryClient.setQueryData(queryKeys.authSession, null);
      queryClient.removeQueries({
        predicate: (query) => query.queryKey[0] !== queryKeys.authSession[0],
      });
    },
  });
}

/** A 401 from any request means the session ended: check it again (the sign-in page follows). */
export function isSignedOutError(error: unknown): boolean {
  return error instanceof HindsightProblemError && error.status === 401;
}
