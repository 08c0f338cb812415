import { type LiveEvent, type LiveEventRecord, liveFrameOf } from '@hindsight/models';
import {
  type Db,
  type LiveLogPage,
  latestLiveEventId,
  readLiveLog,
  type TransientEvent,
} from '@hindsight/repository';

/** One event delivered to a channel's subscribers: its frame, and its id when stored. */
export interface LiveDelivery {
  readonly channel: string;
  readonly id: number | undefined;
  readonly frame: LiveEvent;
  /** The frame as JSON, made once for every subscriber. */
  readonly text: string;
}

export type LiveListener = (delivery: LiveDelivery) => void;

/** What the feed tells the server about itself (metrics, logs). */
export interface LiveFeedObserver {
  /** An event went out; `lagUs` is the time since it was received by ingest. */
  delivered?(lagUs: number): void;
  /** The log could not be read (the database is away); subscribers should reconnect later. */
  down?(error: unknown): void;
  /** The log is readable again. */
  up?(): void;
}

export interface LiveFeedOptions {
  readonly db: Db;
  /** LISTENs on the live channel (see `Database.listen` and `liveNotifyChannel`). */
  readonly listen: (handlers: {
    onNotify: (payload: string) => void;
    onListen?: () => void;
  }) => Promise<() => Promise<void>>;
  /** Rows read per statement. */
  readonly batchSize?: number;
  /** How soon a gap in the ids is looked at again (a transaction still in flight). */
  readonly gapRetryMs?: number;
  /** The log is read this often even without a notification (a notification lost with a connection). */
  readonly pollIntervalMs?: number;
  readonly observer?: LiveFeedObserver;
  /** Microseconds since the epoch. */
  readonly clock?: () => number;
}

/** A gap in the ids seen after `after`, while transactions below `xmax` were in flight. */
interface Gap {
  readonly after: number;
  readonly xmax: bigint;
}

/** Transient events arrive split in parts when large; at most this many are assembled at once. */
const maxPartialTransients = 256;

/**
 * The one reader of the live log per instance. Woken by NOTIFY (and a slow
 * poll), it reads the rows after the last id it delivered, in id order, and
 * hands each to the subscribers of its channel, once.
 *
 * Ids are taken from a sequence when rows are inserted, not when their
 * transactions commit: id 11 may be visible while id 10 is still in flight.
 * So the reader never delivers past a gap in the ids until the gap is known
 * to stay: every transaction that was in flight when the gap was first seen
 * (all ids below the snapshot's xmax) has ended, or none was in flight at all
 * (xmin = xmax). A writer takes its transaction id before its live ids (see
 * `appendLiveEvents`), so a transaction holding an id below a visible one was
 * in flight, with an id below xmax, at the read that saw the gap. Until then
 * it reads again shortly: a committed event is never skipped, and never
 * delivered out of order.
 */
export class LiveFeed {
  private readonly listeners = new Map<string, Set<LiveListener>>();
  private readonly partial = new Map<string, string[]>();
  private position = 0;
  private gap: Gap | undefined;
  private draining = false;
  private again = false;
  private stopped = true;
  private healthy = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private failures = 0;
  private current: Promise<void> | undefined;

  constructor(private readonly options: LiveFeedOptions) {}

  /** The last id delivered: catch-up reads stop there, and live delivery goes on from it. */
  get horizon(): number {
    return this.position;
  }

  /** Whether the log was readable at the last attempt. */
  get up(): boolean {
    return this.healthy && !this.stopped;
  }

