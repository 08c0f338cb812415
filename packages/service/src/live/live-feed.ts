import { type LiveEvent, type LiveEventRecord, liveFrameOf } from '@hindsight/models';
import {
  type Db,
  detachedFromRequest,
  findOpenTransactions,
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

/** Receives the live events of one channel. */
export type LiveListener = (delivery: LiveDelivery) => void;

/** What the feed tells the server about itself (metrics, logs). */
export interface LiveFeedObserver {
  /** An event went out to its subscribers; `lagUs` is the time since ingest received it. */
  delivered?(lagUs: number): void;
  /** The log could not be read (the database is away); subscribers should reconnect later. */
  down?(error: unknown): void;
  /** The log is readable again. */
  up?(): void;
}

/** Where a live feed reads events from and how it learns of new ones. */
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
  /**
   * With no subscriber, notifications have the log read at most this often
   * (250 ms by default): only the horizon moves then, and a read for every
   * commit of a busy instance costs every instance a read per commit. A
   * subscriber first has the horizon brought up to date (see `fresh`).
   */
  readonly idleReadIntervalMs?: number;
  readonly observer?: LiveFeedObserver;
  /** Microseconds since the epoch. */
  readonly clock?: () => number;
}

/** A gap in the ids seen after `after`, while the transactions `holders` were in flight. */
interface Gap {
  readonly after: number;
  readonly holders: ReadonlySet<bigint>;
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
 * to stay. A writer takes its transaction id before its live ids (see
 * `appendLiveEvents`), so the holder of a missing id was in flight at the read
 * that first saw the gap: it is in that read's snapshot (below its xmax), or
 * at or above the xmax and held by one of this database's backends when the
 * reader looked just after (`findOpenTransactions`), or it ended in between
 * and its row is visible to the next read. The gap is passed at a later read
 * where none of those is in flight any more; transactions of other databases
 * are left out, since they cannot hold an id of this log. Until then the
 * reader reads again shortly, backing off: a committed event is never
 * skipped, and never delivered out of order.
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
  private idleTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private failures = 0;
  /** Reads made while the current gap stays open: the retry backs off with them. */
  private gapWaits = 0;
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

  /** Stops listening and polling; subscribers get nothing more. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    clearInterval(this.pollTimer);
    await this.unlisten?.().catch(() => {});
    this.unlisten = undefined;
  }

  /** Calls `listener` with every event of `channel` from now on; returns the unsubscribe. */
  subscribe(channel: string, listener: LiveListener): () => void {
    const first = this.listeners.size === 0;
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    // The feed may be resting at a gap (see drain): a first subscriber has it read now.
    if (first) void this.wake();
    return () => {
      const current = this.listeners.get(channel);
      current?.delete(listener);
      if (current?.size === 0) this.listeners.delete(channel);
    };
  }

  /**
   * Brings the horizon up to the log's end when a notification is waiting for
   * its idle read: a subscriber (or a catch-up) starts from the horizon, and
   * must not be handed events committed before it came.
   */
  async fresh(): Promise<void> {
    if (this.idleTimer === undefined) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    await this.wake();
  }

  /** Reads the log now; resolves when that read (and any it asked for) is done. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.draining && this.current) {
      this.again = true;
      return this.current;
    }
    // Outside the caller's request (a first subscriber's socket, say): the reads, and the
    // timers they set, serve every subscriber and must not end when that request does.
    this.current = detachedFromRequest(() => this.drain());
    return this.current;
  }

  private onNotify(payload: string): void {
    if (payload === '') {
      if (this.listeners.size > 0) void this.wake();
      else this.wakeWhenIdle();
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
        // With nobody to deliver to, only the ids matter: how far the log goes.
        const idsOnly = this.listeners.size === 0;
        const page = await readLiveLog(this.options.db, this.position, batchSize, { idsOnly });
        this.markUp();
        if (idsOnly && this.listeners.size > 0) {
          // Someone subscribed during the read: read again, with what they need.
          this.again = true;
          continue;
        }
        const stop = this.take(page);
        if (stop === 'new gap') {
          const open = await findOpenTransactions(this.options.db, page.xmax);
          const holders = new Set([...page.inFlight].filter((xid) => !open.elsewhere.has(xid)));
          for (const xid of open.here) holders.add(xid);
          this.gap = { after: this.position, holders };
          this.gapWaits = 0;
        }
        if (stop !== 'done') {
          this.gapWaits += 1;
          // With nobody to deliver to, the next notification or poll looks again (the first
          // subscriber wakes the feed): under steady ingest a gap is nearly always open
          // somewhere, and reading it away every few milliseconds would be for no one.
          if (this.listeners.size > 0) {
            const base = this.options.gapRetryMs ?? 5;
            this.retryIn(Math.min(base * 2 ** (this.gapWaits - 1), 8 * base));
          }
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

  /**
   * Delivers the page in id order up to the first gap not known to stay:
   * `new gap` when it is first seen (its holders are still to be found),
   * `gap` when it is still held, `done` when the page went out whole.
   */
  private take(page: LiveLogPage): 'done' | 'new gap' | 'gap' {
    for (const event of page.events) {
      if (event.id !== this.position + 1 && !this.gapResolved(page)) {
        return this.gap?.after === this.position ? 'gap' : 'new gap';
      }
      this.gap = undefined;
      this.position = event.id;
      this.deliverRecord(event);
    }
    return 'done';
  }

  /** True at a read after the gap's first where none of its possible holders is in flight. */
  private gapResolved(page: LiveLogPage): boolean {
    if (this.gap?.after !== this.position) return false;
    for (const holder of this.gap.holders) {
      if (holder >= page.xmax || page.inFlight.has(holder)) return false;
    }
    return true;
  }

  /** One read for the notifications of an interval, while nobody is subscribed. */
  private wakeWhenIdle(): void {
    if (this.idleTimer !== undefined || this.stopped) return;
    this.idleTimer = detachedFromRequest(() =>
      setTimeout(() => {
        this.idleTimer = undefined;
        void this.wake();
      }, this.options.idleReadIntervalMs ?? 250),
    );
    this.idleTimer.unref();
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
    }
    // Once per event: every subscriber of it was handed it at the same moment.
    this.options.observer?.delivered?.(Math.max(0, now - event.created_at_us));
  }
}
