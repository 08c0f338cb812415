import { HindsightProblemError } from '@hindsight/client';
import { getRouteApi, Link } from '@tanstack/react-router';
import { Tabs } from 'radix-ui';
import { useMemo } from 'react';
import { JsonTree } from '../../ui/JsonTree.js';
import { ErrorState, Loading } from '../../ui/states.js';
import { useLiveSession } from '../live/live-refresh.js';
import { useSessionDetail } from './queries.js';
import { SessionHeader } from './SessionHeader.js';
import { SessionStatsPanel } from './SessionStatsPanel.js';
import { StageSteps } from './StageSteps.js';
import type { SessionTab } from './search.js';
import { Timeline } from './Timeline.js';
import { spanOf, timelineOf } from './timeline.js';

const route = getRouteApi('/sessions/$sessionId');

export function SessionPage() {
  const { sessionId } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const detail = useSessionDetail(sessionId);
  useLiveSession(sessionId);
  const items = useMemo(() => (detail.data ? timelineOf(detail.data) : []), [detail.data]);
  const span = useMemo(
    () => (detail.data ? spanOf(detail.data, items) : { start: 0, end: 1 }),
    [detail.data, items],
  );

  if (detail.isPending) {
    return (
      <main id="main" className="page">
        <Loading label="Loading session…" />
      </main>
    );
  }
  if (detail.isError) {
    const notFound = detail.error instanceof HindsightProblemError && detail.error.status === 404;
    return (
      <main id="main" className="page">
        <p>
          <Link to="/">← Sessions</Link>
        </p>
        {notFound ? (
          <div className="state state-error" role="alert">
            <h1 className="state-title">Session not found</h1>
            <p>No session has the id {sessionId}.</p>
          </div>
        ) : (
          <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
        )}
      </main>
    );
  }
  const session = detail.data;
  const tab: SessionTab = search.tab ?? 'timeline';
  return (
    <main id="main" className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Sessions</Link> <span aria-hidden="true">/</span>{' '}
        <span className="mono">{session.session_id}</span>
      </nav>
      <SessionHeader session={session} />
      <StageSteps session={session} span={span} />
      <Tabs.Root
        value={tab}
        onValueChange={(value) =>
          navigate({
            search: (prev) => ({
              ...prev,
              tab: value === 'timeline' ? undefined : (value as SessionTab),
            }),
            replace: true,
          })
        }
      >
        <Tabs.List className="tabs" aria-label="Session views">
          <Tabs.Trigger value="timeline" className="tab">
            Timeline ({items.length})
          </Tabs.Trigger>
          <Tabs.Trigger value="stats" className="tab">
            Statistics
          </Tabs.Trigger>
          <Tabs.Trigger value="alert" className="tab">
            Alert data
          </Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="timeline">
          <Timeline
            items={items}
            span={span}
            selectedId={search.i}
            onSelect={(id) => navigate({ search: (prev) => ({ ...prev, i: id }), replace: true })}
          />
        </Tabs.Content>
        <Tabs.Content value="stats">
          <SessionStatsPanel sessionId={sessionId} />
        </Tabs.Content>
        <Tabs.Content value="alert" className="card">
          <h2>Alert data</h2>
          <JsonTree value={session.alert_data} label="Alert data" />
          {session.session_metadata && (
            <>
              <h2>Metadata</h2>
              <JsonTree value={session.session_metadata} label="Session metadata" />
            </>
          )}
        </Tabs.Content>
      </Tabs.Root>
    </main>
  );
}
