import * as v from 'valibot';

/** The code of a service error, which the API maps to an HTTP status in one place. */
export type ServiceErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'conflict'
  | 'validation'
  | 'too_large'
  | 'unavailable'
  | 'gone';

/** What is wrong with one field of an input. */
export interface FieldProblem {
  /** Dot path of the offending field, e.g. `body.stages.0.status`; empty for the whole input. */
  readonly path: string;
  readonly message: string;
}

/** Base of every error the service throws on purpose; anything else is a bug. */
export abstract class ServiceError extends Error {
  abstract readonly code: ServiceErrorCode;
}

/** The resource named by the input does not exist (404 in the API). */
export class NotFoundError extends ServiceError {
  readonly code = 'not_found';
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`${resource} ${JSON.stringify(id)} was not found`);
    this.name = 'NotFoundError';
  }
}

/**
 * A casefile (or another guarded resource) the caller may not see: answered
 * exactly like a missing one, so ids cannot be probed; audited as `denied`.
 */
export class NotVisibleError extends NotFoundError {
  constructor(resource: string, id: string) {
    super(resource, id);
    this.name = 'NotVisibleError';
  }
}

/** The caller lacks the scope or the role the operation needs. */
export class ForbiddenError extends ServiceError {
  readonly code = 'forbidden';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** The credentials presented to a sign-in are not valid (unknown, revoked). */
export class UnauthenticatedError extends ServiceError {
  readonly code = 'unauthenticated';
  constructor(message: string) {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/**
 * The input contradicts what is stored, e.g. an event id replayed with other content (409 in the
 * API).
 */
export class ConflictError extends ServiceError {
  readonly code = 'conflict';
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** The input does not match its model; `problems` names each bad field (400 in the API). */
export class ValidationError extends ServiceError {
  readonly code = 'validation';
  constructor(
    message: string,
    readonly problems: readonly FieldProblem[],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

/**
 * The resource was deleted on purpose and stays gone: an ingest event naming
 * a deleted session (its tombstone) is refused with 410, never applied.
 */
export class GoneError extends ServiceError {
  readonly code = 'gone';
  constructor(message: string) {
    super(message);
    this.name = 'GoneError';
  }
}

/** The input is over a configured size limit (events in a batch, bytes of a field). */
export class PayloadTooLargeError extends ServiceError {
  readonly code = 'too_large';
  constructor(
    message: string,
    readonly problems: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'PayloadTooLargeError';
  }
}

/** The database (or another dependency) cannot be reached; worth retrying later. */
export class UnavailableError extends ServiceError {
  readonly code = 'unavailable';
  /** Unreachable (opens the circuit breaker), or too slow to answer (does not). */
  readonly reason: 'unreachable' | 'timeout';
  constructor(
    message: string,
    options?: ErrorOptions & { readonly reason?: 'unreachable' | 'timeout' },
  ) {
    super(message, options);
    this.name = 'UnavailableError';
    this.reason = options?.reason ?? 'unreachable';
  }
}

/** The field problems of valibot issues, each with its dot path. */
export function problemsOf(issues: readonly v.BaseIssue<unknown>[]): FieldProblem[] {
  return issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message }));
}

/** Parses `input` with `schema`, or throws a ValidationError naming each problem. */
export function parseInput<const S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw new ValidationError('the input is not valid', problemsOf(result.issues));
}
