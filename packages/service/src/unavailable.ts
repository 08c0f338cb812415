import { isDatabaseUnavailable } from '@hindsight/repository';
import { ServiceError, UnavailableError } from './errors.js';

/**
 * Wraps every verb so that a database that cannot be reached surfaces as an
 * UnavailableError, whatever the driver said. Applied once, in createServices,
 * so a verb added there is covered without doing anything.
 */
export function mapUnavailable<T extends object>(verbs: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, verb] of Object.entries(verbs)) {
    wrapped[name] =
      typeof verb === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await verb(...args);
            } catch (error) {
              if (!(error instanceof ServiceError) && isDatabaseUnavailable(error)) {
                throw new UnavailableError('the database is not reachable', { cause: error });
              }
              throw error;
            }
          }
        : verb;
  }
  // Same keys, same signatures: each function is replaced by an async one with its arguments.
  return wrapped as T;
}
