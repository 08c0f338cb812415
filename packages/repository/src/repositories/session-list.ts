import {
  buildSessionOverview,
  emptySessionTotals,
  type SessionListFilters,
  type SessionOverview,
  type SessionSortField,
  type SortOrder,
} from '@hindsight/models';
import { and, asc, count, desc, eq, gte, inArray, is, lte, SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../database.js';
import { alertSessions } from '../schema/sessions.js';
import { durationKeys, nullableTextKeys } from '../schema/sort-keys.js';
import { probedSearchCondition } from './search-probe.js';
import { countedByKey, countSessionsByKey } from './session-counts.js';
import { sessionRelevance, sessionSearchCondition } from './session-search.js';
import { findSessionTotals } from './session-totals.js';

/** The order of the session list: a field and a direction. */
export interface SessionSort {
  readonly by: SessionSortField;
  readonly order: SortOrder;
}

/** A row to start after: its value of the sort field and its session id. */
export interface SessionKeyset {
  readonly value: string | number | null;
  readonly session_id: string;
}

/**
 * One page of the session list: its filters, its order, its size and where it starts (a page
 * number or a keyset cursor).
 */
export interface SessionPageRequest {
  readonly filters: SessionListFilters;
  readonly sort: SessionSort;
  readonly limit: number;
  /** Offset paging: rows to skip. */
  readonly offset?: number;
  /** Keyset paging: the rows after this one (in the sort order); wins over `offset`. */
  readonly after?: SessionKeyset;
}

type KeyValue = string | number | boolean;

interface SortKeys {
  /** The index key expressions, in order; session_id follows them. */
  readonly keys: readonly SQL[];
  /** The keyset values of a row with this sort value, one per key. */
  values(value: string | number | null): Array<KeyValue | SQL>;
}

function single(column: AnyPgColumn): SortKeys {
  return {
    keys: [sql`${column}`],
    values: (value) => [value ?? ''],
  };
}

function nullable(keys: [SQL, SQL], fallback: string | number): SortKeys {
  return { keys, values: (value) => [value === null, value ?? fallback] };
}

/** Each sort field's keys match one index of `alert_sessions` (schema/sessions.ts). */
const sortKeys: Readonly<Record<Exclude<SessionSortField, 'relevance'>, SortKeys>> = {
  started_at_us: single(alertSessions.started_at_us),
  status: single(alertSessions.status),
  agent_type: single(alertSessions.agent_type),
  alert_type: nullable(nullableTextKeys(alertSessions.alert_type), ''),
  author: nullable(nullableTextKeys(alertSessions.author), ''),
  duration_ms: nullable(durationKeys(alertSessions), 0),
  // The stored total is never null (0 until a call is priced), so one key; a decimal string
  // bound as numeric, so that it compares as a number.
  session_cost_usd: {
    keys: [sql`${alertSessions.cost_usd}`],
    values: (value) => [sql`${value ?? '0'}::numeric`],
  },
};

/**
 * The filters as one condition (undefined when there are none). `searchOf`
 * writes the search's condition: the unprobed one unless told (see
 * filterConditionOf for the probed one the list uses).
 */
export function sessionFilterCondition(
  filters: SessionListFilters,
  searchOf: (search: string) => SQL | undefined = sessionSearchCondition,
): SQL | undefined {
  const conditions: SQL[] = [];
  if (filters.status !== undefined) conditions.push(inArray(alertSessions.status, filters.status));
  if (filters.agent_type !== undefined)
    conditions.push(eq(alertSessions.agent_type, filters.agent_type));
  if (filters.alert_type !== undefined)
    conditions.push(eq(alertSessions.alert_type, filters.alert_type));
  if (filters.start_date_us !== undefined)
    conditions.push(gte(alertSessions.started_at_us, filters.start_date_us));
  if (filters.end_date_us !== undefined)
    conditions.push(lte(alertSessions.started_at_us, filters.end_date_us));
  if (filters.min_cost_usd !== undefined)
    conditions.push(sql`${alertSessions.cost_usd} >= ${filters.min_cost_usd}::numeric`);
  if (filters.search !== undefined) {
    const search = searchOf(filters.search);
    if (search) conditions.push(search);
  }
  return and(...conditions);
}

/** The filters as one condition, the search's decided by probing its terms (search-probe.ts). */
async function filterConditionOf(db: Db, filters: SessionListFilters): Promise<SQL | undefined> {
  if (filters.search === undefined) return sessionFilterCondition(filters);
  const search = await probedSearchCondition(db, filters.search);
  return sessionFilterCondition(filters, () => search);
}

function keysetCondition(sort: SessionSort, after: SessionKeyset): SQL {
  if (sort.by === 'relevance') throw new Error('a relevance order is paged by offset, not keyset');
  const { keys, values } = sortKeys[sort.by];
  const left = sql.join([...keys, sql`${alertSessions.session_id}`], sql`, `);
  const right = sql.join(
    [...values(after.value), after.session_id].map((value) =>
      is(value, SQL) ? value : sql`${value}`,
    ),
    sql`, `,
  );
  return sort.order === 'asc' ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`;
}

function orderBy(sort: SessionSort, search: string | undefined): SQL[] {
  const direction = sort.order === 'asc' ? asc : desc;
  if (sort.by === 'relevance') {
    // Most relevant first (least with asc), then newest first: the default order breaks ties.
    const newest = orderBy({ by: 'started_at_us', order: 'desc' }, undefined);
    return search === undefined ? newest : [direction(sessionRelevance(search)), ...newest];
  }
  return [...sortKeys[sort.by].keys, sql`${alertSessions.session_id}`].map((key) => direction(key));
}

const chainStageCount = sql<
  number | null
>`case when jsonb_typeof(${alertSessions.chain_definition} -> 'stages') = 'array' then jsonb_array_length(${alertSessions.chain_definition} -> 'stages') end`;

/**
 * One page of sessions as a list shows them, in the requested order with ties
 * broken by session_id. A keyset page (`after`) is an index range read from its
 * start, so it costs the same at any depth; an offset page reads and skips.
 * Totals come from one more query for the whole page.
 */
export async function findSessionOverviews(
  db: Db,
  request: SessionPageRequest,
): Promise<SessionOverview[]> {
  return pageOf(db, request, await filterConditionOf(db, request.filters));
}

async function pageOf(
  db: Db,
  request: SessionPageRequest,
  filter: SQL | undefined,
): Promise<SessionOverview[]> {
  const where = request.after ? and(filter, keysetCondition(request.sort, request.after)) : filter;
  const query = db
    .select({
      session_id: alertSessions.session_id,
      alert_id: alertSessions.alert_id,
      alert_type: alertSessions.alert_type,
      agent_type: alertSessions.agent_type,
      status: alertSessions.status,
      author: alertSessions.author,
      started_at_us: alertSessions.started_at_us,
      completed_at_us: alertSessions.completed_at_us,
      error_message: alertSessions.error_message,
      chain_id: alertSessions.chain_id,
      current_stage_index: alertSessions.current_stage_index,
      final_analysis_summary: alertSessions.final_analysis_summary,
      pause_metadata: alertSessions.pause_metadata,
      runbook_url: alertSessions.runbook_url,
      mcp_selection: alertSessions.mcp_selection,
      slack_message_fingerprint: alertSessions.slack_message_fingerprint,
      chain_stage_count: chainStageCount,
    })
    .from(alertSessions)
    .where(where)
    .orderBy(...orderBy(request.sort, request.filters.search))
    .limit(request.limit);
  const rows = await (request.after || !request.offset ? query : query.offset(request.offset));
  const totals = await findSessionTotals(
    db,
    rows.map((row) => row.session_id),
  );
  return rows.map((row) =>
    buildSessionOverview(row, totals.get(row.session_id) ?? emptySessionTotals),
  );
}

/**
 * How many sessions pass the filters, exactly: from the maintained counters
 * when only status, agent type and alert type filter (a cost that does not
 * grow with the history: see session-counts.ts), else by counting the rows.
 */
export async function countSessions(db: Db, filters: SessionListFilters): Promise<number> {
  if (countedByKey(filters)) return countSessionsByKey(db, filters);
  return countOf(db, await filterConditionOf(db, filters));
}

async function countOf(db: Db, filter: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: count() }).from(alertSessions).where(filter);
  return row?.n ?? 0;
}

/**
 * One page and, unless `count` is false (a cursor carries its count), the
 * number of sessions passing the filters: what a list request needs, with a
 * search's terms probed once for both (search-probe.ts).
 */
export async function findSessionPage(
  db: Db,
  request: SessionPageRequest,
  count: boolean,
): Promise<{ sessions: SessionOverview[]; total: number | undefined }> {
  const { filters } = request;
  const filter = await filterConditionOf(db, filters);
  const [sessions, total] = await Promise.all([
    pageOf(db, request, filter),
    !count
      ? undefined
      : countedByKey(filters)
        ? countSessionsByKey(db, filters)
        : countOf(db, filter),
  ]);
  return { sessions, total };
}

/** The overviews of the sessions with these ids that exist (a casefile's sessions), by id. */
export async function findSessionOverviewsByIds(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, SessionOverview>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      session_id: alertSessions.session_id,
      alert_id: alertSessions.alert_id,
      alert_type: alertSessions.alert_type,
      agent_type: alertSessions.agent_type,
      status: alertSessions.status,
      author: alertSessions.author,
      started_at_us: alertSessions.started_at_us,
      completed_at_us: alertSessions.completed_at_us,
      error_message: alertSessions.error_message,
      chain_id: alertSessions.chain_id,
      current_stage_index: alertSessions.current_stage_index,
      final_analysis_summary: alertSessions.final_analysis_summary,
      pause_metadata: alertSessions.pause_metadata,
      runbook_url: alertSessions.runbook_url,
      mcp_selection: alertSessions.mcp_selection,
      slack_message_fingerprint: alertSessions.slack_message_fingerprint,
      chain_stage_count: chainStageCount,
    })
    .from(alertSessions)
    .where(inArray(alertSessions.session_id, [...ids]));
  const totals = await findSessionTotals(
    db,
    rows.map((row) => row.session_id),
  );
  return new Map(
    rows.map((row) => [
      row.session_id,
      buildSessionOverview(row, totals.get(row.session_id) ?? emptySessionTotals),
    ]),
  );
}
