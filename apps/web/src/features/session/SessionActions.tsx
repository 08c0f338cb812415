import { HindsightProblemError, unwrap } from '@hindsight/client';
import { type DetailedSession, SessionActionResult } from '@hindsight/models';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as v from 'valibot';
import { api, queryKeys } from '../../api.js';

type Action = 'cancel' | 'resume';

function useSessionAction(sessionId: string) {
  const queryClient = useQueryClient();
  const session = api.api.v1.history.sessions[':id'];
  return useMutation({
    mutationFn: async (action: Action) => {
      const param = { param: { id: sessionId } };
      const answer =
        action === 'cancel' ? session.cancel.$post(param) : session.resume.$post(param);
      return v.parse(SessionActionResult, await unwrap(answer));
    },
    // The session's status changed (canceling) or will change: read it again.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.session(sessionId) }),
  });
}

const cancellable = new Set(['pending', 'in_progress', 'paused']);

/**
 * Cancel and resume, for a run that has not ended. Hindsight asks the runtime
 * that owns the run; the page shows `canceling` until the runtime reports the
 * end. A refusal (no `control` scope, the run ended meanwhile) shows its reason.
 */
export function SessionActions({ session }: { session: DetailedSession }) {
  const action = useSessionAction(session.session_id);
  const { status } = session;
  if (status === 'canceling') {
    return (
      <p className="muted small" role="status">
        Cancel requested: waiting for the runtime to stop the run.
      </p>
    );
  }
  if (!cancellable.has(status)) return null;
  const error = action.error;
  return (
    <div className="session-actions">
      {status === 'paused' && (
        <button
          type="button"
          className="button"
          disabled={action.isPending}
          onClick={() => action.mutate('resume')}
        >
          Resume run
        </button>
      )}
      <button
        type="button"
        className="button danger"
        disabled={action.isPending}
        onClick={() => {
          if (window.confirm('Ask the runtime to cancel this run?')) action.mutate('cancel');
        }}
      >
        Cancel run
      </button>
      {action.isSuccess && action.variables === 'resume' && (
        <span className="muted small" role="status">
          Resume requested.
        </span>
      )}
      {error && (
        <span className="error-text small" role="alert">
          {error instanceof HindsightProblemError && error.detail
            ? error.detail
            : 'The request failed.'}
        </span>
      )}
    </div>
  );
}
