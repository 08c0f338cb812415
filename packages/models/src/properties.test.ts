// Property tests: no input, however odd, makes a model's parser throw.
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { modelNames, validModels } from '../test/valid-models.js';
import { modelSchemas } from './json-schema.js';

const numRuns = 200;

/** Parses without throwing and returns a well-formed result: issues with messages, or output. */
function expectWellFormedResult(
  schema: v.GenericSchema,
  input: unknown,
): v.SafeParseResult<v.GenericSchema> {
  const result = v.safeParse(schema, input);
  if (result.success) {
    expect(result.issues).toBeUndefined();
  } else {
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) {
      expect(typeof issue.message).toBe('string');
      expect(() => v.getDotPath(issue)).not.toThrow();
    }
  }
  return result;
}

/** A copy of `value` with the node reached by `steps` replaced (or deleted when `replacement` is absent). */
function mutate(
  value: unknown,
  steps: readonly number[],
  replacement: { value?: unknown },
): unknown {
  if (typeof value !== 'object' || value === null) return replacement.value;
  const keys = Object.keys(value);
  const [step, ...rest] = steps;
  if (step === undefined || keys.length === 0) return replacement.value;
  const key = keys[step % keys.length] as string;
  // An array is copied as an array, so the mutation keeps its shape.
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  const child = mutate(copy[key], rest, replacement);
  if (rest.length === 0 && !('value' in replacement)) delete copy[key];
  else copy[key] = child;
  return copy;
}

const replacement = fc.oneof(
  fc.record({ value: fc.anything() }),
  fc.record({ value: fc.jsonValue() }),
  fc.record({
    value: fc.constantFrom(-1, 1.5, 2 ** 53, Number.NaN, Infinity, '', 'x'.repeat(256), null),
  }),
  fc.constant({}),
);

const models = modelNames.map((name) => ({
  name,
  schema: modelSchemas[name],
  valid: validModels[name],
}));

describe.each(models)('$name', ({ schema, valid }) => {
  it('never throws on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true }), (input) => {
        expectWellFormedResult(schema, input);
      }),
      { numRuns },
    );
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        expectWellFormedResult(schema, input);
      }),
      { numRuns },
    );
  });

  it('never throws on a valid value with one field replaced or removed', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), replacement, (steps, r) => {
        const result = expectWellFormedResult(schema, mutate(valid(), steps, r));
        // Whatever is accepted is accepted again unchanged: parsing is idempotent.
        if (result.success) expect(v.parse(schema, result.output)).toEqual(result.output);
      }),
      { numRuns },
    );
  });
});

describe('mutate', () => {
  it('replaces or removes exactly the chosen field, leaving the original alone', () => {
    const original = { a: 1, b: { c: [1, 2] } };
    expect(mutate(original, [1, 0, 1], { value: 'x' })).toEqual({ a: 1, b: { c: [1, 'x'] } });
    expect(mutate(original, [0], {})).toEqual({ b: { c: [1, 2] } });
    expect(original).toEqual({ a: 1, b: { c: [1, 2] } });
  });
});
