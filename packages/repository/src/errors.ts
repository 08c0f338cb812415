/**
 * What kind of failure a database error is, whichever driver raised it, so
 * that layers above can react (retry, answer 400 or 503) without knowing
 * drivers or SQLSTATE codes.
 */
export type DatabaseErrorKind =
  /** A unique key was taken, usually by a concurrent transaction: retrying sees it. */
  | 'unique_violation'
  /** A serialization failure or deadlock: the transaction can be retried as is. */
  | 'retryable'
  /** A value the database refuses (SQLSTATE class 22: out of range, bad encoding...). */
  | 'data'
  /** Another integrity constraint (SQLSTATE class 23, but unique). */
  | 'integrity'
  /** The database cannot be reached or closed the connection. */
  | 'unavailable'
  /** The statement was cancelled: it ran past the statement timeout, or its request ended. */
  | 'cancelled'
  | 'other';

const connectionCodes = new Set([
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // Node sockets
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The error and its causes, outermost first (drizzle wraps the driver's error). */
export function* causes(error: unknown): Generator<unknown> {
  let current = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth += 1) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** Classifies an error thrown by a repository function. */
export function databaseErrorKind(error: unknown): DatabaseErrorKind {
  for (const candidate of causes(error)) {
    const code = codeOf(candidate);
    if (code === undefined) {
      if (candidate instanceof Error && /PGlite is closed/i.test(candidate.message)) {
        return 'unavailable';
      }
      continue;
    }
    if (code === '23505') return 'unique_violation';
    if (code === '57014') return 'cancelled';
    if (code === '40001' || code === '40P01') return 'retryable';
    if (code.startsWith('22')) return 'data';
    if (code.startsWith('23')) return 'integrity';
    if (
      connectionCodes.has(code) ||
      code.startsWith('08') ||
      code === '57P01' ||
      code === '57P02' ||
      code === '57P03' ||
      code === '53300'
    ) {
      return 'unavailable';
    }
  }
  return 'other';
}

/**
 * Whether the database refused a statement only because an earlier one had
 * failed in the same transaction (25P02): a consequence, never the cause.
 */
export function isTransactionAborted(error: unknown): boolean {
  for (const candidate of causes(error)) {
    if (codeOf(candidate) === '25P02') return true;
  }
  return false;
}
