import type { SessionOverview } from '@hindsight/models';
import { Link } from '@tanstack/react-router';
import {
  formatDuration,
  formatRelative,
  formatTimestamp,
  formatTokens,
  formatUsd,
  isoFromUs,
} from '../../ui/format.js';
import { StatusBadge } from '../../ui/StatusBadge.js';

function ChainProgress({ session }: { session: SessionOverview }) {
  const total = session.total_stages;
  const done = session.completed_stages ?? 0;
  if (total === null || total === 0) return <span className="muted">—</span>;
  return (
    <span className="chain-progress">
      <meter min={0} max={total} value={done} aria-label={`${done} of ${total} stages completed`} />
      <span>
        {done}/{total}
      </span>
    </span>
  );
}

export function SessionTable({ sessions, nowUs }: { sessions: SessionOverview[]; nowUs: number }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section className="table-scroll" tabIndex={0} aria-label="Sessions">
      <table className="sessions-table">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Alert</th>
            <th scope="col">Agent</th>
            <th scope="col">Chain</th>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
            <th scope="col">Tokens</th>
            <th scope="col">Cost</th>
            <th scope="col">Errors</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.session_id} data-session-id={s.session_id}>
              <td data-label="Status">
                <StatusBadge status={s.status} />
              </td>
              <td data-label="Alert">
                <Link
                  to="/sessions/$sessionId"
                  params={{ sessionId: s.session_id }}
                  className="row-link"
                >
                  {s.alert_type ?? 'Untyped alert'}
                </Link>
                <div className="muted small mono">{s.alert_id}</div>
              </td>
              <td data-label="Agent">{s.agent_type}</td>
              <td data-label="Chain">
                <ChainProgress session={s} />
              </td>
              <td data-label="Started">
                <time
                  dateTime={isoFromUs(s.started_at_us)}
                  title={formatTimestamp(s.started_at_us)}
                >
                  {formatRelative(s.started_at_us, nowUs)}
                </time>
              </td>
              <td data-label="Duration" className="num">
                {formatDuration(s.duration_ms)}
              </td>
              <td data-label="Tokens" className="num">
                {formatTokens(s.session_total_tokens)}
              </td>
              <td data-label="Cost" className="num">
                {formatUsd(s.session_cost_usd)}
              </td>
              <td data-label="Errors">
                {s.error_message || s.failed_stages > 0 ? (
                  <span className="error-text" title={s.error_message ?? undefined}>
                    {s.failed_stages > 0
                      ? `${s.failed_stages} failed stage${s.failed_stages === 1 ? '' : 's'}`
                      : 'error'}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
