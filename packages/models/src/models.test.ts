import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test/fixtures.js';
import { modelNames, validModels } from '../test/valid-models.js';
import { modelJsonSchemas, modelSchemas } from './json-schema.js';

const models = modelNames.map((name) => ({
  name,
  schema: modelSchemas[name],
  valid: validModels[name],
}));

describe('every named model', () => {
  it('has a valid fixture, and only named models have one', () => {
    expect([...modelNames].sort()).toEqual(Object.keys(modelSchemas).sort());
  });

  it.each(models)('$name accepts its valid fixture unchanged', ({ schema, valid }) => {
    const input = valid();
    const result = v.safeParse(schema, input);
    expect(result.issues).toBeUndefined();
    expect(result.output).toEqual(input);
  });

  it.each(models)('$name survives a JSON round-trip', ({ schema, valid }) => {
    const original = v.parse(schema, valid());
    const revived = v.parse(schema, JSON.parse(JSON.stringify(original)));
    expect(revived).toStrictEqual(original);
  });

  it.each(models)('$name rejects null, a number and an array', ({ schema }) => {
    for (const input of [null, 42, []]) {
      expect(v.safeParse(schema, input).success).toBe(false);
    }
  });

  // The JSON Schema lists the required keys; valibot must report each one at its own path.
  it.each(models)(
    '$name rejects the absence of each required key at that key',
    ({ name, schema, valid }) => {
      const jsonSchema = modelJsonSchemas()[name];
      const required = Array.isArray(jsonSchema.required) ? jsonSchema.required : [];
      for (const key of required) {
        const input: Record<string, unknown> = { ...(valid() as object) };
        delete input[key];
        expect(issuePaths(schema, input), `${name} without ${key}`).toEqual([key]);
      }
    },
  );
});
