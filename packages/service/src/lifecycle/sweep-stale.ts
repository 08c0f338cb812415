import {
  defaultStaleAfterMs,
  principalId,
  SweepStaleInput,
  SweepStaleResult,
} from '@hindsight/models';
import { insertAuditEvent, lockStaleSessions, timeOutSessions } from '@hindsight/repository';
import { nowOf, withTransaction } from '../context.js';
import { operation } from '../hub/operation.js';
import { publishLifecycleEvents, sessionTimedOutEvents } from './live-events.js';

/** The error a timed-out session and its running stages carry. */
export function timedOutMessage(staleAfterMs: number): string {
  const minutes = Math.round(staleAfterMs / 60_000);
  const span = minutes >= 1 ? `${minutes} min` : `${Math.round(staleAfterMs / 1000)} s`;
  return `timed out by Hindsight: no event for ${span} while in progress (the agent may have died)`;
}

/**
 * The stale-session sweeper: a session `pending` or `in_progress` with no
 * ingest event for `stale_after_ms` is marked `timed_out` (its running stages
 * too), with an error that says so, a live event and an audit row per session,
 * all in one transaction. Sessions being written right now are skipped.
 */
export const sweepStaleOperation = operation({
  name: 'sessions.sweepStale',
  input: SweepStaleInput,
  output: SweepStaleResult,
  scope: 'internal',
  audit: false,
  run: ({ ctx, input, caller }) =>
    withTransaction(ctx, async (tx) => {
      const now = input.now_us ?? nowOf(ctx);
      const staleAfterMs = input.stale_after_ms ?? defaultStaleAfterMs;
      const sessions = await lockStaleSessions(tx.db, {
        cutoffUs: now - staleAfterMs * 1000,
        limit: input.limit ?? 500,
      });
      const message = timedOutMessage(staleAfterMs);
      const stages = await timeOutSessions(tx.db, sessions, now, message);
      for (const sessionId of sessions) {
        await insertAuditEvent(tx.db, {
          at_us: now,
          principal_id: principalId(caller.principal),
          operation: 'sessions.timeOut',
          target: `session:${sessionId}`,
          outcome: 'success',
          request_id: caller.requestId ?? null,
          summary: { stale_after_ms: staleAfterMs },
          error_code: null,
        });
        await publishLifecycleEvents(tx, sessionTimedOutEvents(sessionId, message, now));
      }
      return { sessions, stages };
    }),
});
