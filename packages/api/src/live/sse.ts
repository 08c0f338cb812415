import type { LiveEvent } from '@hindsight/models';
import type { LiveDelivery, LiveFeed, Services } from '@hindsight/service';
import type { SSEStreamingApi } from 'hono/streaming';
import type { ApiMetrics } from '../observability/metrics.js';
import type { LiveLimits } from './limits.js';

/**
 * Serves the channels as Server-Sent Events: `id:` the event id, `event:` its
 * type, `data:` the frame. With `Last-Event-ID`, the stored events after it
 * come first (up to the feed's horizon, page by page), then the live ones,
 * without repeats. A client that cannot keep up (writes pending beyond the
 * buffer bound) is disconnected; it resumes with its Last-Event-ID.
 */
export async function serveLiveStream(
  stream: SSEStreamingApi,
  deps: {
    readonly feed: LiveFeed;
    readonly services: Services;
    readonly limits: LiveLimits;
    readonly metrics: ApiMetrics;
    readonly channels: readonly string[];
    readonly lastEventId: number | undefined;
    readonly onSlow: () => void;
  },
): Promise<void> {
  const { feed, limits, metrics } = deps;
  // From the log's end as it is now, not as an idle feed last read it.
  await feed.fresh();
  let held: LiveDelivery[] | undefined = deps.lastEventId === undefined ? undefined : [];
  let lastSent = feed.horizon;
  let pendingBytes = 0;
  let done = false;

  const write = (frame: LiveEvent, text?: string) => {
    if (done) return;
    const data = text ?? JSON.stringify(frame);
    if (pendingBytes + data.length > limits.maxBufferedBytes) {
      done = true;
      deps.onSlow();
      stream.abort();
      return;
    }
    pendingBytes += data.length;
    metrics.liveEventsDelivered.inc({ transport: 'sse' });
    void stream
      .writeSSE({
        data,
        event: frame.type,
        ...(frame.id === undefined ? {} : { id: String(frame.id) }),
      })
      .finally(() => {
        pendingBytes -= data.length;
      });
  };
  const deliver = (delivery: LiveDelivery) => {
    if (held) {
      held.push(delivery);
      return;
    }
    if (delivery.id !== undefined) {
      if (delivery.id <= lastSent) return;
      lastSent = delivery.id;
    }
    write(delivery.frame, delivery.text);
  };
  const unsubscribes = deps.channels.map((channel) => feed.subscribe(channel, deliver));
  metrics.liveSubscriptions.inc(unsubscribes.length);
  const heartbeat = setInterval(() => {
    void stream.write(': heartbeat\n\n');
  }, limits.heartbeatMs);
  const finished = new Promise<void>((resolve) => stream.onAbort(resolve));

  try {
    if (deps.lastEventId !== undefined) {
      const until = feed.horizon;
      const missed: LiveEvent[] = [];
      for (const channel of deps.channels) {
        let after = deps.lastEventId;
        for (;;) {
          const page = await deps.services.live.catchUp({
            channel,
            last_event_id: after,
            until_id: until,
            limit: limits.catchUpLimit,
          });
          missed.push(...page.events);
          const last = page.events.at(-1)?.id;
          if (page.events.length < limits.catchUpLimit || last === undefined) break;
          after = last;
        }
      }
      missed.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
      for (const frame of missed) write(frame);
      lastSent = Math.max(lastSent, until);
      const waiting = held ?? [];
      held = undefined;
      for (const delivery of waiting) deliver(delivery);
    }
    await finished;
  } finally {
    done = true;
    clearInterval(heartbeat);
    for (const unsubscribe of unsubscribes) unsubscribe();
    metrics.liveSubscriptions.dec(unsubscribes.length);
  }
}
