import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import * as models from './models.js';

/** A JSON Schema document, as `jsonSchemaOf` returns it. */
export type JsonSchema = ReturnType<typeof toJsonSchema>;

/** The JSON Schema of a model. Checks that JSON Schema cannot express (cross-field rules) are left out. */
export function jsonSchemaOf(schema: v.GenericSchema): JsonSchema {
  return toJsonSchema(schema, { errorMode: 'ignore', target: 'draft-2020-12' });
}

/** The name of an exported model, a key of `modelJsonSchemas()`. */
export type ModelName = keyof typeof models;

/** Every named model, by name. */
export const modelSchemas: Readonly<Record<ModelName, v.GenericSchema>> = models;

/** The JSON Schema of every named model, by name (computed once, on first use). */
export function modelJsonSchemas(): Readonly<Record<ModelName, JsonSchema>> {
  cache ??= Object.fromEntries(
    Object.entries(modelSchemas).map(([name, schema]) => [name, jsonSchemaOf(schema)]),
  ) as Record<ModelName, JsonSchema>;
  return cache;
}
let cache: Record<ModelName, JsonSchema> | undefined;
