import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../database.js';
import { migrate } from '../migrate.js';
import { narrowRows } from './search-probe.js';
import { countSessions, findSessionOverviews, findSessionPage } from './session-list.js';
import { findSessionDetail } from './sessions.js';

// The plans PostgreSQL chooses for the read queries, on enough data that a
// sequential scan would be chosen if an index were missing or not matched by
// the query's expressions. The statements explained are the ones the
// repository really runs, captured as it runs them; the planner is left alone.

const adminUrl = process.env.TEST_DATABASE_URL;
const interactionTables = ['llm_interactions', 'mcp_communications', 'stage_executions'];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

const seed = [
  `insert into alert_sessions (session_id, alert_id, alert_type, agent_type, status, started_at_us,
     completed_at_us, alert_data, chain_id, chain_definition, author, final_analysis)
   select 's' || lpad(g::text, 6, '0'), 'a' || g, 'type' || (g % 7), 'agent' || (g % 3),
     (array['completed','failed','in_progress'])[1 + g % 3], 1767225600000000 + g::bigint * 1000000,
     case when g % 3 = 2 then null else 1767225600000000 + g::bigint * 1000000 + (g % 97) * 1000 end,
     jsonb_build_object('pod', 'pod-' || g), 'chain', '{"stages":[{"id":"a"}]}',
     case when g % 5 = 0 then null else 'user' || (g % 11) end, 'analysis ' || g
   from generate_series(1, 5000) g`,
  `insert into stage_executions (session_id, execution_id, stage_id, stage_index, stage_name, agent, status)
   select s.session_id, s.session_id || '-e' || i, 'st' || i, i, 'stage', 'agent', 'completed'
   from alert_sessions s, generate_series(0, 1) i`,
  `insert into llm_interactions (session_id, interaction_id, stage_execution_id, timestamp_us, model_name,
     messages, input_tokens, output_tokens, total_tokens, success, cost_usd)
   select s.session_id, s.session_id || '-l' || i, s.session_id || '-e0', s.started_at_us + i, 'gpt',
     jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'question ' || i || ' about ' || s.session_id)),
     10, 5, 15, true, (right(s.session_id, 3)::int % 50) * 0.0001
   from alert_sessions s, generate_series(1, 10) i`,
  `insert into mcp_communications (session_id, communication_id, stage_execution_id, timestamp_us, server_name,
     communication_type, tool_name, result, success)
   select s.session_id, s.session_id || '-m' || i, s.session_id || '-e1', s.started_at_us + 100 + i, 'k8s',
     'tool_call', 'get', jsonb_build_object('out', 'result ' || i || ' of ' || s.session_id), true
   from alert_sessions s, generate_series(1, 4) i`,
  'analyze',
];

