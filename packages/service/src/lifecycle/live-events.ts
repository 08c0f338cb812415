import type { LifecycleLiveEvent } from '@hindsight/models';
import { sessionChannel, sessionsChannel } from '@hindsight/models';
import type { ServiceContext } from '../context.js';
import { publishLiveEvents } from '../live/publish.js';

// The live events of lifecycle changes, appended to the live log (`live_events`)
// in the same transaction as the change.

/** Both channels a session's end is announced on: the list and the session itself. */
function onSessionChannels(
  sessionId: string,
  type: LifecycleLiveEvent['type'],
  payload: Record<string, unknown>,
  nowUs: number,
): LifecycleLiveEvent[] {
  return [sessionsChannel, sessionChannel(sessionId)].map((channel) => ({
    channel,
    session_id: sessionId,
    type,
    payload,
    created_at_us: nowUs,
  }));
}

/** `session.deleted`: lists drop the session, an open detail page says it is gone. */
export function sessionDeletedEvents(sessionId: string, nowUs: number): LifecycleLiveEvent[] {
  return onSessionChannels(sessionId, 'session.deleted', {}, nowUs);
}

/** `session.timed_out`, as Tarsy's dashboard expects a terminal event (`status` set). */
export function sessionTimedOutEvents(
  sessionId: string,
  message: string,
  nowUs: number,
): LifecycleLiveEvent[] {
  return onSessionChannels(
    sessionId,
    'session.timed_out',
    { status: 'timed_out', error_message: message },
    nowUs,
  );
}

/**
 * Publishes lifecycle events inside the caller's transaction, so they commit
 * with the change or not at all (and are announced to every instance then).
 */
export async function publishLifecycleEvents(
  tx: ServiceContext,
  events: readonly LifecycleLiveEvent[],
): Promise<readonly LifecycleLiveEvent[]> {
  await publishLiveEvents(tx, events);
  return events;
}
