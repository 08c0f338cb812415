import {
  cancellationsChannel,
  hasScope,
  LiveCatchUpPage,
  LiveChannel,
  liveFrameOf,
  type Principal,
} from '@hindsight/models';
import { findLiveEventsAfter, pruneLiveEvents } from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { ForbiddenError } from '../errors.js';
import type { Caller } from '../hub/operation.js';
import { operation } from '../hub/operation.js';
import { checkReadiness } from '../readiness.js';

/** Catch-up answers at most this many events per request unless the server sets another bound. */
export const defaultCatchUpLimit = 100;

/**
 * Who may follow a channel. Every channel needs `read` (the operation's
 * scope); `cancellations` carries control events for agent runtimes, so it
 * needs `admin` too. TODO(control scope): accept `control` once that scope exists.
 */
export function checkChannelAccess(principal: Principal, channel: string): void {
  if (channel === cancellationsChannel && !hasScope(principal, 'admin')) {
    throw new ForbiddenError('the cancellations channel needs the admin scope');
  }
}

/** Opening a live connection: the caller may read, and the database answers (503 otherwise). */
export const liveConnectOperation = operation({
  name: 'live.connect',
  input: v.object({}),
  output: v.object({ ok: v.literal(true) }),
  scope: 'read',
  audit: false,
  run: async ({ ctx }) => {
    await checkReadiness({ ctx });
    return { ok: true as const };
  },
});

/** Subscribing to a channel: a valid name the caller may follow. */
export const liveSubscribeOperation = operation({
  name: 'live.subscribe',
  input: v.object({ channel: LiveChannel }),
  output: v.object({ channel: v.string() }),
  scope: 'read',
  audit: false,
  run: async ({ input, caller }) => {
    checkChannelAccess(caller.principal, input.channel);
    return { channel: input.channel };
  },
});

/** A channel and the last event id a client saw: the events after it are what it missed. */
export const LiveCatchUpInput = v.object({
  channel: LiveChannel,
  last_event_id: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  /** The reader's horizon: later events come live, so catch-up stops here. */
  until_id: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  limit: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(10_000))),
});
export type LiveCatchUpInput = v.InferOutput<typeof LiveCatchUpInput>;

/** The stored events of a channel after `last_event_id`, oldest first, up to the horizon. */
export async function catchUp({
  ctx,
  input,
  caller,
}: {
  ctx: ServiceContext;
  input: LiveCatchUpInput;
  caller: Caller;
}): Promise<LiveCatchUpPage> {
  checkChannelAccess(caller.principal, input.channel);
  const events = await findLiveEventsAfter(ctx.db, {
    channel: input.channel,
    afterId: input.last_event_id,
    untilId: input.until_id,
    limit: input.limit ?? defaultCatchUpLimit,
  });
  return { events: events.map(liveFrameOf) };
}

export const liveCatchUpOperation = operation({
  name: 'live.catchUp',
  input: LiveCatchUpInput,
  output: LiveCatchUpPage,
  scope: 'read',
  audit: false,
  pool: 'read',
  run: catchUp,
});

const hourUs = 3_600_000_000;

/** The retention job: events older than the retention period go. Safe on every instance at once. */
export const pruneLiveEventsOperation = operation({
  name: 'live.prune',
  input: v.object({
    now_us: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
    retention_hours: v.pipe(v.number(), v.minValue(0)),
  }),
  output: v.object({ deleted: v.number() }),
  scope: 'internal',
  audit: false,
  run: async ({ ctx, input }) => ({
    deleted: await pruneLiveEvents(
      ctx.db,
      input.now_us - Math.round(input.retention_hours * hourUs),
    ),
  }),
});
