import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ingestEventTypes } from './ingest.js';
import { type JsonSchema, jsonSchemaOf, modelJsonSchemas, modelSchemas } from './json-schema.js';
import { sessionStatuses, stageStatuses } from './status.js';

const schemas = modelJsonSchemas();

/** The JSON Schema of one property of an object schema. */
function propertyOf(schema: JsonSchema, name: string): JsonSchema {
  const property = schema.properties?.[name];
  if (typeof property !== 'object') throw new Error(`no property ${name}`);
  return property;
}

describe('modelJsonSchemas', () => {
  it('has an entry for every named model and nothing else', () => {
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(modelSchemas).sort());
  });

  it.each(Object.entries(schemas))('%s is a typed or combined JSON Schema', (_name, schema) => {
    expect(typeof schema).toBe('object');
    const combined = Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf);
    expect(typeof schema.type === 'string' || combined).toBe(true);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('is computed once', () => {
    expect(modelJsonSchemas()).toBe(schemas);
  });

  it('matches jsonSchemaOf for each model', () => {
    for (const [name, schema] of Object.entries(modelSchemas)) {
      expect(jsonSchemaOf(schema), name).toEqual(schemas[name as keyof typeof schemas]);
    }
  });
});

describe('the JSON Schema of SessionOverview', () => {
  const overview = schemas.SessionOverview;

  it('is an object that requires the identifying fields', () => {
    expect(overview.type).toBe('object');
    expect(overview.required).toEqual(
      expect.arrayContaining(['session_id', 'alert_id', 'status', 'started_at_us', 'chain_id']),
    );
  });

  it('lists the session statuses as an enum', () => {
    expect(propertyOf(overview, 'status').enum).toEqual([...sessionStatuses]);
  });

  it('describes microseconds as a non-negative safe integer, and nullable fields with null', () => {
    expect(propertyOf(overview, 'started_at_us')).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
    });
    expect(propertyOf(overview, 'completed_at_us').anyOf).toContainEqual({ type: 'null' });
  });
});

describe('other model schemas', () => {
  it('StageStatus lists the stage statuses', () => {
    expect(schemas.StageStatus.enum).toEqual([...stageStatuses]);
  });

  it('Interaction and IngestEvent are unions of their variants', () => {
    expect(schemas.Interaction.oneOf).toHaveLength(2);
    expect(schemas.IngestEvent.oneOf).toHaveLength(ingestEventTypes.length);
  });

  it('leaves optional ingest fields out of required', () => {
    const started = schemas.SessionStartedBody;
    expect(started.required).toContain('session_id');
    expect(started.required).not.toContain('author');
    expect(started.required).not.toContain('alert_type');
    expect(schemas.SessionUpdatedBody.required).toEqual(['session_id']);
  });

  it('bounds a batch by 1 to 1000 events', () => {
    expect(propertyOf(schemas.IngestBatch, 'batch')).toMatchObject({
      type: 'array',
      minItems: 1,
      maxItems: 1000,
    });
  });

  it('describes a JSON object field as an object', () => {
    expect(propertyOf(schemas.SessionRecord, 'alert_data').type).toBe('object');
  });

  it('agrees with valibot on which keys are required', () => {
    // A model that requires a key in JSON Schema must reject an empty object at that key.
    for (const [name, schema] of Object.entries(schemas)) {
      if (!Array.isArray(schema.required)) continue;
      const result = v.safeParse(modelSchemas[name as keyof typeof schemas], {});
      const missing = (result.issues ?? []).map((issue) => v.getDotPath(issue));
      expect(missing.sort(), name).toEqual([...schema.required].sort());
    }
  });
});