describe.skipIf(!adminUrl)(
  'query plans on PostgreSQL (5,000 sessions, 70,000 interactions)',
  () => {
    const name = `hindsight_plans_${randomBytes(6).toString('hex')}`;
    let database: Database;
    let client: postgres.Sql;
    const captured: Array<{ query: string; params: unknown[] }> = [];

    beforeAll(async () => {
      const admin = postgres(adminUrl as string, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${name}"`);
      await admin.end();
      const url = new URL(adminUrl as string);
      url.pathname = `/${name}`;
      database = await createDatabase(url.toString(), {
        maxConnections: 2,
        onQuery: (query, params) => captured.push({ query, params }),
      });
      await migrate(database);
      client = postgres(url.toString(), { max: 1, onnotice: () => {} });
      for (const statement of seed) await client.unsafe(statement);
    });

    afterAll(async () => {
      await client?.end();
      await database?.close();
      const admin = postgres(adminUrl as string, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    });

    /** Runs `work` and returns the plan of every statement it ran. */
    async function plansOf(work: () => Promise<unknown>): Promise<PlanNode[][]> {
      captured.length = 0;
      await work();
      const plans: PlanNode[][] = [];
      // Transaction control (`set transaction ...`) has no plan.
      for (const { query, params } of captured.filter((c) =>
        /^\s*(select|with)\b/i.test(c.query),
      )) {
        const [row] = await client.unsafe(`explain (format json) ${query}`, params as never[]);
        const [explained] = (row?.['QUERY PLAN'] ?? []) as Array<{ Plan: PlanNode }>;
        if (!explained) throw new Error(`no plan for ${query}`);
        plans.push(nodesOf(explained.Plan));
      }
      return plans;
    }

    function expectNoSeqScanOfInteractions(plans: PlanNode[][]) {
      for (const nodes of plans) {
        const seqScans = nodes.filter(
          (n) =>
            n['Node Type'] === 'Seq Scan' && interactionTables.includes(n['Relation Name'] ?? ''),
        );
        expect(seqScans).toEqual([]);
      }
    }

    function indexesUsed(plans: PlanNode[][]): string[] {
      return plans.flat().flatMap((n) => (n['Index Name'] ? [n['Index Name']] : []));
    }

    it('reads a list page through the start-time index and totals through the session indexes', async () => {
      const plans = await plansOf(() =>
        findSessionOverviews(database.db, {
          filters: {},
          sort: { by: 'started_at_us', order: 'desc' },
          limit: 21,
        }),
      );
      expect(plans).toHaveLength(2);
      expectNoSeqScanOfInteractions(plans);
      const used = indexesUsed(plans);
      expect(used).toContain('alert_sessions_started_at_idx');
      expect(used).toContain('llm_interactions_session_timestamp_idx');
      expect(used).toContain('mcp_communications_session_timestamp_idx');
    });

    it.each([
      ['started_at_us', 1767225600000000 + 2500 * 1000000, 'alert_sessions_started_at_idx'],
      ['duration_ms', 40, 'alert_sessions_duration_sort_idx'],
      ['author', 'user3', 'alert_sessions_author_sort_idx'],
      ['alert_type', 'type4', 'alert_sessions_alert_type_sort_idx'],
      ['status', 'failed', 'alert_sessions_status_sort_idx'],
      ['agent_type', 'agent1', 'alert_sessions_agent_type_sort_idx'],
      ['session_cost_usd', '0.025', 'alert_sessions_cost_sort_idx'],
    ] as const)(
      'reads a cursor page sorted by %s as a range of its index',
      async (by, value, index) => {
        for (const order of ['asc', 'desc'] as const) {
          const plans = await plansOf(() =>
            findSessionOverviews(database.db, {
              filters: {},
              sort: { by, order },
              limit: 21,
              after: { value, session_id: 's002500' },
            }),
          );
          expectNoSeqScanOfInteractions(plans);
          expect(indexesUsed(plans.slice(0, 1)), `${by} ${order}`).toContain(index);
          // The keyset condition is an index condition, not a filter over rows read.
          const scan = plans[0]?.find((n) => n['Index Name'] === index);
          expect(scan?.['Index Cond'] ?? '', `${by} ${order}`).toContain('s002500');
        }
      },
    );

    it('filters by min_cost_usd through the cost index, with the totals kept, not summed', async () => {
      const plans = await plansOf(() =>
        findSessionOverviews(database.db, {
          filters: { min_cost_usd: '0.049' },
          sort: { by: 'session_cost_usd', order: 'desc' },
          limit: 21,
        }),
      );
      expectNoSeqScanOfInteractions(plans);
      expect(indexesUsed(plans.slice(0, 1))).toContain('alert_sessions_cost_sort_idx');
    });

    it('reads a session detail through the session indexes of every child table', async () => {
      const plans = await plansOf(() => findSessionDetail(database.db, 's001234'));
      expectNoSeqScanOfInteractions(plans);
      const used = indexesUsed(plans);
      expect(used).toContain('llm_interactions_session_timestamp_idx');
      expect(used).toContain('mcp_communications_session_timestamp_idx');
      expect(used.some((i) => i.startsWith('stage_executions_'))).toBe(true);
    });

    // Every word must be found (search.ts): a word found in most rows (`question`) is rightly
    // read with a sequential scan; selective words, a quoted phrase, and words too short for
    // trigrams beside a selective one are not.
    it('answers a selective search from the GIN indexes, never scanning interactions', async () => {
      for (const search of [
        's001234',
        '"question 7 about s004321"',
        'pod-4321',
        'S004321 pod-4321',
        's004321 7',
      ]) {
        const plans = await plansOf(() => countSessions(database.db, { search }));
        expectNoSeqScanOfInteractions(plans);
        const used = indexesUsed(plans);
        expect(
          used.some((i) => i.startsWith('llm_interactions_search_')),
          search,
        ).toBe(true);
        expect(
          used.some((i) => i.startsWith('mcp_communications_search_')),
          search,
        ).toBe(true);
      }
    });

    /** Each scan with the node above it, so a scan bounded by a Limit can be told apart. */
    function scansUnder(
      plan: PlanNode,
      parent?: PlanNode,
    ): Array<{ node: PlanNode; parent?: PlanNode }> {
      const here = parent ? { node: plan, parent } : { node: plan };
      return [here, ...(plan.Plans ?? []).flatMap((child) => scansUnder(child, plan))];
    }

    async function rawPlansOf(work: () => Promise<unknown>): Promise<PlanNode[]> {
      captured.length = 0;
      await work();
      const plans: PlanNode[] = [];
      for (const { query, params } of captured.filter((c) =>
        /^\s*(select|with)\b/i.test(c.query),
      )) {
        const [row] = await client.unsafe(`explain (format json) ${query}`, params as never[]);
        const [explained] = (row?.['QUERY PLAN'] ?? []) as Array<{ Plan: PlanNode }>;
        if (!explained) throw new Error(`no plan for ${query}`);
        plans.push(explained.Plan);
      }
      return plans;
    }

    // Issue 18: a selective word beside a word found in most sessions (`about` is in every
    // LLM message, `question` too). The terms are probed (search-probe.ts), so the page and
    // its count read the few matching sessions by primary key: no statement scans
    // alert_sessions, and an interaction table is scanned only by a probe's bounded read.
    it.each(['pod-4321 about', 's004321 question', '"question 7" pod-4321'])(
      'answers the selective two-word search %j without a sequential scan of alert_sessions',
      async (search) => {
        const plans = await rawPlansOf(() =>
          findSessionPage(
            database.db,
            { filters: { search }, sort: { by: 'started_at_us', order: 'desc' }, limit: 21 },
            true,
          ),
        );
        expect(plans.length).toBeGreaterThanOrEqual(3);
        for (const plan of plans) {
          for (const { node, parent } of scansUnder(plan)) {
            if (node['Node Type'] !== 'Seq Scan') continue;
            expect(node['Relation Name'], search).not.toBe('alert_sessions');
            expect(interactionTables).toContain(node['Relation Name']);
            // Only a probe reads an interaction table in order, and it stops after narrowRows + 1 rows.
            expect(parent?.['Node Type'], search).toBe('Limit');
          }
        }
        expect(indexesUsed(plans.map(nodesOf))).toContain('alert_sessions_pkey');
        const page = await findSessionPage(
          database.db,
          { filters: { search }, sort: { by: 'started_at_us', order: 'desc' }, limit: 21 },
          true,
        );
        expect(page.sessions.map((s) => s.session_id)).toEqual(['s004321']);
        expect(page.total).toBe(1);
      },
    );

    it('counts a search whose every word is broad the unprobed way, exactly', async () => {
      // More than narrowRows LLM calls hold each word, so no term is narrow.
      const page = await findSessionPage(
        database.db,
        {
          filters: { search: 'question about' },
          sort: { by: 'started_at_us', order: 'desc' },
          limit: 21,
        },
        true,
      );
      expect(5000).toBeGreaterThan(narrowRows);
      expect(page.total).toBe(5000);
      expect(page.sessions[0]?.session_id).toBe('s005000');
    });
  },
);
