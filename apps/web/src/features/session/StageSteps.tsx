import type { DetailedSession } from '@hindsight/models';
import { formatDuration, formatTokens } from '../../ui/format.js';
import { StatusBadge } from '../../ui/StatusBadge.js';
import { barOf } from './timeline.js';

/** The chain as steps: each stage's status, agent, time, calls, and its bar on the waterfall. */
export function StageSteps({
  session,
  span,
}: {
  session: DetailedSession;
  span: { start: number; end: number };
}) {
  if (session.stages.length === 0) return null;
  return (
    <section className="card" aria-labelledby="chain-title">
      <h2 id="chain-title">Chain</h2>
      <ol className="stage-steps">
        {session.stages.map((stage) => {
          const bar =
            stage.started_at_us === null
              ? undefined
              : barOf(stage.started_at_us, stage.duration_ms, span);
          const current = session.current_stage_id === stage.stage_id && !stage.completed_at_us;
          return (
            <li
              key={stage.execution_id}
              className={`stage-step status-${stage.status}`}
              aria-current={current ? 'step' : undefined}
            >
              <div className="stage-line">
                <span className="stage-index" aria-hidden="true">
                  {stage.stage_index + 1}
                </span>
                <span className="stage-name">{stage.stage_name}</span>
                <StatusBadge status={stage.status} />
                <span className="muted">{stage.agent}</span>
                <span className="stage-meta">
                  {formatDuration(stage.duration_ms)} · {stage.total_interactions} calls ·{' '}
                  {formatTokens(stage.stage_total_tokens)} tok
                </span>
              </div>
              {bar && (
                <span className="waterfall-track" aria-hidden="true">
                  <span
                    className="waterfall-bar stage"
                    style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
                  />
                </span>
              )}
              {stage.error_message && <p className="error-text small">{stage.error_message}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
