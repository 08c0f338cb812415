import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { type AuthState, hasScope, useSignOut } from '../features/auth/auth.js';
import { LiveIndicator } from '../features/live/LiveIndicator.js';
import { ThemeToggle } from './ThemeToggle.js';

/** The frame of every page: skip link, navigation, who is signed in, theme and sign-out. */
export function AppShell({ auth, children }: { auth: AuthState; children: ReactNode }) {
  const signOut = useSignOut();
  const session = auth.status === 'signed-in' ? auth.session : undefined;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          Hindsight
        </Link>
        <nav aria-label="Main" className="topnav">
          <Link to="/" activeOptions={{ exact: true, includeSearch: false }}>
            Sessions
          </Link>
          <Link to="/usage">Usage</Link>
          {hasScope(auth, 'admin') && <Link to="/api-keys">API keys</Link>}
        </nav>
        <div className="topbar-end">
          {auth.status !== 'signed-out' && <LiveIndicator />}
          {session && (
            <span className="muted hide-narrow" title={session.principal.id}>
              {session.principal.name ?? session.principal.id}
            </span>
          )}
          <ThemeToggle />
          {session && session.method === 'session' && (
            <button
              type="button"
              className="button ghost"
              onClick={() => signOut.mutate(session.csrf_token ?? undefined)}
              disabled={signOut.isPending}
            >
              Sign out
            </button>
          )}
        </div>
      </header>
      {children}
    </>
  );
}
