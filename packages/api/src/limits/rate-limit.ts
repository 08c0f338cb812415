import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/**
 * Separate request budgets: writing runs and reading history do not starve
 * each other; sign-in attempts (counted per client address) have their own,
 * much smaller one, so keys cannot be guessed at speed.
 */
export const budgets = ['ingest', 'read', 'signIn'] as const;
/** A rate-limit budget: `ingest`, `read` (per principal) or `signIn` (per client address). */
export type Budget = (typeof budgets)[number];

/** Sign-in attempts a minute per client address unless configured. */
export const defaultSignInPerMinute = 10;

/** Rate limits per budget, counted in memory or in a Redis that every instance shares. */
export interface RateLimitOptions {
  /** Requests per principal per minute, by budget; 0 turns that budget's limit off. */
  readonly perMinute: Readonly<Record<'ingest' | 'read', number>> & {
    /** Sign-in attempts per client address; 10 by default. */
    readonly signIn?: number;
  };
  /**
   * A Redis client (ioredis) shared by every server instance, so they enforce
   * one limit together. Without it each instance counts in its own memory.
   */
  readonly redis?: unknown;
  /** Prefix of the Redis keys, e.g. per deployment (or per test run). */
  readonly keyPrefix?: string;
}

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window resets (at least 1). */
  readonly resetSeconds: number;
}

const windowSeconds = 60;

function limiterFor(
  budget: Budget,
  points: number,
  options: RateLimitOptions,
): RateLimiterAbstract {
  const keyPrefix = `${options.keyPrefix ?? 'hindsight:rate'}:${budget}`;
  const memory = new RateLimiterMemory({ points, duration: windowSeconds, keyPrefix });
  if (!options.redis) return memory;
  // While Redis is unreachable each instance falls back to counting in memory,
  // so an outage loosens the limit instead of failing every request.
  return new RateLimiterRedis({
    storeClient: options.redis,
    points,
    duration: windowSeconds,
    keyPrefix,
    insuranceLimiter: memory,
    rejectIfRedisNotReady: true,
  });
}

function decisionOf(res: RateLimiterRes, limit: number, allowed: boolean): RateDecision {
  return {
    allowed,
    limit,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}

/** One request against `key`'s budget; null when that budget has no limit. */
export function createRateLimiter(options: RateLimitOptions) {
  const limiters = new Map<Budget, { limiter: RateLimiterAbstract; points: number }>();
  for (const budget of budgets) {
    const points =
      budget === 'signIn'
        ? (options.perMinute.signIn ?? defaultSignInPerMinute)
        : options.perMinute[budget];
    if (points > 0) limiters.set(budget, { limiter: limiterFor(budget, points, options), points });
  }
  return async (budget: Budget, key: string): Promise<RateDecision | null> => {
    const entry = limiters.get(budget);
    if (!entry) return null;
    try {
      return decisionOf(await entry.limiter.consume(key), entry.points, true);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return decisionOf(rejection, entry.points, false);
      throw rejection;
    }
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

export const rateLimitWindowSeconds = windowSeconds;
