/**
 * Codes that mean "the database cannot be reached right now", as opposed to
 * "this query is wrong": socket errors (Node), postgres.js's own connection
 * states, and the SQLSTATEs a server sends while it shuts down or is full.
 */
const unavailableCodes = new Set([
  // Node sockets and DNS
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // PostgreSQL: class 08 (connection exception), shutdown, too many connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** PGlite has no error code for a closed instance, only this message. */
const unavailableMessages = [/PGlite is closed/i];

/**
 * Whether `error` (or any error in its `cause` chain: drizzle wraps driver
 * errors) says the database is unreachable. Every driver's notion of "down" is
 * decided here, so the layers above map it to one error in one place.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && unavailableCodes.has(code)) return true;
    if (typeof message === 'string' && unavailableMessages.some((m) => m.test(message))) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
