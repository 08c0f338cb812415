import { DeleteSessionInput, DeleteSessionResult, principalId } from '@hindsight/models';
import {
  deleteSessionsCascade,
  findTombstones,
  insertTombstone,
  lockSessionStates,
} from '@hindsight/repository';
import { nowOf } from '../context.js';
import { NotFoundError } from '../errors.js';
import { operation } from '../hub/operation.js';
import { tombstoneError } from '../ingest/lifecycle-notes.js';
import { publishLifecycleEvents, sessionDeletedEvents } from './live-events.js';

/**
 * `DELETE /history/sessions/{id}`: removes the session with its stages,
 * interactions, ingest bookkeeping and live events, and leaves a tombstone so
 * that replaying its old events is refused (410) instead of recreating it.
 * Audited: the audit row commits with the deletion. A deleted session is gone
 * (410); one that never existed is not found (404).
 */
export const deleteSessionOperation = operation({
  name: 'sessions.delete',
  input: DeleteSessionInput,
  output: DeleteSessionResult,
  scope: 'admin',
  audit: true,
  target: (input) => `session:${input.session_id}`,
  run: async ({ ctx, input, caller }) => {
    const now = nowOf(ctx);
    // Locks the row first: an ingest transaction writing the session finishes before it goes.
    const [session] = await lockSessionStates(ctx.db, [input.session_id]);
    if (!session) {
      const [tombstone] = await findTombstones(ctx.db, [input.session_id]);
      if (tombstone) throw tombstoneError(tombstone);
      throw new NotFoundError('session', input.session_id);
    }
    const deleted = await deleteSessionsCascade(ctx.db, [input.session_id]);
    await insertTombstone(ctx.db, {
      session_id: input.session_id,
      deleted_at_us: now,
      deleted_by: principalId(caller.principal),
    });
    await publishLifecycleEvents(ctx, sessionDeletedEvents(input.session_id, now));
    return { session_id: input.session_id, deleted_at_us: now, deleted };
  },
});
