import { SessionRecordFields, StageExecutionRecordFields } from '@hindsight/models';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { checkModels } from './check.js';
import { compareSchemaToModels, type RowModels } from './compare-models.js';
import { expectedSchema } from './expected.js';
import { rowModels } from './row-models.js';

// Model drift needs no database: the drizzle schema is compared with the models.

function withModel(table: string, model: v.ObjectSchema<v.ObjectEntries, undefined>): RowModels {
  return { ...rowModels, models: { ...rowModels.models, [table]: model } };
}

const { author: _author, ...sessionWithoutAuthor } = SessionRecordFields.entries;

describe('compareSchemaToModels', () => {
  it('finds the real models and the real drizzle schema in agreement', () => {
    expect(compareSchemaToModels(expectedSchema(), rowModels)).toEqual([]);
    expect(checkModels()).toEqual({ ok: true, problems: [] });
  });

  it('reports a model field that has no column', () => {
    const models = withModel(
      'alert_sessions',
      v.object({ ...SessionRecordFields.entries, priority: v.nullable(v.string()) }),
    );
    expect(compareSchemaToModels(expectedSchema(), models)).toEqual([
      expect.objectContaining({
        kind: 'model_field_without_column',
        table: 'alert_sessions',
        column: 'priority',
        actual: 'string | null',
      }),
    ]);
  });

  it('reports a column that no model field stores', () => {
    const models = withModel('alert_sessions', v.object(sessionWithoutAuthor));
    expect(compareSchemaToModels(expectedSchema(), models)).toEqual([
      expect.objectContaining({
        kind: 'column_without_model_field',
        table: 'alert_sessions',
        column: 'author',
        expected: 'text | null',
      }),
    ]);
  });

  it('accepts a column missing from the model when it is listed as internal', () => {
    const models = withModel('alert_sessions', v.object(sessionWithoutAuthor));
    const internal = [...models.internal, 'alert_sessions.author'];
    expect(compareSchemaToModels(expectedSchema(), { ...models, internal })).toEqual([]);
  });

  it('reports a table with neither a model nor an internal listing', () => {
    expect(compareSchemaToModels(expectedSchema(), { ...rowModels, internal: [] })).toEqual([
      expect.objectContaining({ table: 'alert_sessions', column: 'cost_usd' }),
      expect.objectContaining({ table: 'alert_sessions', column: 'priced_llm_calls' }),
      expect.objectContaining({ table: 'alert_sessions', column: 'unpriced_llm_calls' }),
      expect.objectContaining({ kind: 'missing_model', table: 'ingest_events' }),
      expect.objectContaining({ table: 'live_events', column: 'tx_id' }),
      expect.objectContaining({ kind: 'missing_model', table: 'otel_sessions' }),
      expect.objectContaining({ kind: 'missing_model', table: 'otel_spans' }),
      expect.objectContaining({ kind: 'missing_model', table: 'session_counts' }),
      expect.objectContaining({ kind: 'missing_model', table: 'usage_dirty_hours' }),
      expect.objectContaining({ kind: 'missing_model', table: 'usage_hourly' }),
    ]);
  });

  it('reports a model bound to a table the schema lacks', () => {
    const models = withModel('alert_archive', SessionRecordFields);
    expect(compareSchemaToModels(expectedSchema(), models)).toEqual([
      expect.objectContaining({ kind: 'model_without_table', table: 'alert_archive' }),
    ]);
  });

  it('reports a nullable model field over a NOT NULL column, and the reverse', () => {
    const models = withModel(
      'stage_executions',
      v.object({
        ...StageExecutionRecordFields.entries,
        stage_name: v.nullable(v.string()),
        error_message: v.string(),
      }),
    );
    const problems = compareSchemaToModels(expectedSchema(), models);
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'nullability_mismatch',
        table: 'stage_executions',
        column: 'stage_name',
        expected: 'text',
        actual: 'string | null',
      }),
      expect.objectContaining({
        kind: 'nullability_mismatch',
        table: 'stage_executions',
        column: 'error_message',
        expected: 'text | null',
        actual: 'string',
      }),
    ]);
  });

  it('reports model types that the column cannot store', () => {
    const models = withModel(
      'stage_executions',
      v.object({
        ...StageExecutionRecordFields.entries,
        // A fraction would not fit an integer column.
        stage_index: v.number(),
        stage_output: v.nullable(v.string()),
        agent: v.boolean(),
      }),
    );
    const problems = compareSchemaToModels(expectedSchema(), models);
    expect(problems.map((p) => [p.kind, p.column, p.expected, p.actual])).toEqual([
      ['type_mismatch', 'stage_index', 'integer', 'number'],
      ['type_mismatch', 'agent', 'text', 'boolean'],
      ['type_mismatch', 'stage_output', 'jsonb | null', 'string | null'],
    ]);
  });

  it('reports a picklist whose values differ from the column enum', () => {
    const models = withModel(
      'alert_sessions',
      v.object({ ...SessionRecordFields.entries, status: v.picklist(['pending', 'done']) }),
    );
    expect(compareSchemaToModels(expectedSchema(), models)).toEqual([
      expect.objectContaining({
        kind: 'type_mismatch',
        table: 'alert_sessions',
        column: 'status',
        actual: 'picklist(pending, done)',
      }),
    ]);
  });
});
