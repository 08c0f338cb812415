import { LiveClientAction, type LiveEvent } from '@hindsight/models';
import { type LiveDelivery, type LiveFeed, ServiceError, type Services } from '@hindsight/service';
import * as v from 'valibot';
import type { ApiMetrics } from '../observability/metrics.js';
import { closeCodes, type LiveLimits } from './limits.js';

/** How a session talks to its client: a WebSocket, or (for SSE) a stream. */
export interface LiveTransport {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Bytes sent but not yet taken by the client. */
  bufferedBytes(): number;
}

interface Subscription {
  readonly unsubscribe: () => void;
  /** The highest id sent on the channel: later deliveries at or below it are duplicates. */
  lastSent: number;
  /** Deliveries held while a catch-up of the channel runs, sent after it in id order. */
  held: LiveDelivery[] | undefined;
}

/**
 * One client of Tarsy's live protocol over a WebSocket: subscribe,
 * unsubscribe, catchup and ping, each answered as Tarsy does. Frames are
 * handled one at a time, in order. Bounded: channels, frames per second and
 * the bytes queued for the client; a client past a bound is closed with 1008
 * and recovers by reconnecting and catching up.
 */
export class LiveSession {
  private readonly subscriptions = new Map<string, Subscription>();
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private windowStart = 0;
  private framesInWindow = 0;
  /** Bound once: a delivery is counted for every subscriber, the hottest path of live. */
  private readonly delivered: { inc(): void };

  constructor(
    private readonly deps: {
      readonly feed: LiveFeed;
      readonly services: Services;
      readonly limits: LiveLimits;
      readonly metrics: ApiMetrics;
      readonly transport: LiveTransport;
      readonly connectionId: string;
      readonly now?: () => number;
    },
  ) {
    this.delivered = deps.metrics.liveEventsDelivered.labels('websocket');
  }

  open(): void {
    this.sendFrame({ type: 'connection.established', connection_id: this.deps.connectionId });
  }

  /** A text frame from the client. */
  receive(text: string): void {
    if (this.closed) return;
    if (!this.withinFrameRate()) {
      this.close(closeCodes.policy, 'too many frames a second', 'rate');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.close(closeCodes.invalidData, 'frames must be JSON', 'policy');
      return;
    }
    const action = v.safeParse(LiveClientAction, parsed);
    // Unknown actions and frames without a channel are ignored, as Tarsy does.
    if (!action.success) return;
    this.chain = this.chain.then(() => this.handle(action.output)).catch(() => {});
  }

  /** The client went away (or was closed): nothing more is delivered. */
  end(): void {
    this.closed = true;
    for (const subscription of this.subscriptions.values()) subscription.unsubscribe();
    this.deps.metrics.liveSubscriptions.dec(this.subscriptions.size);
    this.subscriptions.clear();
  }

