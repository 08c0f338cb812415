import { describe, expect, it } from 'vitest';
import { formatSchemaReport } from './format.js';
import { problem, schemaReport } from './report.js';
import { normaliseSqlType } from './shape.js';

describe('formatSchemaReport', () => {
  it('prints one ok line for a clean report', () => {
    expect(formatSchemaReport(schemaReport([]))).toMatch(/^ok: /);
  });

  it('prints a header and one aligned line per problem', () => {
    const report = schemaReport([
      problem('missing_column', 'alert_sessions', 'column alert_sessions.author does not exist', {
        column: 'author',
        expected: 'text null',
      }),
      problem('missing_index', 'stage_executions', 'index is missing', {
        column: 'agent',
        constraint: 'stage_executions_agent_idx',
        expected: 'btree (agent)',
      }),
      problem('pending_migration', 'drizzle.__drizzle_migrations', 'not applied', {
        expected: '0001_next',
        actual: 'not applied',
      }),
    ]);
    const lines = formatSchemaReport(report).split('\n');
    expect(lines[0]).toBe('schema drift: 3 problems');
    expect(lines[1]).toMatch(/^KIND\s+WHERE\s+EXPECTED\s+ACTUAL$/);
    expect(lines[2]).toMatch(/^missing_column\s+alert_sessions\.author\s+text null\s+-$/);
    expect(lines[3]).toContain('stage_executions.agent [stage_executions_agent_idx]');
    expect(lines[4]).toMatch(
      /^pending_migration\s+drizzle\.__drizzle_migrations\s+0001_next\s+not applied$/,
    );
    // Columns line up: every WHERE cell starts at the same offset.
    const offsets = lines
      .slice(1)
      .map((line) => line.search(/(WHERE|alert_sessions|stage_|drizzle)/));
    expect(new Set(offsets).size).toBe(1);
  });
});

describe('normaliseSqlType', () => {
  it.each([
    ['varchar(255)', 'character varying(255)'],
    ['character varying(255)', 'character varying(255)'],
    ['numeric(10, 2)', 'numeric(10,2)'],
    ['timestamp', 'timestamp without time zone'],
    ['timestamp (3) with time zone', 'timestamp(3) with time zone'],
    ['timestamptz', 'timestamp with time zone'],
    ['serial', 'integer'],
    ['bigserial', 'bigint'],
    ['int4', 'integer'],
    ['text[]', 'text[]'],
    ['double precision', 'double precision'],
  ])('%s reads as %s', (raw, normal) => {
    expect(normaliseSqlType(raw)).toBe(normal);
  });
});
