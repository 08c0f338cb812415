import * as v from 'valibot';

// Opaque keyset cursors for the lists beyond the history API (casefiles, audit):
// the sort key of the last row and a fingerprint of the filters it was made for,
// as base64url JSON (the style of the session list cursor).

const cursorMaxLength = 1024;
const invalidCursor = 'is not a cursor returned by this API';

/**
 * A `cursor` query parameter: base64url text of bounded length; its content is checked when
 * decoded.
 */
export const KeysetCursorParam = v.pipe(
  v.string(),
  v.maxLength(cursorMaxLength, invalidCursor),
  v.regex(/^[A-Za-z0-9_-]+$/, invalidCursor),
);

/**
 * Where a keyset page ended, and a fingerprint of the query it belongs to (a cursor is refused
 * with other filters).
 */
export interface KeysetCursor {
  /** The sort key of the last row of the page, e.g. `[created_at_us, id]`. */
  readonly key: readonly (string | number)[];
  readonly fingerprint: string;
}

/** The opaque `next_cursor` text of a cursor: base64url JSON. */
export function encodeKeysetCursor(cursor: KeysetCursor): string {
  return toBase64Url(JSON.stringify({ k: cursor.key, f: cursor.fingerprint }));
}

const Decoded = v.object({
  k: v.pipe(
    v.array(v.union([v.pipe(v.string(), v.maxLength(300)), v.pipe(v.number(), v.safeInteger())])),
    v.maxLength(4),
  ),
  f: v.string(),
});

/** The cursor, or undefined when it is malformed or was made for other filters. */
export function decodeKeysetCursor(encoded: string, fingerprint: string): KeysetCursor | undefined {
  try {
    const parsed = v.safeParse(Decoded, JSON.parse(fromBase64Url(encoded)));
    if (!parsed.success || parsed.output.f !== fingerprint) return undefined;
    return { key: parsed.output.k, fingerprint };
  } catch {
    return undefined;
  }
}

/** A short digest of a list's filters, so a cursor is not reused with others. */
export function keysetFingerprint(filters: unknown): string {
  const text = JSON.stringify(filters);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string {
  const base64 = encoded.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** A whole number from a query string (digits) or from code (a number). */
export function queryWholeNumber(message: string) {
  return v.pipe(
    v.union(
      [
        v.pipe(v.string(), v.regex(/^\d{1,16}$/, message), v.transform(Number)),
        v.pipe(v.number(), v.safeInteger(message)),
      ],
      message,
    ),
    v.safeInteger(message),
  );
}

/** `limit` of a keyset list: 1 to 100, 50 by default. */
export const KeysetLimit = v.optional(
  v.pipe(
    queryWholeNumber('must be a whole number from 1 to 100'),
    v.minValue(1, 'must be a whole number from 1 to 100'),
    v.maxValue(100, 'must be a whole number from 1 to 100'),
  ),
  50,
);