  /** Starts at the end of the log: older events are for catch-up. */
  async start(): Promise<void> {
    this.stopped = false;
    this.position = await latestLiveEventId(this.options.db);
    this.healthy = true;
    this.unlisten = await this.options.listen({
      onNotify: (payload) => this.onNotify(payload),
      // After a reconnect, notifications sent meanwhile were lost: read what came.
      onListen: () => void this.wake(),
    });
    const interval = this.options.pollIntervalMs ?? 2_000;
    this.pollTimer = setInterval(() => void this.wake(), interval);
    this.pollTimer.unref();
    void this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pollTimer);
    await this.unlisten?.().catch(() => {});
    this.unlisten = undefined;
  }

  /** Calls `listener` with every event of `channel` from now on; returns the unsubscribe. */
  subscribe(channel: string, listener: LiveListener): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(channel);
      current?.delete(listener);
      if (current?.size === 0) this.listeners.delete(channel);
    };
  }

  /** Reads the log now; resolves when that read (and any it asked for) is done. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.draining && this.current) {
      this.again = true;
      return this.current;
    }
    this.current = this.drain();
    return this.current;
  }

  private onNotify(payload: string): void {
    if (payload === '') {
      void this.wake();
      return;
    }
    const json = this.assemble(payload);
    if (json === undefined) return;
    try {
      const event = JSON.parse(json) as TransientEvent;
      this.deliver(event.channel, undefined, event);
    } catch {
      // Not ours: another writer on the channel. Nothing to deliver.
    }
  }

  /** The whole JSON of a transient event, once its last part arrived. */
  private assemble(payload: string): string | undefined {
    if (payload.startsWith('T')) return payload.slice(1);
    if (!payload.startsWith('P')) return undefined;
    const match = /^P(\S+) (\d+) (\d+) /.exec(payload);
    if (!match) return undefined;
    const [head, key = '', indexText = '0', countText = '0'] = match;
    const index = Number(indexText);
    const count = Number(countText);
    const parts = this.partial.get(key) ?? [];
    if (!this.partial.has(key)) {
      if (this.partial.size >= maxPartialTransients) {
        const oldest = this.partial.keys().next().value;
        if (oldest !== undefined) this.partial.delete(oldest);
      }
      this.partial.set(key, parts);
    }
    parts[index] = payload.slice(head.length);
    if (parts.filter((p) => p !== undefined).length < count) return undefined;
    this.partial.delete(key);
    return parts.join('');
  }

  private async drain(): Promise<void> {
    this.draining = true;
    const batchSize = this.options.batchSize ?? 500;
    try {
      do {
        this.again = false;
        const page = await readLiveLog(this.options.db, this.position, batchSize);
        this.markUp();
        if (this.take(page)) {
          this.retryIn(this.options.gapRetryMs ?? 5);
          break;
        }
        if (page.events.length === batchSize) this.again = true;
      } while (this.again && !this.stopped);
    } catch (error) {
      this.markDown(error);
      this.failures += 1;
      this.retryIn(Math.min(50 * 2 ** this.failures, 2_000));
    } finally {
      this.draining = false;
    }
  }

  /** Delivers the page in id order up to the first unresolved gap; true when it stopped there. */
  private take(page: LiveLogPage): boolean {
    for (const event of page.events) {
      if (event.id !== this.position + 1 && !this.gapResolved(page)) {
        if (this.gap?.after !== this.position) this.gap = { after: this.position, xmax: page.xmax };
        return true;
      }
      this.gap = undefined;
      this.position = event.id;
      this.deliverRecord(event);
    }
    return false;
  }

  private gapResolved(page: LiveLogPage): boolean {
    if (page.xmin === page.xmax) return true;
    return this.gap?.after === this.position && this.gap.xmax <= page.xmin;
  }

  private retryIn(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.wake(), ms);
    this.retryTimer.unref();
  }

  private markUp(): void {
    this.failures = 0;
    if (this.healthy) return;
    this.healthy = true;
    this.options.observer?.up?.();
  }

  private markDown(error: unknown): void {
    if (!this.healthy) return;
    this.healthy = false;
    this.options.observer?.down?.(error);
  }

  private deliverRecord(event: LiveEventRecord): void {
    this.deliver(event.channel, event.id, event);
  }

  private deliver(
    channel: string,
    id: number | undefined,
    event: Omit<TransientEvent, 'channel'>,
  ): void {
    const now = this.options.clock?.() ?? Date.now() * 1000;
    const listeners = this.listeners.get(channel);
    if (!listeners || listeners.size === 0) return;
    const frame = liveFrameOf({ ...event, ...(id === undefined ? {} : { id }) });
    const delivery: LiveDelivery = { channel, id, frame, text: JSON.stringify(frame) };
    for (const listener of [...listeners]) {
      try {
        listener(delivery);
      } catch {
        // One subscriber's failure is its own: the others still get the event.
      }
      this.options.observer?.delivered?.(Math.max(0, now - event.created_at_us));
    }
  }
}
