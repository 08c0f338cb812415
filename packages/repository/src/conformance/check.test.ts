import { type SQL, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rollback } from '../migrate.js';
import { type TestDatabase, testDrivers } from '../testing/index.js';
import { checkSchema } from './check.js';
import { SchemaReport } from './report.js';

// Drift made on purpose, one kind per test, each in a fresh database: the
// checker must name the table and column (and index or constraint) involved.
describe.each(testDrivers(process.env.TEST_DATABASE_URL))('checkSchema on $dialect', (driver) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await driver.create();
  });
  afterEach(async () => {
    await database.dispose();
  });

  async function drift(...statements: SQL[]): Promise<SchemaReport> {
    for (const statement of statements) await database.db.execute(statement);
    const report = await checkSchema(database);
    expect(report.ok).toBe(false);
    return report;
  }

  it('finds no problem in a freshly migrated database', async () => {
    const report = await checkSchema(database);
    expect(report).toEqual({ ok: true, problems: [] });
  });

  it('returns a report that is valid JSON of the SchemaReport model', async () => {
    const report = await drift(sql`alter table alert_sessions drop column author`);
    expect(v.parse(SchemaReport, JSON.parse(JSON.stringify(report)))).toEqual(report);
  });

  it('reports a dropped column', async () => {
    const report = await drift(sql`alter table alert_sessions drop column author`);
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: 'missing_column',
        table: 'alert_sessions',
        column: 'author',
        expected: 'text null',
      }),
    );
    // PostgreSQL drops the author sort index with the column; that is reported too.
    expect(report.problems.map((p) => p.kind).sort()).toEqual(['missing_column', 'missing_index']);
  });

  it('reports a column retyped to text', async () => {
    const report = await drift(
      sql`alter table stage_executions alter column stage_index type text`,
    );
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'type_mismatch',
        table: 'stage_executions',
        column: 'stage_index',
        expected: 'integer',
        actual: 'text',
      }),
    ]);
  });

  it('reports a column retyped to integer', async () => {
    const report = await drift(
      sql`alter table llm_interactions alter column step_description type integer using null`,
    );
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: 'type_mismatch',
        table: 'llm_interactions',
        column: 'step_description',
        expected: 'text',
        actual: 'integer',
      }),
    );
  });

  it('reports an unexpected column and an unexpected table', async () => {
    const report = await drift(
      sql`alter table mcp_communications add column retries integer not null default 0`,
      sql`create table scratch (id integer primary key)`,
    );
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: 'unexpected_column',
        table: 'mcp_communications',
        column: 'retries',
        actual: 'integer not null',
      }),
    );
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'unexpected_table', table: 'scratch' }),
    );
  });

  it('reports a dropped index', async () => {
    const report = await drift(sql`drop index alert_sessions_status_started_at_idx`);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'missing_index',
        table: 'alert_sessions',
        column: 'status, started_at_us, session_id',
        constraint: 'alert_sessions_status_started_at_idx',
        expected: 'btree (status, started_at_us, session_id)',
      }),
    ]);
  });

  it('reports an index changed to other columns', async () => {
    const report = await drift(
      sql`drop index stage_executions_agent_idx`,
      sql`create index stage_executions_agent_idx on stage_executions (stage_name)`,
    );
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'index_mismatch',
        table: 'stage_executions',
        constraint: 'stage_executions_agent_idx',
        expected: 'btree (agent)',
        actual: 'btree (stage_name)',
      }),
    ]);
  });

  it('reports a dropped foreign key', async () => {
    const report = await drift(
      sql`alter table stage_executions drop constraint stage_executions_session_fk`,
    );
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'missing_constraint',
        table: 'stage_executions',
        column: 'session_id',
        constraint: 'stage_executions_session_fk',
      }),
    ]);
  });

  it('reports a foreign key that no longer cascades', async () => {
    const report = await drift(
      sql`alter table llm_interactions drop constraint llm_interactions_session_fk`,
      sql`alter table llm_interactions add constraint llm_interactions_session_fk
        foreign key (session_id) references alert_sessions (session_id)`,
    );
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'constraint_mismatch',
        table: 'llm_interactions',
        column: 'session_id',
        constraint: 'llm_interactions_session_fk',
        expected: expect.stringContaining('on delete cascade'),
        actual: expect.stringContaining('on delete no action'),
      }),
    ]);
  });

  it('reports a dropped check constraint', async () => {
    const report = await drift(
      sql`alter table alert_sessions drop constraint alert_sessions_status_check`,
    );
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'missing_constraint',
        table: 'alert_sessions',
        column: 'status',
        constraint: 'alert_sessions_status_check',
      }),
    ]);
  });

  it('reports a NOT NULL column made nullable', async () => {
    const report = await drift(sql`alter table alert_sessions alter column alert_id drop not null`);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'nullability_mismatch',
        table: 'alert_sessions',
        column: 'alert_id',
        expected: 'not null',
        actual: 'null',
      }),
    ]);
  });

  it('reports a default the schema does not declare', async () => {
    const report = await drift(
      sql`alter table alert_sessions alter column status set default 'pending'`,
    );
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'default_mismatch',
        table: 'alert_sessions',
        column: 'status',
        expected: 'no default',
        actual: expect.stringContaining('pending'),
      }),
    ]);
  });

  it('reports un-applied migrations and the tables they would create', async () => {
    const reverted = await rollback(database, Number.MAX_SAFE_INTEGER);
    expect(reverted).toContain('0000_initial');
    const report = await checkSchema(database);
    expect(report.ok).toBe(false);
    const pending = report.problems.filter((found) => found.kind === 'pending_migration');
    expect(pending.map((found) => found.expected).sort()).toEqual([...reverted].sort());
    for (const table of [
      'alert_sessions',
      'stage_executions',
      'llm_interactions',
      'ingest_events',
      'live_events',
      'api_keys',
      'browser_sessions',
      'audit_events',
      'casefiles',
      'casefile_sessions',
      'casefile_notes',
      'casefile_permissions',
      'otel_sessions',
      'otel_spans',
      'price_overrides',
      'session_tombstones',
      'session_counts',
      'usage_hourly',
      'usage_dirty_hours',
    ]) {
      expect(report.problems).toContainEqual(
        expect.objectContaining({ kind: 'missing_table', table }),
      );
    }
  });
});
