import type postgres from 'postgres';

// Bulk-loads the read benchmark's data set on the server itself
// (INSERT ... SELECT over generate_series): no rows cross the wire. Secondary
// indexes are dropped first and rebuilt after the load, from their own
// definitions, so the indexes measured are exactly the migrations' ones.

export const benchSessions = 100_000;

/**
 * Which sessions to add (`from` to `to`, numbered from 1: session g is the
 * same whichever load adds it, so a data set can grow in steps) and how many
 * interactions each ordinary one has (7 LLM calls and 3 MCP calls unless told).
 */
export interface SeedRange {
  readonly from: number;
  readonly to: number;
  readonly llm?: number;
  readonly mcp?: number;
}
/** The session whose detail is measured has 200 interactions. */
export const bigSessionInteractions = { llm: 140, mcp: 60 };

const tables = ['alert_sessions', 'stage_executions', 'llm_interactions', 'mcp_communications'];
/** The usage rollup's triggers (migration 0013_usage). */
export const usageTriggers = [
  'llm_interactions_usage_insert',
  'llm_interactions_usage_update',
  'llm_interactions_usage_delete',
];

const sessionId = (g: string) => `md5('bench' || ${g})::uuid::text`;

const startOf = (g: number) => `(1767225600000000 + ${g}::bigint * 15000000)`;

function loadStatements({ from, to, llm = 7, mcp = 3 }: SeedRange): string[] {
  // Children are added for the sessions of this range only (session g starts at g * 15 s).
  const added = `s.started_at_us between ${startOf(from)} and ${startOf(to)}`;
  return [
    `insert into alert_sessions (session_id, alert_id, alert_type, agent_type, status, started_at_us,
     completed_at_us, error_message, final_analysis, alert_data, session_metadata, chain_id,
     chain_definition, current_stage_index, current_stage_id, author)
   select ${sessionId('g')}, 'alert-' || g,
     case when g % 13 = 0 then null else (array['PodCrashLooping','HighErrorRate','DiskFull',
       'CertificateExpiring','NodeNotReady','HighLatency','OOMKilled','ImagePullBackOff',
       'QuotaExceeded','DNSFailure','ReplicaMismatch','JobFailed'])[1 + g % 12] end,
     (array['kubernetes','observability','database','network','security'])[1 + g % 5],
     st.status, 1767225600000000 + g::bigint * 15000000,
     case when st.status in ('completed','failed','cancelled','timed_out')
       then 1767225600000000 + g::bigint * 15000000 + (30000 + (g::bigint * 7919) % 600000)::bigint * 1000 end,
     case when st.status = 'failed' then 'LLM provider timed out after 3 retries' end,
     case when st.status = 'completed' then '## Root cause' || chr(10) || 'Pod svc' || (g % 50)
       || ' ran out of memory after release ' || (g % 40) || '. Raise the limit or revert.' end,
     jsonb_build_object('cluster', 'prod-' || (g % 4), 'namespace', 'ns' || (g % 30),
       'pod', 'svc' || (g % 50) || '-' || substr(md5(g::text), 1, 6), 'restarts', g % 20),
     case when g % 4 = 0 then jsonb_build_object('team', 'team' || (g % 9)) end,
     'chain-' || (g % 5), '{"stages":[{"id":"collect"},{"id":"analyse"}]}', 1, 'analyse',
     case when g % 7 = 0 then null else 'oncall' || (g % 20) || '@example.com' end
   from generate_series(${from}, ${to}) g
   cross join lateral (select case
     when g % 100 < 85 then 'completed' when g % 100 < 93 then 'failed'
     when g % 100 < 97 then 'in_progress' when g % 100 < 98 then 'pending'
     when g % 100 < 99 then 'cancelled' else 'timed_out' end as status) st`,
    `insert into stage_executions (session_id, execution_id, stage_id, stage_index, stage_name, agent,
     status, started_at_us, completed_at_us, duration_ms)
   select s.session_id, s.session_id || '-' || i, (array['collect','analyse'])[i + 1], i,
     (array['Collect data','Analyse'])[i + 1], (array['KubernetesAgent','ReportAgent'])[i + 1],
     case when s.status = 'failed' and i = 1 then 'failed' else 'completed' end,
     s.started_at_us + i * 1000, s.started_at_us + i * 1000 + 500, 0
   from alert_sessions s, generate_series(0, 1) i where ${added}`,
    `insert into llm_interactions (session_id, interaction_id, stage_execution_id, timestamp_us,
     duration_ms, step_description, model_name, provider, temperature, messages, input_tokens,
     output_tokens, total_tokens, success)
   select s.session_id, s.session_id || '-l' || i, s.session_id || '-' || (i % 2),
     s.started_at_us + i * 10000, 800 + i, 'Reasoning step ' || i, 'gpt-4o', 'openai', 0.2,
     jsonb_build_array(
       jsonb_build_object('role', 'system', 'content', 'You are an SRE agent. Investigate the alert with the tools you have.'),
       jsonb_build_object('role', 'user', 'content', 'Alert ' || coalesce(s.alert_type, 'unknown') || ' on ' || (s.alert_data->>'pod') || ' in ' || (s.alert_data->>'namespace')),
       jsonb_build_object('role', 'assistant', 'content', 'Step ' || i || ': checked events of ' || (s.alert_data->>'pod') || ', restarts ' || (s.alert_data->>'restarts'))),
     900 + i, 120 + i, 1020 + 2 * i, i % 17 <> 0
   from alert_sessions s
   cross join lateral generate_series(1, case when s.session_id = ${sessionId('1')} then ${bigSessionInteractions.llm} else ${llm} end) i
   where ${added}`,
    `insert into mcp_communications (session_id, communication_id, stage_execution_id, timestamp_us,
     duration_ms, step_description, server_name, tool_name, communication_type, parameters, result,
     success)
   select s.session_id, s.session_id || '-m' || i, s.session_id || '-0', s.started_at_us + i * 10000 + 5000,
     40 + i, 'Tool call ' || i, 'kubernetes', 'get_pod_events', 'tool_call',
     jsonb_build_object('pod', s.alert_data->>'pod'),
     jsonb_build_object('events', jsonb_build_array('BackOff restarting failed container', 'Pulled image registry.internal/svc:' || i)),
     true
   from alert_sessions s
   cross join lateral generate_series(1, case when s.session_id = ${sessionId('1')} then ${bigSessionInteractions.mcp} else ${mcp} end) i
   where ${added}`,
  ];
}

