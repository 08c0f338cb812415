import * as v from 'valibot';
import { UsdAmount } from './cost.js';
import { Id, Label, PlainObject, withoutNul } from './primitives.js';
import { SessionStatus, sessionStatuses } from './status.js';

// The query of `GET /sessions`, shared by the API (which parses the query string
// with it) and the service (which parses again what it is given: parsing is
// idempotent, so the output of one parse is a valid input of the next).

/** The fields the session list can be sorted by. */
export const sessionSortFields = [
  'started_at_us',
  'status',
  'alert_type',
  'agent_type',
  'author',
  'duration_ms',
  /** The session's cost total (a session with no priced call sorts as 0). */
  'session_cost_usd',
  /** Most relevant first, when there is a search (newest first without one); offset pages only. */
  'relevance',
] as const;
/** A field the session list can be sorted by. */
export const SessionSortField = v.picklist(
  sessionSortFields,
  `must be one of ${sessionSortFields.join(', ')}`,
);
export type SessionSortField = v.InferOutput<typeof SessionSortField>;

/** Ascending or descending. */
export const sortOrders = ['asc', 'desc'] as const;
/** The direction of a sort. */
export const SortOrder = v.picklist(sortOrders, 'must be asc or desc');
export type SortOrder = v.InferOutput<typeof SortOrder>;

/** Sessions per page when the query does not say. */
export const defaultPageSize = 20;
/** The most sessions one page may hold. */
export const maxPageSize = 100;
/** Shortest search text: shorter ones would match nearly everything (trigram search). */
export const searchMinLength = 3;
/** Longest search text. */
export const searchMaxLength = 200;
/** An encoded cursor is a few hundred characters; anything much longer is not one of ours. */
const cursorMaxLength = 2048;

/** A whole number from a query string (digits) or from code (a number). */
function wholeNumber(message: string) {
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

const Page = v.pipe(
  wholeNumber('must be a whole number from 1'),
  v.minValue(1, 'must be 1 or more'),
);
const PageSize = v.pipe(
  wholeNumber(`must be between 1 and ${maxPageSize}`),
  v.minValue(1, `must be between 1 and ${maxPageSize}`),
  v.maxValue(maxPageSize, `must be between 1 and ${maxPageSize}`),
);
/** Microseconds since the epoch in a query string (digits) or from code (a number). */
export const TimestampParam = wholeNumber('must be microseconds since the epoch (a whole number)');

/**
 * Statuses, repeated (`status=a&status=b`) or comma-separated (`status=a,b`).
 * The output is deduplicated and in lifecycle order, so equal filters compare equal.
 */
const StatusFilter = v.pipe(
  v.union([v.string(), v.array(v.string())], 'must be a session status or a list of them'),
  v.transform((input) =>
    (Array.isArray(input) ? input : [input]).flatMap((value) => value.split(',')),
  ),
  v.array(SessionStatus),
  v.transform((statuses) => sessionStatuses.filter((status) => statuses.includes(status))),
  v.minLength(1, 'must name at least one status'),
);

const Search = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(searchMinLength, `must be at least ${searchMinLength} characters`),
  v.maxLength(searchMaxLength, `must be at most ${searchMaxLength} characters`),
  withoutNul,
);

/** A sort value in a cursor: what the last row of a page had in the sort field. */
const SortValue = v.nullable(
  v.union([v.pipe(v.string(), v.maxLength(255), withoutNul), v.number()]),
);

/** Where the next page starts: after this row, in this order; and which page that is. */
export const SessionCursor = v.object({
  /** The last row's value of the sort field (null sorts as the largest value). */
  value: SortValue,
  /** The last row's session id, the tie-breaker of every sort. */
  session_id: Id,
  /** The number of the page the cursor leads to, reported back in `pagination.page`. */
  page: v.pipe(v.number(), v.safeInteger(), v.minValue(2)),
  /**
   * The number of matching sessions when paging began. A cursor walks the list
   * as it was then (newer sessions land before its position), so that count is
   * the consistent one, and a deep page need not count again.
   */
  total_items: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  /** Fingerprint of the filters and sort the cursor was made for. */
  fingerprint: v.pipe(v.string(), v.regex(/^[0-9a-z]{1,16}$/)),
});
export type SessionCursor = v.InferOutput<typeof SessionCursor>;

/** The message for a `cursor` this API did not make. */
export const invalidCursor = 'is not a cursor returned by this API';

/**
 * A cursor on the wire: its payload (base64url of compact JSON) and a
 * signature, `payload.signature`. The model checks only its form; the service
 * verifies the signature with its secret before it believes a word of it, so
 * a client can neither forge nor alter one (its page, position, count).
 */
const CursorParam = v.pipe(
  v.string(),
  v.check(
    (text) => text.length <= cursorMaxLength && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text),
    invalidCursor,
  ),
);

const SessionListQueryFields = v.object({
  status: v.optional(StatusFilter),
  agent_type: v.optional(Label),
  alert_type: v.optional(Label),
  search: v.optional(Search),
  start_date_us: v.optional(TimestampParam),
  end_date_us: v.optional(TimestampParam),
  /** Sessions whose cost total is at least this many dollars (a decimal, e.g. `0.5`). */
  min_cost_usd: v.optional(UsdAmount),
  page: v.optional(Page, 1),
  page_size: v.optional(PageSize, defaultPageSize),
  sort_by: v.optional(SessionSortField, 'started_at_us'),
  sort_order: v.optional(SortOrder, 'desc'),
  cursor: v.optional(CursorParam),
});

type ParsedFields = v.InferOutput<typeof SessionListQueryFields>;

