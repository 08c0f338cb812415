import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test/fixtures.js';
import { sessionListQuery } from '../test/read-fixtures.js';
import { FinalAnalysisQuery } from './final-analysis.js';
import {
  decodeSessionCursor,
  encodeSessionCursor,
  type SessionCursor,
  SessionListQuery,
  sessionCursorFits,
  sessionListFilters,
  sessionListFingerprint,
} from './session-list.js';

const T0 = 1_767_225_600_000_000;

/** A cursor payload; on the wire the service adds its signature (`payload.signature`). */
function cursorFor(query: SessionListQuery, overrides: Partial<SessionCursor> = {}): string {
  return encodeSessionCursor({
    value: T0,
    session_id: 'session-9',
    page: 2,
    total_items: 30,
    fingerprint: sessionListFingerprint(query),
    ...overrides,
  });
}

describe('SessionListQuery', () => {
  it('defaults to the first 20 sessions, newest first', () => {
    expect(v.parse(SessionListQuery, {})).toEqual({
      page: 1,
      page_size: 20,
      sort_by: 'started_at_us',
      sort_order: 'desc',
    });
  });

  it('reads a query string: numbers from digits, statuses repeated or comma-separated', () => {
    const parsed = v.parse(SessionListQuery, {
      status: ['failed', 'completed,failed'],
      agent_type: 'sre',
      search: '  checkout-api  ',
      start_date_us: '1000',
      end_date_us: '2000',
      page: '3',
      page_size: '50',
      sort_by: 'author',
      sort_order: 'asc',
    });
    expect(parsed).toEqual({
      // Deduplicated, in lifecycle order, so that equal filters compare equal.
      status: ['completed', 'failed'],
      agent_type: 'sre',
      search: 'checkout-api',
      start_date_us: 1000,
      end_date_us: 2000,
      page: 3,
      page_size: 50,
      sort_by: 'author',
      sort_order: 'asc',
    });
    expect(v.parse(SessionListQuery, { status: 'paused' }).status).toEqual(['paused']);
  });

  it('is idempotent: its output parses to itself', () => {
    const once = v.parse(SessionListQuery, { status: 'failed,pending', page_size: '7' });
    expect(v.parse(SessionListQuery, once)).toEqual(once);
    const query = sessionListQuery({ page: 1 });
    const withCursor = v.parse(SessionListQuery, { ...query, cursor: `${cursorFor(query)}.sig` });
    expect(v.parse(SessionListQuery, withCursor)).toEqual(withCursor);
  });

  it.each([
    [{ page_size: '0' }, 'page_size'],
    [{ page_size: '101' }, 'page_size'],
    [{ page_size: '1.5' }, 'page_size'],
    [{ page_size: 'ten' }, 'page_size'],
    [{ page: '0' }, 'page'],
    [{ page: '-1' }, 'page'],
    [{ page: '99999999999999999999' }, 'page'],
    [{ sort_by: 'alert_data' }, 'sort_by'],
    [{ sort_order: 'up' }, 'sort_order'],
    [{ search: 'ab' }, 'search'],
    [{ search: '   abc' }, undefined],
    [{ search: 'x'.repeat(201) }, 'search'],
    [{ agent_type: '' }, 'agent_type'],
    [{ alert_type: 'x'.repeat(256) }, 'alert_type'],
    [{ start_date_us: 'yesterday' }, 'start_date_us'],
    [{ end_date_us: '-5' }, 'end_date_us'],
    [{ start_date_us: '2000', end_date_us: '2000' }, 'end_date_us'],
    [{ start_date_us: '3000', end_date_us: '2000' }, 'end_date_us'],
    [{ cursor: 'not a cursor!' }, 'cursor'],
    [{ cursor: 'eyJmb28iOjF9' }, 'cursor'],
    [{ cursor: 'eyJmb28iOjF9.' }, 'cursor'],
    [{ cursor: 'eyJmb28iOjF9.a.b' }, 'cursor'],
    [{ cursor: 'eyJmb28iOjF9.sig' }, undefined],
    [{ cursor: 'x'.repeat(3000) }, 'cursor'],
  ])('names the parameter of %j', (input, path) => {
    expect(issuePaths(SessionListQuery, input)).toEqual(path === undefined ? [] : [path]);
  });

  it('names the bad entry of a status list', () => {
    expect(issuePaths(SessionListQuery, { status: ['completed', 'done'] })).toEqual(['status.1']);
    expect(issuePaths(SessionListQuery, { status: 'completed,' })).toEqual(['status.1']);
  });

  it('decodes a cursor payload, and nothing that is not one', () => {
    const query = v.parse(SessionListQuery, { status: 'failed', sort_by: 'started_at_us' });
    expect(decodeSessionCursor(cursorFor(query))).toEqual({
      value: T0,
      session_id: 'session-9',
      page: 2,
      total_items: 30,
      fingerprint: sessionListFingerprint(query),
    });
    expect(decodeSessionCursor('eyJmb28iOjF9')).toBeUndefined();
    expect(decodeSessionCursor('not a cursor!')).toBeUndefined();
  });

  it('fits a cursor only to the filters and sort it was made for', () => {
    const query = v.parse(SessionListQuery, { status: 'failed' });
    const cursor = decodeSessionCursor(cursorFor(query));
    if (!cursor) throw new Error('no cursor');
    expect(sessionCursorFits(query, cursor)).toBe(true);
    for (const other of [
      { status: 'completed' },
      { status: 'failed', agent_type: 'sre' },
      { status: 'failed', sort_order: 'asc' },
      { status: 'failed', search: 'disk' },
      {},
    ]) {
      expect(
        sessionCursorFits(v.parse(SessionListQuery, other), cursor),
        JSON.stringify(other),
      ).toBe(false);
    }
  });

  it('refuses a cursor whose value does not fit the sort field', () => {
    const bySize = v.parse(SessionListQuery, { sort_by: 'duration_ms' });
    const byStatus = v.parse(SessionListQuery, { sort_by: 'status' });
    const byStart = v.parse(SessionListQuery, {});
    const cases: Array<[SessionListQuery, SessionCursor['value']]> = [
      [byStart, null],
      [byStart, 'yesterday'],
      [byStart, -1],
      [bySize, 'long'],
      [byStatus, 'exploded'],
      [byStatus, null],
    ];
    const fits = (query: SessionListQuery, value: SessionCursor['value']) => {
      const cursor = decodeSessionCursor(cursorFor(query, { value }));
      return cursor !== undefined && sessionCursorFits(query, cursor);
    };
    for (const [query, value] of cases) expect(fits(query, value), String(value)).toBe(false);
    // A running session (no duration yet) is a valid place to continue from.
    expect(fits(bySize, null)).toBe(true);
  });

  it('refuses page and cursor together, at page', () => {
    const query = v.parse(SessionListQuery, {});
    expect(issuePaths(SessionListQuery, { page: '3', cursor: `${cursorFor(query)}.sig` })).toEqual([
      'page',
    ]);
  });

  it('round-trips ids that are not ASCII through the cursor', () => {
    const query = v.parse(SessionListQuery, { sort_by: 'author' });
    const payload = cursorFor(query, { value: 'zoë@example.com', session_id: 'sessión-ü' });
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    const cursor = decodeSessionCursor(payload);
    expect(cursor?.session_id).toBe('sessión-ü');
    expect(cursor?.value).toBe('zoë@example.com');
  });

  it('fingerprints equal filters equally and different ones differently', () => {
    const a = v.parse(SessionListQuery, { status: 'failed,completed' });
    const b = v.parse(SessionListQuery, { status: ['completed', 'failed'], page: '4' });
    expect(sessionListFingerprint(a)).toBe(sessionListFingerprint(b));
    const c = v.parse(SessionListQuery, { status: 'failed' });
    expect(sessionListFingerprint(a)).not.toBe(sessionListFingerprint(c));
  });

  it('echoes only the filters that were given', () => {
    const query = v.parse(SessionListQuery, { alert_type: 'DiskFull', page: '2' });
    expect(sessionListFilters(query)).toEqual({ alert_type: 'DiskFull' });
  });
});

describe('FinalAnalysisQuery', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
    [true, true],
  ])('reads include_conversation=%s', (input, expected) => {
    expect(v.parse(FinalAnalysisQuery, { include_conversation: input })).toEqual({
      include_conversation: expected,
    });
  });

  it('defaults to no conversation and refuses anything but a boolean', () => {
    expect(v.parse(FinalAnalysisQuery, {})).toEqual({ include_conversation: false });
    expect(issuePaths(FinalAnalysisQuery, { include_conversation: 'yes' })).toEqual([
      'include_conversation',
    ]);
  });
});