export const bigSessionIdSql = `select ${sessionId('1')} as id`;

interface IndexDefinition {
  readonly indexname: string;
  readonly indexdef: string;
}

/** Loads the data set and rebuilds the indexes; returns the seconds each step took. */
export async function seedReadBench(
  sql: postgres.Sql,
  log: (line: string) => void,
  range: SeedRange = { from: 1, to: benchSessions },
): Promise<void> {
  const indexes = await sql<IndexDefinition[]>`
    select i.indexname, i.indexdef from pg_indexes i
    where i.schemaname = 'public' and i.tablename in ${sql(tables)}
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`;
  for (const index of indexes) await sql.unsafe(`drop index "${index.indexname}"`);
  await sql.unsafe(`set maintenance_work_mem = '1GB'`);
  // The usage rollup's triggers look up each session's calls by an index dropped
  // for the load: off while it runs, and every hour marked stale after it.
  for (const trigger of usageTriggers) {
    await sql.unsafe(`alter table llm_interactions disable trigger ${trigger}`);
  }
  for (const statement of loadStatements(range)) {
    const started = performance.now();
    const result = await sql.unsafe(statement);
    const table = /insert into (\w+)/.exec(statement)?.[1];
    log(`  loaded ${result.count} rows into ${table} in ${seconds(started)}`);
  }
  for (const trigger of usageTriggers) {
    await sql.unsafe(`alter table llm_interactions enable trigger ${trigger}`);
  }
  await sql.unsafe(`insert into usage_dirty_hours (hour_us)
    select distinct timestamp_us - timestamp_us % 3600000000 from llm_interactions`);
  for (const index of indexes) {
    const started = performance.now();
    await sql.unsafe(index.indexdef);
    log(`  built ${index.indexname} in ${seconds(started)}`);
  }
  const started = performance.now();
  await sql.unsafe('vacuum analyze');
  log(`  vacuum analyze in ${seconds(started)}`);
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
