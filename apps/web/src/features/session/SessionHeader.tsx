import type { DetailedSession } from '@hindsight/models';
import {
  formatCount,
  formatDuration,
  formatTimestamp,
  formatTokens,
  formatUsd,
  isoFromUs,
} from '../../ui/format.js';
import { Markdown } from '../../ui/Markdown.js';
import { StatusBadge } from '../../ui/StatusBadge.js';
import { SessionActions } from './SessionActions.js';

export function SessionHeader({ session }: { session: DetailedSession }) {
  return (
    <header className="session-header card">
      <div className="session-title">
        <h1>{session.alert_type ?? 'Untyped alert'}</h1>
        <StatusBadge status={session.status} />
      </div>
      <p className="muted mono small">{session.session_id}</p>
      <SessionActions session={session} />
      {session.pause_metadata && (
        <div className="note-box" role="note">
          <strong>Paused: </strong>
          {session.pause_metadata.message}
        </div>
      )}
      <dl className="facts">
        <div>
          <dt>Agent</dt>
          <dd>{session.agent_type}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            <time dateTime={isoFromUs(session.started_at_us)}>
              {formatTimestamp(session.started_at_us)}
            </time>
          </dd>
        </div>
        <div>
          <dt>Completed</dt>
          <dd>
            {session.completed_at_us === null ? (
              '—'
            ) : (
              <time dateTime={isoFromUs(session.completed_at_us)}>
                {formatTimestamp(session.completed_at_us)}
              </time>
            )}
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(session.duration_ms)}</dd>
        </div>
        <div>
          <dt>Tokens (in / out)</dt>
          <dd>
            {formatTokens(session.session_total_tokens)} (
            {formatTokens(session.session_input_tokens)} /{' '}
            {formatTokens(session.session_output_tokens)})
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>
            {formatUsd(session.session_cost_usd)}
            {session.unpriced_llm_interaction_count > 0 &&
              ` (${session.unpriced_llm_interaction_count} call${session.unpriced_llm_interaction_count === 1 ? '' : 's'} without a price)`}
          </dd>
        </div>
        <div>
          <dt>Calls</dt>
          <dd>
            {formatCount(session.llm_interaction_count)} LLM ·{' '}
            {formatCount(session.mcp_communication_count)} MCP
          </dd>
        </div>
        {session.author && (
          <div>
            <dt>Author</dt>
            <dd>{session.author}</dd>
          </div>
        )}
        <div>
          <dt>Alert id</dt>
          <dd className="mono">{session.alert_id}</dd>
        </div>
      </dl>
      {session.error_message && (
        <div className="error-box" role="note">
          <strong>Error: </strong>
          {session.error_message}
        </div>
      )}
      {session.final_analysis && (
        <section className="final-analysis" aria-labelledby="final-analysis-title">
          <h2 id="final-analysis-title">Final analysis</h2>
          {session.final_analysis_summary && (
            <p className="analysis-summary">
              <strong>Summary: </strong>
              {session.final_analysis_summary}
            </p>
          )}
          <Markdown text={session.final_analysis} />
        </section>
      )}
    </header>
  );
}
