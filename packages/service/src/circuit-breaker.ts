import { UnavailableError } from './errors.js';

/** How a circuit breaker finds out that a dependency answers again. */
export interface CircuitBreakerOptions {
  /** Resolves when the dependency answers again (a trivial query). */
  readonly probe: () => Promise<void>;
  /** How long after a failure the circuit stays open before a probe may run; 1 s by default. */
  readonly probeIntervalMs?: number;
  /** A probe that takes longer than this counts as failed; 1 s by default. */
  readonly probeTimeoutMs?: number;
  /** The clock in milliseconds; `Date.now` by default (tests pass their own). */
  readonly now?: () => number;
}

/**
 * A small circuit breaker in front of the database. Closed, calls go through.
 * Once a call finds the database unreachable it opens: calls fail at once
 * with UnavailableError (a 503 with Retry-After) instead of each waiting for
 * a connection that will not come. After `probeIntervalMs` the next call runs
 * a probe first: if the database answers, the circuit closes and the call
 * proceeds; otherwise it stays open. Calls that arrive while a probe runs fail
 * at once, so a recovering database sees one probe, not a stampede.
 */
export class CircuitBreaker {
  readonly #probe: () => Promise<void>;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  /** When the circuit last opened or a probe last failed; undefined while closed. */
  #failedAt: number | undefined;
  #probing = false;

  constructor(options: CircuitBreakerOptions) {
    this.#probe = options.probe;
    this.#intervalMs = options.probeIntervalMs ?? 1000;
    this.#timeoutMs = options.probeTimeoutMs ?? 1000;
    this.#now = options.now ?? (() => performance.now());
  }

  get isOpen(): boolean {
    return this.#failedAt !== undefined;
  }

  /** Lets a call through, or throws UnavailableError while the database is known to be away. */
  async admit(): Promise<void> {
    if (this.#failedAt === undefined) return;
    if (this.#probing || this.#now() - this.#failedAt < this.#intervalMs) {
      throw new UnavailableError('the database is not reachable');
    }
    this.#probing = true;
    try {
      await withTimeout(this.#probe(), this.#timeoutMs);
      this.#failedAt = undefined;
    } catch (error) {
      this.#failedAt = this.#now();
      throw new UnavailableError('the database is not reachable', { cause: error });
    } finally {
      this.#probing = false;
    }
  }

  /** A call found the database unreachable. */
  recordFailure(): void {
    this.#failedAt = this.#now();
  }
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
