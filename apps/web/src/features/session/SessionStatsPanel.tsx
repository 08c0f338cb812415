import { formatCount, formatDuration, formatTokens } from '../../ui/format.js';
import { ErrorState, Loading } from '../../ui/states.js';
import { useSessionSummary } from './queries.js';

/** The session summary: calls, errors, tokens and the chain's statistics per agent. */
export function SessionStatsPanel({ sessionId }: { sessionId: string }) {
  const summary = useSessionSummary(sessionId);
  if (summary.isPending) return <Loading label="Loading statistics…" />;
  if (summary.isError)
    return <ErrorState error={summary.error} onRetry={() => summary.refetch()} />;
  const s = summary.data;
  const agents = Object.entries(s.chain_statistics.stages_by_agent);
  return (
    <section className="stats" aria-label="Statistics">
      <div className="stat-grid">
        <div className="stat card">
          <span className="stat-value">{formatCount(s.total_interactions)}</span>
          <span className="stat-label">calls</span>
        </div>
        <div className="stat card">
          <span className="stat-value">{formatCount(s.llm_interactions)}</span>
          <span className="stat-label">LLM calls</span>
        </div>
        <div className="stat card">
          <span className="stat-value">{formatCount(s.mcp_communications)}</span>
          <span className="stat-label">MCP calls</span>
        </div>
        <div className="stat card">
          <span className={`stat-value${s.errors_count > 0 ? ' error-text' : ''}`}>
            {formatCount(s.errors_count)}
          </span>
          <span className="stat-label">errors</span>
        </div>
        <div className="stat card">
          <span className="stat-value">{formatDuration(s.total_duration_ms)}</span>
          <span className="stat-label">total duration</span>
        </div>
        <div className="stat card">
          <span className="stat-value">{formatTokens(s.session_total_tokens)}</span>
          <span className="stat-label">
            tokens ({formatTokens(s.session_input_tokens)} in,{' '}
            {formatTokens(s.session_output_tokens)} out)
          </span>
        </div>
      </div>
      <div className="card">
        <h2>Chain</h2>
        <p>
          {s.chain_statistics.completed_stages} of {s.chain_statistics.total_stages} stages
          completed, {s.chain_statistics.failed_stages} failed.
        </p>
        {agents.length > 0 && (
          <table className="simple-table">
            <caption className="visually-hidden">Stages by agent</caption>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Stages</th>
              </tr>
            </thead>
            <tbody>
              {agents.map(([agent, count]) => (
                <tr key={agent}>
                  <td>{agent}</td>
                  <td className="num">{count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
