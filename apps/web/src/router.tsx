import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
} from '@tanstack/react-router';
import { isSignedOutError, useAuth } from './features/auth/auth.js';
import { SignInPage } from './features/auth/SignInPage.js';
import { LiveProvider } from './features/live/LiveProvider.js';
import { validateSessionSearch } from './features/session/search.js';
import { sessionListQueryOptions } from './features/sessions/queries.js';
import { SessionsPage } from './features/sessions/SessionsPage.js';
import { validateSessionsSearch } from './features/sessions/search.js';
import { AppShell } from './ui/AppShell.js';
import { NotFoundPage } from './ui/NotFoundPage.js';
import { ErrorState, Loading } from './ui/states.js';

function Root() {
  const auth = useAuth();
  if (auth.status === 'loading') return <Loading label="Starting…" />;
  if (auth.status === 'signed-out') {
    return (
      <AppShell auth={auth}>
        <SignInPage />
      </AppShell>
    );
  }
  if (auth.status === 'error' && !isSignedOutError(auth.error)) {
    return (
      <main id="main" className="page">
        <ErrorState error={auth.error} onRetry={() => window.location.reload()} />
      </main>
    );
  }
  return (
    <LiveProvider>
      <AppShell auth={auth}>
        <Outlet />
      </AppShell>
    </LiveProvider>
  );
}

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Root,
  notFoundComponent: NotFoundPage,
});

const sessionsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  validateSearch: validateSessionsSearch,
  // Data starts loading with the route, beside the sign-in check, not after it.
  loaderDeps: ({ search }) => search,
  loader: ({ context, deps }) => {
    void context.queryClient.prefetchQuery(sessionListQueryOptions(deps));
  },
  component: SessionsPage,
});

const sessionRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sessions/$sessionId',
  validateSearch: validateSessionSearch,
  // The timeline, Markdown and JSON views load with the first session opened, not with the list.
  component: lazyRouteComponent(() => import('./features/session/SessionPage.js'), 'SessionPage'),
});

const apiKeysRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/api-keys',
  component: lazyRouteComponent(() => import('./features/api-keys/ApiKeysPage.js'), 'ApiKeysPage'),
});

const usageRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/usage',
  // The charting library loads with the usage page only.
  component: lazyRouteComponent(() => import('./features/usage/UsagePage.js'), 'UsagePage'),
});

const routeTree = rootRoute.addChildren([sessionsRoute, sessionRoute, usageRoute, apiKeysRoute]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
