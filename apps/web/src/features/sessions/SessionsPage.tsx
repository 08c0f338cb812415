import { getRouteApi } from '@tanstack/react-router';
import { formatCount } from '../../ui/format.js';
import { Empty, ErrorState, Loading } from '../../ui/states.js';
import { useLiveSessionList } from '../live/live-refresh.js';
import { useSessionList } from './queries.js';
import { SessionFilters } from './SessionFilters.js';
import { SessionTable } from './SessionTable.js';
import type { SessionsSearch } from './search.js';

const route = getRouteApi('/');

export function SessionsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const list = useSessionList(search);
  useLiveSessionList();
  const change = (patch: Partial<SessionsSearch>) =>
    navigate({ search: (prev) => ({ ...prev, ...patch, cursor: undefined }) });
  const filtered = Object.keys(search).some((k) => k !== 'cursor' && k !== 'page_size');
  const page = list.data;

  return (
    <main id="main" className="page">
      <header className="page-header">
        <h1>Sessions</h1>
        {page && (
          <p className="muted" aria-live="polite">
            {formatCount(page.pagination.total_items)} session
            {page.pagination.total_items === 1 ? '' : 's'}
            {filtered ? ' match' : ''} · page {page.pagination.page} of{' '}
            {Math.max(1, page.pagination.total_pages)}
          </p>
        )}
      </header>
      <SessionFilters search={search} onChange={change} onReset={() => navigate({ search: {} })} />
      {list.isPending ? (
        <Loading label="Loading sessions…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : page && page.sessions.length === 0 ? (
        <Empty title={filtered ? 'No session matches these filters' : 'No sessions yet'}>
          <p className="muted">
            {filtered
              ? 'Clear a filter or widen the time range.'
              : 'Sessions appear here once an agent records a run (see the README: pnpm seed loads demo data).'}
          </p>
        </Empty>
      ) : page ? (
        <>
          <div aria-busy={list.isFetching} className={list.isPlaceholderData ? 'stale' : undefined}>
            <SessionTable sessions={page.sessions} nowUs={Date.now() * 1000} />
          </div>
          <nav className="pager" aria-label="Pages">
            <button
              type="button"
              className="button"
              disabled={search.cursor === undefined}
              onClick={() => navigate({ search: (prev) => ({ ...prev, cursor: undefined }) })}
            >
              First page
            </button>
            <button
              type="button"
              className="button"
              disabled={search.cursor === undefined}
              onClick={() => window.history.back()}
            >
              Previous
            </button>
            <span className="muted">
              Page {page.pagination.page} of {Math.max(1, page.pagination.total_pages)}
            </span>
            <button
              type="button"
              className="button primary"
              disabled={page.next_cursor === null}
              onClick={() =>
                navigate({ search: (prev) => ({ ...prev, cursor: page.next_cursor ?? undefined }) })
              }
            >
              Next page
            </button>
          </nav>
        </>
      ) : null}
    </main>
  );
}