  private withinFrameRate(): boolean {
    const now = this.deps.now?.() ?? Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.framesInWindow = 0;
    }
    this.framesInWindow += 1;
    return this.framesInWindow <= this.deps.limits.framesPerSecond;
  }

  private async handle(action: LiveClientAction): Promise<void> {
    if (this.closed) return;
    switch (action.action) {
      case 'ping':
        this.sendFrame({ type: 'pong' });
        return;
      case 'subscribe':
        return this.subscribe(action.channel);
      case 'unsubscribe': {
        const subscription = this.subscriptions.get(action.channel);
        if (!subscription) return;
        subscription.unsubscribe();
        this.subscriptions.delete(action.channel);
        this.deps.metrics.liveSubscriptions.dec();
        this.sendFrame({ type: 'subscription.cancelled', channel: action.channel });
        return;
      }
      case 'catchup':
        return this.catchUp(action.channel, action.last_event_id);
    }
  }

  /** Whether the service lets this caller follow the channel; closes the connection when it may not. */
  private async allowed(channel: string): Promise<boolean> {
    try {
      await this.deps.services.live.subscribe({ channel });
      return true;
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'validation') return false;
      if (error instanceof ServiceError && error.code === 'forbidden') {
        this.close(closeCodes.policy, error.message, 'policy');
        return false;
      }
      this.close(closeCodes.unavailable, 'the server could not check the channel', 'outage');
      return false;
    }
  }

  private async subscribe(channel: string): Promise<void> {
    if (this.subscriptions.has(channel)) return;
    if (this.subscriptions.size >= this.deps.limits.channelsPerConnection) {
      this.close(
        closeCodes.policy,
        `at most ${this.deps.limits.channelsPerConnection} channels per connection`,
        'policy',
      );
      return;
    }
    if (!(await this.allowed(channel)) || this.closed) return;
    // From the log's end as it is now, not as an idle feed last read it.
    await this.deps.feed.fresh();
    if (this.closed || this.subscriptions.has(channel)) return;
    const subscription: Subscription = {
      unsubscribe: this.deps.feed.subscribe(channel, (d) => this.onDelivery(subscription, d)),
      lastSent: this.deps.feed.horizon,
      held: undefined,
    };
    this.subscriptions.set(channel, subscription);
    this.deps.metrics.liveSubscriptions.inc();
    this.sendFrame({ type: 'subscription.confirmed', channel });
  }

  private onDelivery(subscription: Subscription, delivery: LiveDelivery): void {
    if (this.closed) return;
    if (subscription.held) {
      subscription.held.push(delivery);
      return;
    }
    this.sendDelivery(subscription, delivery);
  }

  private sendDelivery(subscription: Subscription, delivery: LiveDelivery): void {
    if (delivery.id !== undefined) {
      if (delivery.id <= subscription.lastSent) return;
      subscription.lastSent = delivery.id;
    }
    this.sendEvent(delivery.frame, delivery.text);
  }

  /**
   * The stored events of the channel after `lastEventId`, up to the feed's
   * horizon (later ones come live). Live events of the channel wait meanwhile,
   * then follow in id order, without repeats.
   */
  private async catchUp(channel: string, lastEventId: number): Promise<void> {
    const subscription = this.subscriptions.get(channel);
    if (subscription) subscription.held ??= [];
    try {
      await this.deps.feed.fresh();
      const page = await this.deps.services.live.catchUp({
        channel,
        last_event_id: lastEventId,
        until_id: this.deps.feed.horizon,
        limit: this.deps.limits.catchUpLimit,
      });
      for (const frame of page.events) {
        if (subscription && frame.id !== undefined) {
          subscription.lastSent = Math.max(subscription.lastSent, frame.id);
        }
        this.sendEvent(frame);
      }
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'validation') return;
      if (error instanceof ServiceError && error.code === 'forbidden') {
        this.close(closeCodes.policy, error.message, 'policy');
        return;
      }
      this.close(closeCodes.unavailable, 'catch-up failed; reconnect and catch up again', 'outage');
    } finally {
      if (subscription?.held) {
        const held = subscription.held;
        subscription.held = undefined;
        for (const delivery of held) this.sendDelivery(subscription, delivery);
      }
    }
  }

  private sendEvent(frame: LiveEvent, text?: string): void {
    this.sendFrame(frame, text);
    this.delivered.inc();
  }

  private sendFrame(frame: Record<string, unknown>, text?: string): void {
    if (this.closed) return;
    if (this.deps.transport.bufferedBytes() > this.deps.limits.maxBufferedBytes) {
      this.close(closeCodes.policy, 'the client is too slow; reconnect and catch up', 'slow');
      return;
    }
    this.deps.transport.send(text ?? JSON.stringify(frame));
  }

  private close(code: number, reason: string, why: string): void {
    if (this.closed) return;
    this.deps.metrics.liveClosed.inc({ reason: why });
    this.end();
    this.deps.transport.close(code, reason);
  }
}
