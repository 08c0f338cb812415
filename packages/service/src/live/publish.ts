import {
  cancellationsChannel,
  type LiveEventDraft,
  sessionChannel,
  sessionsChannel,
} from '@hindsight/models';
import { appendLiveEvents } from '@hindsight/repository';
import { nowOf, type ServiceContext } from '../context.js';

/**
 * Appends live events inside the caller's transaction (`withTransaction`):
 * they are stored and announced to every instance when it commits, and not at
 * all if it rolls back. The reusable way for a verb to publish, e.g. a control
 * action's `session.cancel_requested` on `cancellations`:
 *
 * ```ts
 * await withTransaction(ctx, async (tx) => {
 *   await markCanceling(tx.db, id);
 *   await publishLiveEvents(tx, [controlEvent(tx, 'session.cancel_requested', { session_id: id })]);
 * });
 * ```
 */
export function publishLiveEvents(
  tx: ServiceContext,
  drafts: readonly LiveEventDraft[],
): Promise<void> {
  return appendLiveEvents(tx.db, drafts);
}

/** A control event for agent runtimes, on the `cancellations` channel. */
export function controlEvent(
  ctx: ServiceContext,
  type: string,
  payload: { readonly session_id?: string | null } & Record<string, unknown>,
): LiveEventDraft {
  const { session_id = null, ...rest } = payload;
  return {
    channel: cancellationsChannel,
    session_id,
    type,
    payload: rest,
    created_at_us: nowOf(ctx),
  };
}

/** A session event on `sessions` and on the session's own channel (one row, one id, each). */
export function sessionEvents(
  ctx: ServiceContext,
  sessionId: string,
  type: string,
  payload: Record<string, unknown>,
): LiveEventDraft[] {
  const created_at_us = nowOf(ctx);
  return [sessionsChannel, sessionChannel(sessionId)].map((channel) => ({
    channel,
    session_id: sessionId,
    type,
    payload,
    created_at_us,
  }));
}