/** The query of `GET /sessions`: filters (combined with AND), page or cursor, and sort. */
export const SessionListQuery = v.pipe(
  PlainObject,
  SessionListQueryFields,
  v.forward(
    v.partialCheck(
      [['start_date_us'], ['end_date_us']],
      (q) =>
        q.start_date_us === undefined ||
        q.end_date_us === undefined ||
        q.start_date_us < q.end_date_us,
      'must be after start_date_us',
    ),
    ['end_date_us'],
  ),
  v.forward(
    v.partialCheck(
      [['page'], ['cursor']],
      (q) => q.cursor === undefined || q.page === 1,
      'cannot be combined with cursor: a cursor knows its page',
    ),
    ['page'],
  ),
);

/** The message for a cursor used with other filters or another sort than the query that made it. */
export const cursorMismatch =
  'was made for other filters or another sort: repeat the query it came from';
export type SessionListQuery = v.InferOutput<typeof SessionListQuery>;
/**
 * The session list query as a caller writes it, before defaults and coercion (query strings are
 * strings).
 */
export type SessionListQueryInput = v.InferInput<typeof SessionListQuery>;

/** The filters of a list query, as `filters_applied` echoes them. */
export type SessionListFilters = Pick<
  ParsedFields,
  | 'status'
  | 'agent_type'
  | 'alert_type'
  | 'search'
  | 'start_date_us'
  | 'end_date_us'
  | 'min_cost_usd'
>;

/** The filters of a query, without paging and sort, as a page's `filters_applied` echoes them. */
export function sessionListFilters(query: SessionListFilters): SessionListFilters {
  const filters: SessionListFilters = {};
  if (query.status !== undefined) filters.status = query.status;
  if (query.agent_type !== undefined) filters.agent_type = query.agent_type;
  if (query.alert_type !== undefined) filters.alert_type = query.alert_type;
  if (query.search !== undefined) filters.search = query.search;
  if (query.start_date_us !== undefined) filters.start_date_us = query.start_date_us;
  if (query.end_date_us !== undefined) filters.end_date_us = query.end_date_us;
  if (query.min_cost_usd !== undefined) filters.min_cost_usd = query.min_cost_usd;
  return filters;
}

type FingerprintInput = SessionListFilters & Pick<ParsedFields, 'sort_by' | 'sort_order'>;

/**
 * A short hash of the filters and sort, inside the signed cursor: it catches
 * a cursor reused with other filters or another sort.
 */
export function sessionListFingerprint(query: FingerprintInput): string {
  const canonical = JSON.stringify([
    query.status ?? [],
    query.agent_type ?? null,
    query.alert_type ?? null,
    query.search ?? null,
    query.start_date_us ?? null,
    query.end_date_us ?? null,
    query.sort_by,
    query.sort_order,
    // Last, so that a cursor made before the filter existed keeps its fingerprint.
    ...(query.min_cost_usd === undefined ? [] : [query.min_cost_usd]),
  ]);
  return cyrb53(canonical).toString(36);
}

/** The cursor is for these filters and sort, and its value has the sort field's type. */
export function sessionCursorFits(query: FingerprintInput, cursor: SessionCursor): boolean {
  return (
    cursor.fingerprint === sessionListFingerprint(query) &&
    sortValueFits(query.sort_by, cursor.value)
  );
}

function sortValueFits(field: SessionSortField, value: SessionCursor['value']): boolean {
  switch (field) {
    case 'started_at_us':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
    case 'duration_ms':
      return (
        value === null || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
      );
    case 'status':
      return typeof value === 'string' && (sessionStatuses as readonly string[]).includes(value);
    case 'agent_type':
      return typeof value === 'string' && value.length > 0;
    case 'alert_type':
    case 'author':
      return value === null || (typeof value === 'string' && value.length > 0);
    case 'session_cost_usd':
      return value === null || (typeof value === 'string' && v.is(UsdAmount, value));
    case 'relevance':
      // A relevance order is paged by number: no cursor is made for it.
      return false;
  }
}

/**
 * What a search looks for: every word typed, and every "quoted phrase" as one
 * term (an unclosed quote runs to the end). A session matches when it holds
 * each term, in any letter case, as a substring: no stemming, no stop words.
 * Terms repeated in another case count once.
 */
export function searchTerms(search: string): string[] {
  const terms: string[] = [];
  const seen = new Set<string>();
  const add = (term: string) => {
    const text = term.trim().replace(/\s+/g, ' ');
    const key = text.toLowerCase();
    if (text !== '' && !seen.has(key)) {
      seen.add(key);
      terms.push(text);
    }
  };
  for (const match of search.matchAll(/"([^"]*)"?|[^\s"]+/g)) add(match[1] ?? match[0]);
  return terms;
}

/** The payload of a cursor (the service signs it; see CursorParam). */
export function encodeSessionCursor(cursor: SessionCursor): string {
  const compact = {
    v: cursor.value,
    i: cursor.session_id,
    p: cursor.page,
    t: cursor.total_items,
    f: cursor.fingerprint,
  };
  return toBase64Url(JSON.stringify(compact));
}

/** The cursor a payload holds, or undefined if it holds none (verify its signature first). */
export function decodeSessionCursor(payload: string): SessionCursor | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  const decoded = v.safeParse(SessionCursor, decodeCursorPayload(payload));
  return decoded.success ? decoded.output : undefined;
}

function decodeCursorPayload(encoded: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(fromBase64Url(encoded));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const compact = parsed as Record<string, unknown>;
    return {
      value: compact.v,
      session_id: compact.i,
      page: compact.p,
      total_items: compact.t,
      fingerprint: compact.f,
    };
  } catch {
    return undefined;
  }
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

/** cyrb53: a fast 53-bit string hash (public domain), enough to tell filter sets apart. */
function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
