import { databaseErrorKind, isDatabaseUnavailable } from '@hindsight/repository';
import type { CircuitBreaker } from './circuit-breaker.js';
import { ServiceError, UnavailableError } from './errors.js';

/**
 * Wraps every verb so that a database that cannot be reached surfaces as an
 * UnavailableError, whatever the driver said, and so does a statement the
 * database cancelled (it ran past the statement timeout). Applied once, in
 * createServices, so a verb added there is covered without doing anything.
 * With a circuit breaker, calls fail at once while the database is known to
 * be away (see CircuitBreaker).
 */
export function mapUnavailable<T extends object>(
  verbs: T,
  options: { readonly breaker?: CircuitBreaker } = {},
): T {
  const { breaker } = options;
  const wrapped: Record<string, unknown> = {};
  for (const [name, verb] of Object.entries(verbs)) {
    wrapped[name] =
      typeof verb === 'function'
        ? async (...args: unknown[]) => {
            await breaker?.admit();
            try {
              return await verb(...args);
            } catch (error) {
              if (error instanceof UnavailableError && error.reason === 'unreachable') {
                breaker?.recordFailure();
              }
              if (error instanceof ServiceError) throw error;
              if (isDatabaseUnavailable(error)) {
                breaker?.recordFailure();
                throw new UnavailableError('the database is not reachable', { cause: error });
              }
              if (databaseErrorKind(error) === 'cancelled') {
                throw new UnavailableError('the database did not answer in time', {
                  cause: error,
                  reason: 'timeout',
                });
              }
              throw error;
            }
          }
        : verb;
  }
  // Same keys, same signatures: each function is replaced by an async one with its arguments.
  return wrapped as T;
}
