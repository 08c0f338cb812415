import {
  PaginatedSessions,
  type SessionOverview,
  type SessionSortField,
  type SortOrder,
  sessionSortFields,
} from '@hindsight/models';
import { generateHistory, writeHistory } from '@hindsight/repository/testing';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { createHub } from '../services.js';
import { createTestServices, type TestServices, testCaller } from '../testing/index.js';

const history = generateHistory(60);

function expectedIds(
  sessions: readonly SessionOverview[],
  by: Exclude<SessionSortField, 'relevance'>,
  order: SortOrder,
): string[] {
  const compare = (a: string | number | null, b: string | number | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
  return [...sessions]
    .sort((x, y) => {
      const c = compare(x[by], y[by]) || compare(x.session_id, y.session_id);
      return order === 'asc' ? c : -c;
    })
    .map((s) => s.session_id);
}

describe('listSessions', () => {
  let t: TestServices;
  let all: SessionOverview[];
  beforeAll(async () => {
    t = await createTestServices();
    await writeHistory(t.ctx.db, history);
    all = (await t.services.sessions.list({ page_size: 100 })).sessions;
  });
  afterAll(() => t.dispose());

  it('answers a valid PaginatedSessions, newest first by default', async () => {
    const page = await t.services.sessions.list({});
    expect(v.parse(PaginatedSessions, page)).toEqual(page);
    expect(page.sessions).toHaveLength(20);
    expect(page.pagination).toEqual({ page: 1, page_size: 20, total_pages: 3, total_items: 60 });
    expect(page.sessions.map((s) => s.session_id)).toEqual(
      expectedIds(all, 'started_at_us', 'desc').slice(0, 20),
    );
    expect(page.filters_applied).toEqual({});
    expect(page.next_cursor).toEqual(expect.any(String));
  });

  // Relevance is paged by number only (no cursor); it has its own test below.
  const keysetSorts = sessionSortFields.filter(
    (by): by is Exclude<SessionSortField, 'relevance'> => by !== 'relevance',
  );
  const sorts = keysetSorts.flatMap((by) =>
    (['asc', 'desc'] as const).map((order) => ({ by, order })),
  );

  it.each(sorts)(
    'pages by number and by cursor through the same list, sorted by $by $order',
    async ({ by, order }) => {
      const filter = { status: ['completed', 'failed', 'in_progress'] };
      const query = { ...filter, sort_by: by, sort_order: order, page_size: 8 };
      const expected = expectedIds(
        all.filter((s) => filter.status.includes(s.status)),
        by,
        order,
      );

      const byPage: string[] = [];
      const first = await t.services.sessions.list(query);
      for (let page = 1; page <= first.pagination.total_pages; page++) {
        const answer = await t.services.sessions.list({ ...query, page });
        byPage.push(...answer.sessions.map((s) => s.session_id));
      }
      expect(byPage).toEqual(expected);

      const byCursor: string[] = [];
      const pages: number[] = [];
      let answer = first;
      for (;;) {
        byCursor.push(...answer.sessions.map((s) => s.session_id));
        pages.push(answer.pagination.page);
        if (answer.next_cursor === null) break;
        answer = await t.services.sessions.list({ ...query, cursor: answer.next_cursor });
      }
      expect(byCursor).toEqual(expected);
      expect(pages).toEqual(pages.map((_, i) => i + 1));
      expect(answer.pagination.total_items).toBe(expected.length);
    },
  );

  it('ends with no cursor on the last page, and answers an empty page past the end', async () => {
    const last = await t.services.sessions.list({ page: 3 });
    expect(last.sessions).toHaveLength(20);
    expect(last.next_cursor).toBeNull();
    const beyond = await t.services.sessions.list({ page: 9 });
    expect(beyond.sessions).toEqual([]);
    expect(beyond.pagination.page).toBe(9);
  });

  it('echoes the parsed filters', async () => {
    const page = await t.services.sessions.list({
      status: 'failed,completed',
      agent_type: 'alpha',
      search: '  run  ',
    });
    expect(page.filters_applied).toEqual({
      status: ['completed', 'failed'],
      agent_type: 'alpha',
      search: 'run',
    });
  });

  it('refuses a cursor used with other filters, naming cursor', async () => {
    const { next_cursor } = await t.services.sessions.list({ status: 'failed', page_size: 2 });
    const error = await t.services.sessions
      .list({ status: 'completed', page_size: 2, cursor: next_cursor ?? '' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.path)).toEqual(['cursor']);
  });

  it('verifies cursors with the current or the previous secret, and no other', async () => {
    const services = (current: string, previous?: string) =>
      createHub(t.ctx, {
        cursorSecrets: { current, ...(previous === undefined ? {} : { previous }) },
      }).as(testCaller);
    const old = services('old-secret');
    const { next_cursor } = await old.sessions.list({ page_size: 2 });
    const cursor = next_cursor ?? '';
    // Rotated: the new secret signs, the old one still verifies the cursors out there.
    const rotated = services('new-secret', 'old-secret');
    expect((await rotated.sessions.list({ page_size: 2, cursor })).pagination.page).toBe(2);
    expect((await rotated.sessions.list({ page_size: 2 })).next_cursor).not.toBe(cursor);
    // Once the old secret is retired, its cursors are refused.
    const error = await services('new-secret')
      .sessions.list({ page_size: 2, cursor })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      { path: 'cursor', message: 'is not a cursor returned by this API' },
    ]);
  });

  it('accepts another page size with a cursor', async () => {
    const first = await t.services.sessions.list({ page_size: 5 });
    const next = await t.services.sessions.list({ page_size: 10, cursor: first.next_cursor ?? '' });
    expect(next.sessions[0]?.session_id).toBe(expectedIds(all, 'started_at_us', 'desc')[5]);
  });

  it('reports, on cursor pages, the count taken when paging began', async () => {
    const first = await t.services.sessions.list({ agent_type: 'alpha', page_size: 5 });
    const newer = generateHistory(1).sessions.map((s) => ({
      ...s,
      session_id: 'late-arrival',
      agent_type: 'alpha',
    }));
    await writeHistory(t.ctx.db, { sessions: newer, stages: [], llm: [], mcp: [] });
    const next = await t.services.sessions.list({
      agent_type: 'alpha',
      page_size: 5,
      cursor: first.next_cursor ?? '',
    });
    expect(next.pagination.total_items).toBe(first.pagination.total_items);
    const byNumber = await t.services.sessions.list({ agent_type: 'alpha', page_size: 5, page: 2 });
    expect(byNumber.pagination.total_items).toBe(first.pagination.total_items + 1);
  });

  it('refuses a page so deep that its offset is not a safe integer', async () => {
    const error = await t.services.sessions
      .list({ page: 2 ** 52, page_size: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems[0]?.path).toBe('page');
  });
});
