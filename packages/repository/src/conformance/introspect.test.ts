import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testDrivers } from '../testing/index.js';
import { expectedSchema } from './expected.js';
import { introspectDatabase } from './introspect.js';
import type { SchemaSnapshot, TableShape } from './shape.js';

// A clean comparison proves little if both sides came back empty: these pin
// what each side actually reads.

function table(snapshot: SchemaSnapshot, name: string): TableShape | undefined {
  return snapshot.tables.find((t) => t.name === name);
}

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'introspectDatabase on $dialect',
  (driver) => {
    let database: TestDatabase;
    let snapshot: SchemaSnapshot;
    beforeAll(async () => {
      database = await driver.create();
      snapshot = await introspectDatabase(database.db);
    });
    afterAll(async () => {
      await database.dispose();
    });

    it('lists the tables of the public schema only', () => {
      expect(snapshot.tables.map((t) => t.name)).toEqual([
        'alert_sessions',
        'api_keys',
        'audit_events',
        'browser_sessions',
        'casefile_notes',
        'casefile_permissions',
        'casefile_sessions',
        'casefiles',
        'ingest_events',
        'live_events',
        'llm_interactions',
        'mcp_communications',
        'otel_sessions',
        'otel_spans',
        'price_overrides',
        'session_counts',
        'session_tombstones',
        'stage_executions',
        'usage_dirty_hours',
        'usage_hourly',
      ]);
    });

    it('reads column types, udt names, nullability and defaults', () => {
      const columns = table(snapshot, 'llm_interactions')?.columns ?? [];
      expect(columns.find((c) => c.name === 'timestamp_us')).toEqual({
        name: 'timestamp_us',
        type: 'bigint',
        nullable: false,
        hasDefault: false,
        dataType: 'bigint',
        udtName: 'int8',
      });
      expect(columns.find((c) => c.name === 'temperature')).toMatchObject({
        type: 'double precision',
        nullable: true,
        udtName: 'float8',
      });
      expect(columns.find((c) => c.name === 'messages')).toMatchObject({ type: 'jsonb' });
    });

    it('reads composite primary keys and foreign keys with their actions', () => {
      const llm = table(snapshot, 'llm_interactions');
      expect(llm?.primaryKey).toEqual({
        name: 'llm_interactions_pk',
        columns: ['session_id', 'interaction_id'],
      });
      expect(llm?.foreignKeys).toContainEqual({
        name: 'llm_interactions_stage_fk',
        columns: ['session_id', 'stage_execution_id'],
        foreignTable: 'stage_executions',
        foreignColumns: ['session_id', 'execution_id'],
        onDelete: 'cascade',
        onUpdate: 'no action',
      });
    });

    it('reads indexes in column order, without those backing a key', () => {
      const sessions = table(snapshot, 'alert_sessions');
      // Read from the database; the names the drizzle schema declares are the reference.
      const declared = table(expectedSchema(), 'alert_sessions')?.indexes.map((i) => i.name) ?? [];
      expect(declared).toContain('alert_sessions_started_at_idx');
      expect(sessions?.indexes.map((i) => i.name).sort()).toEqual([...declared].sort());
      expect(sessions?.indexes).toContainEqual({
        name: 'alert_sessions_started_at_idx',
        columns: ['started_at_us', 'session_id'],
        unique: false,
        method: 'btree',
      });
    });

    it('reads check constraints with the columns they use', () => {
      const checks = table(snapshot, 'mcp_communications')?.checks ?? [];
      expect(checks.map((c) => c.name).sort()).toEqual([
        'mcp_communications_tool_call_names_tool',
        'mcp_communications_type_check',
      ]);
      expect(checks.find((c) => c.name === 'mcp_communications_type_check')).toMatchObject({
        columns: ['communication_type'],
        definition: expect.stringContaining('tool_list'),
      });
    });

    it('reads what the drizzle schema declares, table for table', () => {
      const names = (s: SchemaSnapshot) =>
        s.tables.map((t) => ({
          name: t.name,
          columns: t.columns.map((c) => `${c.name} ${c.type}`),
          foreignKeys: t.foreignKeys.map((k) => k.name).sort(),
          checks: t.checks.map((c) => c.name).sort(),
          indexes: t.indexes.map((i) => i.name).sort(),
        }));
      expect(names(snapshot)).toEqual(names(expectedSchema()));
    });
  },
);
