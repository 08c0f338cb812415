import type { SessionStatus, SessionTombstone } from '@hindsight/models';
import { GoneError } from '../errors.js';
import type { PreparedEvent } from './prepare.js';

/** The answer to any event that names a deleted session: gone, and why, so a replay fails loudly. */
export function tombstoneError(tombstone: SessionTombstone): GoneError {
  const at = new Date(Math.floor(tombstone.deleted_at_us / 1000)).toISOString();
  return new GoneError(
    `session ${JSON.stringify(tombstone.session_id)} was deleted at ${at} by ${tombstone.deleted_by}; events for it are refused rather than recreating it`,
  );
}

/**
 * The note on an interaction stored for a session that had timed out: the
 * data is kept (a late call is still history), the session stays timed out,
 * and the sender is told. Lifecycle changes to it are 409s instead.
 */
export function timedOutNote(
  event: PreparedEvent,
  status: SessionStatus | undefined,
): string | undefined {
  if (status !== 'timed_out') return undefined;
  if (event.type !== 'llm.interaction' && event.type !== 'mcp.communication') return undefined;
  return `session ${JSON.stringify(event.body.session_id)} had timed out before this event; the event is stored and the session stays timed_out`;
}
