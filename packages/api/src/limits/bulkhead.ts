/**
 * Kinds of work with their own concurrency budget: ingest writes, plain
 * reads, and searches (the slow reads). A burst of one kind fills only its
 * own budget, so it cannot delay the others.
 */
export const workloads = ['ingest', 'read', 'search'] as const;
/** A kind of work with its own concurrency budget: `ingest`, `read` or `search`. */
export type Workload = (typeof workloads)[number];

/** The concurrency budget of one workload. */
export interface BulkheadLimits {
  /** Requests of this kind handled at once. */
  readonly concurrency: number;
  /** Requests that may wait for a slot; more are refused at once. */
  readonly queue: number;
}

/**
 * The concurrency budgets of every workload; a request beyond its budget and queue is answered
 * 503.
 */
export interface BulkheadOptions {
  readonly limits: Readonly<Record<Workload, BulkheadLimits>>;
  /** The longest a request waits in a queue before it is refused; 1 s by default. */
  readonly maxQueueWaitMs?: number;
}

/** Why a request was not admitted: every slot and queue place taken, or the wait was too long. */
export type Refusal = 'full' | 'waited';

interface Waiter {
  readonly admit: () => void;
  readonly refuse: (reason: Refusal) => void;
}

/**
 * One budget: a count of requests in flight and a short FIFO queue. Excess
 * is refused at once (the caller answers 503 with Retry-After) rather than
 * queued until the request timeout; a queued request leaves the queue when
 * its wait is over or its client goes away.
 *
 * Hand-written rather than a library: p-limit and p-queue queue without
 * bound, and what is needed is twenty lines.
 */
export class Bulkhead {
  #inFlight = 0;
  readonly #waiting: Waiter[] = [];

  constructor(
    readonly limits: BulkheadLimits,
    readonly maxQueueWaitMs: number,
  ) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /**
   * Resolves with a release function once the request may run, or with a
   * refusal. `signal` aborting (the client went away) takes it off the queue.
   */
  acquire(signal?: AbortSignal): Promise<(() => void) | Refusal> {
    if (this.#inFlight < this.limits.concurrency) {
      this.#inFlight += 1;
      return Promise.resolve(this.#releaser());
    }
    if (this.#waiting.length >= this.limits.queue) return Promise.resolve('full');
    return new Promise((resolve) => {
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
      };
      const waiter: Waiter = {
        admit: () => {
          leave();
          resolve(this.#releaser());
        },
        refuse: (reason) => {
          leave();
          resolve(reason);
        },
      };
      const onAbort = () => waiter.refuse('waited');
      const timer = setTimeout(() => waiter.refuse('waited'), this.maxQueueWaitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting[0];
      // The slot passes to the first in line; the count stays.
      if (next) next.admit();
      else this.#inFlight -= 1;
    };
  }
}

export type Bulkheads = Readonly<Record<Workload, Bulkhead>>;

/** Concurrency budgets of an instance that is not configured otherwise. */
export const defaultBulkheadLimits: Readonly<Record<Workload, BulkheadLimits>> = {
  ingest: { concurrency: 8, queue: 16 },
  read: { concurrency: 8, queue: 16 },
  search: { concurrency: 4, queue: 4 },
};

export function createBulkheads(options: BulkheadOptions): Bulkheads {
  const wait = options.maxQueueWaitMs ?? 1000;
  return {
    ingest: new Bulkhead(options.limits.ingest, wait),
    read: new Bulkhead(options.limits.read, wait),
    search: new Bulkhead(options.limits.search, wait),
  };
}
