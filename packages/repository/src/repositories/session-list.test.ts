import {
  type SessionListFilters,
  SessionOverview,
  type SessionRecord,
  type SessionSortField,
  type SortOrder,
  sessionSortFields,
} from '@hindsight/models';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistory, type TestDatabase, testDrivers, writeHistory } from '../testing/index.js';
import { countSessions, findSessionOverviews, type SessionSort } from './session-list.js';

const history = generateHistory(60);

/** Null sorts as the largest value; session_id breaks ties; desc reverses everything. */
function expectedIds(sessions: readonly SessionOverview[], sort: FieldSort): string[] {
  const compare = (a: string | number | null, b: string | number | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
  return [...sessions]
    .sort((x, y) => {
      const c = compare(x[sort.by], y[sort.by]) || compare(x.session_id, y.session_id);
      return sort.order === 'asc' ? c : -c;
    })
    .map((s) => s.session_id);
}

function matches(session: SessionRecord, filters: SessionListFilters): boolean {
  return (
    (filters.status === undefined || filters.status.includes(session.status)) &&
    (filters.agent_type === undefined || session.agent_type === filters.agent_type) &&
    (filters.alert_type === undefined || session.alert_type === filters.alert_type) &&
    (filters.start_date_us === undefined || session.started_at_us >= filters.start_date_us) &&
    (filters.end_date_us === undefined || session.started_at_us <= filters.end_date_us)
  );
}

/** The sorts by a field of the row (relevance is ordered by the search: see session-search.test.ts). */
type FieldSort = SessionSort & { readonly by: Exclude<SessionSortField, 'relevance'> };

const sorts: FieldSort[] = sessionSortFields
  .filter((by): by is FieldSort['by'] => by !== 'relevance')
  .flatMap((by) => (['asc', 'desc'] as SortOrder[]).map((order) => ({ by, order })));

describe.each(testDrivers(process.env.TEST_DATABASE_URL))('session list on $dialect', (driver) => {
  let database: TestDatabase;
  let all: SessionOverview[];
  beforeAll(async () => {
    database = await driver.create();
    await writeHistory(database.db, history);
    all = await findSessionOverviews(database.db, {
      filters: {},
      sort: { by: 'started_at_us', order: 'desc' },
      limit: 1000,
    });
  });
  afterAll(() => database.dispose());

  it('returns every session as a valid overview', () => {
    expect(all).toHaveLength(history.sessions.length);
    for (const overview of all) expect(v.parse(SessionOverview, overview)).toEqual(overview);
  });

  it('computes the totals of each session from its stages and interactions', () => {
    for (const overview of all) {
      const id = overview.session_id;
      const llm = history.llm.filter((l) => l.session_id === id);
      const stages = history.stages.filter((s) => s.session_id === id);
      const sum = (values: Array<number | null>) =>
        values.some((x) => x !== null)
          ? values.reduce<number>((total, x) => total + (x ?? 0), 0)
          : null;
      expect(overview.llm_interaction_count).toBe(llm.length);
      expect(overview.mcp_communication_count).toBe(
        history.mcp.filter((m) => m.session_id === id).length,
      );
      expect(overview.session_input_tokens).toBe(sum(llm.map((l) => l.input_tokens)));
      expect(overview.session_output_tokens).toBe(sum(llm.map((l) => l.output_tokens)));
      expect(overview.completed_stages).toBe(stages.filter((s) => s.status === 'completed').length);
      expect(overview.failed_stages).toBe(stages.filter((s) => s.status === 'failed').length);
      const record = history.sessions.find((s) => s.session_id === id);
      const listed = record?.chain_definition.stages;
      expect(overview.total_stages).toBe(Array.isArray(listed) ? listed.length : stages.length);
    }
  });

  const filterCases: Array<[string, SessionListFilters]> = [
    ['no filter', {}],
    ['one status', { status: ['failed'] }],
    ['several statuses', { status: ['pending', 'completed', 'timed_out'] }],
    ['agent type', { agent_type: 'beta' }],
    ['alert type', { alert_type: 'memory' }],
    [
      'a time range (both ends inclusive)',
      {
        start_date_us: history.sessions[5]?.started_at_us ?? 0,
        end_date_us: (history.sessions[5]?.started_at_us ?? 0) + 4 * 60_000_000,
      },
    ],
    ['everything together', { status: ['completed', 'failed'], agent_type: 'alpha' }],
    ['nothing matches', { agent_type: 'omega' }],
  ];

  it.each(filterCases)('filters by %s, and counts what it filters', async (_, filters) => {
    const expected = history.sessions.filter((s) => matches(s, filters));
    const listed = await findSessionOverviews(database.db, {
      filters,
      sort: { by: 'started_at_us', order: 'desc' },
      limit: 1000,
    });
    expect(listed.map((s) => s.session_id).sort()).toEqual(
      expected.map((s) => s.session_id).sort(),
    );
    expect(await countSessions(database.db, filters)).toBe(expected.length);
  });

  it('has filter cases that select something and leave something out', () => {
    const sizes = filterCases.map(([, f]) => history.sessions.filter((s) => matches(s, f)).length);
    expect(sizes.filter((n) => n > 0 && n < history.sessions.length).length).toBe(6);
  });

  describe.each(sorts)('sorted by $by $order', (sort) => {
    const filterSets: SessionListFilters[] = [{}, { status: ['completed', 'failed', 'pending'] }];

    it.each(filterSets)(
      'pages by offset and by keyset cover %j exactly, in order',
      async (filters) => {
        const expected = expectedIds(
          all.filter((s) =>
            matches(
              history.sessions.find((r) => r.session_id === s.session_id) as SessionRecord,
              filters,
            ),
          ),
          sort,
        );
        const pageSize = 7;
        const byOffset: string[] = [];
        for (let offset = 0; offset <= expected.length; offset += pageSize) {
          const page = await findSessionOverviews(database.db, {
            filters,
            sort,
            limit: pageSize,
            offset,
          });
          byOffset.push(...page.map((s) => s.session_id));
        }
        expect(byOffset).toEqual(expected);

        const byKeyset: string[] = [];
        let after: { value: string | number | null; session_id: string } | undefined;
        for (let guard = 0; guard < 100; guard++) {
          const page = await findSessionOverviews(database.db, {
            filters,
            sort,
            limit: pageSize,
            ...(after ? { after } : {}),
          });
          byKeyset.push(...page.map((s) => s.session_id));
          const last = page.at(-1);
          if (page.length < pageSize || !last) break;
          after = { value: last[sort.by], session_id: last.session_id };
        }
        expect(byKeyset).toEqual(expected);
      },
    );
  });

  it('really has ties and nulls in the sort fields it pages through', () => {
    for (const field of ['started_at_us', 'duration_ms', 'alert_type', 'author'] as const) {
      const values = all.map((s) => s[field]);
      expect(new Set(values).size, field).toBeLessThan(values.length);
    }
    for (const field of ['duration_ms', 'alert_type', 'author'] as const) {
      expect(
        all.some((s) => s[field] === null),
        field,
      ).toBe(true);
    }
  });
});
