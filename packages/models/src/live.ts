import * as v from 'valibot';
import { Count, Id, JsonObject, Label, TimestampUs, withoutNul } from './primitives.js';

/**
 * Live channels: `sessions` (every `session.*` event), `session:{id}` (that
 * session's `session.*`, `stage.*`, `llm.*` and `mcp.*` events) and
 * `cancellations` (control events for agent runtimes: `session.cancel_requested`...).
 */
export const sessionsChannel = 'sessions';
/** The live channel of control events for agent runtimes (`session.cancel_requested`...). */
export const cancellationsChannel = 'cancellations';
const sessionChannelPrefix = 'session:';

/** A live channel a client may subscribe to: `sessions`, `cancellations` or `session:{id}`. */
export const LiveChannel = v.union(
  [
    v.literal(sessionsChannel),
    v.literal(cancellationsChannel),
    v.pipe(
      v.string(),
      v.startsWith(sessionChannelPrefix),
      v.minLength(sessionChannelPrefix.length + 1),
      v.maxLength(sessionChannelPrefix.length + 255),
      withoutNul,
    ),
  ],
  'must be "sessions", "cancellations" or "session:{session_id}"',
);
export type LiveChannel = v.InferOutput<typeof LiveChannel>;

/** The channel of one session's events. */
export function sessionChannel(sessionId: string): string {
  return `${sessionChannelPrefix}${sessionId}`;
}

/** The id of the session a `session:{id}` channel follows, or null for another channel. */
export function sessionOfChannel(channel: string): string | null {
  return channel.startsWith(sessionChannelPrefix)
    ? channel.slice(sessionChannelPrefix.length)
    : null;
}

/**
 * One event as a live client receives it: a flat object with its `type`,
 * `timestamp_us`, `session_id` and, for stored events, `id` (one global
 * sequence across channels). The other fields depend on the type.
 */
export const LiveEvent = v.looseObject({
  type: Label,
  timestamp_us: TimestampUs,
  session_id: v.optional(Id),
  /** Absent on transient events (`llm.stream.chunk`): they are never stored nor caught up. */
  id: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
});
export type LiveEvent = v.InferOutput<typeof LiveEvent>;

/** One row of `live_events`: an event as published on one channel. */
export const LiveEventRecord = v.object({
  id: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  channel: Label,
  session_id: v.nullable(Id),
  type: Label,
  /** The event's fields besides `type`, `timestamp_us`, `session_id` and `id`. */
  payload: JsonObject,
  created_at_us: TimestampUs,
});
export type LiveEventRecord = v.InferOutput<typeof LiveEventRecord>;

/** An event to publish on one channel, before the log gives it an id. */
export interface LiveEventDraft {
  readonly channel: string;
  readonly session_id: string | null;
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly created_at_us: number;
}

/** The frame a client receives for a stored event (or a transient one, without `id`). */
export function liveFrameOf(event: {
  readonly id?: number;
  readonly session_id: string | null;
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly created_at_us: number;
}): LiveEvent {
  return {
    ...event.payload,
    type: event.type,
    timestamp_us: event.created_at_us,
    ...(event.session_id === null ? {} : { session_id: event.session_id }),
    ...(event.id === undefined ? {} : { id: event.id }),
  };
}

const LastEventId = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** `catchup` and `Last-Event-ID`: the stored events of a channel after an id, oldest first. */
export const LiveCatchUpRequest = v.object({
  channel: LiveChannel,
  last_event_id: LastEventId,
  /** At most this many (the server's catch-up limit when absent or larger). */
  limit: v.optional(v.pipe(Count, v.minValue(1))),
});
export type LiveCatchUpRequest = v.InferOutput<typeof LiveCatchUpRequest>;

/** Live events missed since an event id, oldest first, for a client that reconnects. */
export const LiveCatchUpPage = v.object({ events: v.array(LiveEvent) });
export type LiveCatchUpPage = v.InferOutput<typeof LiveCatchUpPage>;

/** What a WebSocket client may send (Tarsy's protocol); unknown actions are ignored. */
export const LiveClientAction = v.variant('action', [
  v.object({ action: v.literal('subscribe'), channel: v.string() }),
  v.object({ action: v.literal('unsubscribe'), channel: v.string() }),
  v.object({
    action: v.literal('catchup'),
    channel: v.string(),
    last_event_id: LastEventId,
  }),
  v.object({ action: v.literal('ping') }),
]);
export type LiveClientAction = v.InferOutput<typeof LiveClientAction>;

/** `GET /api/v1/live?channel=…` (repeatable). */
export const LiveStreamQuery = v.object({
  channel: v.pipe(
    v.union([LiveChannel, v.array(LiveChannel)]),
    v.transform((value) => (Array.isArray(value) ? value : [value])),
    v.minLength(1, 'name at least one channel'),
  ),
});
export type LiveStreamQuery = v.InferOutput<typeof LiveStreamQuery>;
