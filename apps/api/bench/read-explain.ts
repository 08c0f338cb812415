import type { Database } from '@hindsight/repository';
import type postgres from 'postgres';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const interactionTables = new Set(['llm_interactions', 'mcp_communications', 'stage_executions']);

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

function describeScan(node: PlanNode): string | undefined {
  if (!/Scan/.test(node['Node Type'])) return undefined;
  const target = node['Index Name'] ?? node['Relation Name'] ?? '';
  return `${node['Node Type']}${target ? ` ${target}` : ''}`;
}

/**
 * Runs `work` with statement capture on, then EXPLAIN ANALYZEs each statement
 * it ran and prints the scans and timings, flagging any sequential scan of an
 * interaction table. Returns false when one is found.
 */
export async function explainWork(
  label: string,
  captured: Array<{ query: string; params: unknown[] }>,
  work: () => Promise<unknown>,
  sql: postgres.Sql,
  log: (line: string) => void,
): Promise<boolean> {
  captured.length = 0;
  await work();
  const statements = captured.filter((s) => /^\s*(select|with)\b/i.test(s.query));
  let clean = true;
  log(`  ${label}`);
  for (const { query, params } of statements) {
    const [row] = await sql.unsafe(`explain (analyze, format json) ${query}`, params as never[]);
    const [explained] = (row?.['QUERY PLAN'] ?? []) as Array<{
      Plan: PlanNode;
      'Execution Time': number;
    }>;
    if (!explained) continue;
    const nodes = nodesOf(explained.Plan);
    const seq = nodes.filter(
      (n) => n['Node Type'] === 'Seq Scan' && interactionTables.has(n['Relation Name'] ?? ''),
    );
    if (seq.length > 0) clean = false;
    const scans = [...new Set(nodes.map(describeScan).filter((s): s is string => !!s))];
    const kind = /json_agg/.test(query)
      ? 'stats'
      : /unnest\(/.test(query)
        ? 'totals'
        : /count\(/.test(query)
          ? 'count'
          : /from "llm_interactions"/.test(query)
            ? 'llm'
            : /from "mcp_communications"/.test(query)
              ? 'mcp'
              : /from "stage_executions"/.test(query)
                ? 'stages'
                : /jsonb_array_length/.test(query)
                  ? 'page'
                  : 'session';
    log(
      `    ${kind.padEnd(6)} ${explained['Execution Time'].toFixed(2).padStart(8)} ms  ${scans.join(', ')}${seq.length > 0 ? '  <-- SEQ SCAN OF AN INTERACTION TABLE' : ''}`,
    );
  }
  return clean;
}

export type { Database };
