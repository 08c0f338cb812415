import * as v from 'valibot';

/** The message of the rule that text holds no NUL character (PostgreSQL cannot store one). */
export const nulMessage = 'must not contain NUL characters (\\u0000)';

/** Whether `text` holds a NUL character, which PostgreSQL cannot store in text or jsonb. */
export function hasNul(text: string): boolean {
  return text.includes('\u0000');
}

/**
 * Text that PostgreSQL can hold: no NUL. Every free-text primitive ends with
 * it, so a NUL is a 400 naming its field wherever text enters (query, path,
 * body, headers, cursors), never a database error.
 */
export const withoutNul = v.check<string, typeof nulMessage>((text) => !hasNul(text), nulMessage);

/** Ids are client-supplied strings (UUIDs in practice); bounded so a key never grows unchecked. */
export const Id = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(255),
  withoutNul,
);
export type Id = v.InferOutput<typeof Id>;

/** A bounded, non-empty label such as an agent type, model name or tool name. */
export const Label = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(255),
  withoutNul,
);
export type Label = v.InferOutput<typeof Label>;

/** Microseconds since the Unix epoch. Safe integers keep JSON numbers exact. */
export const TimestampUs = v.pipe(
  v.number(),
  v.safeInteger('must be a safe integer (microseconds since the epoch)'),
  v.minValue(0, 'must not be negative'),
);
export type TimestampUs = v.InferOutput<typeof TimestampUs>;

/** A duration in milliseconds. */
export const DurationMs = v.pipe(
  v.number(),
  v.safeInteger('must be a whole number of milliseconds'),
  v.minValue(0, 'must not be negative'),
);
export type DurationMs = v.InferOutput<typeof DurationMs>;

/** Any count: interactions, stages, tokens. */
export const Count = v.pipe(
  v.number(),
  v.safeInteger('must be a whole number'),
  v.minValue(0, 'must not be negative'),
);
export type Count = v.InferOutput<typeof Count>;

/**
 * A JSON object stored as jsonb (alert data, metadata, chain definitions, outputs).
 * `v.record` alone would turn an array into an object with index keys, so arrays are
 * refused before it runs.
 */
export const JsonObject = v.pipe(
  v.custom<Record<string, unknown>>(
    (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
    'must be a JSON object',
  ),
  v.record(v.string(), v.unknown()),
);
export type JsonObject = v.InferOutput<typeof JsonObject>;

/** A plain object, not an array: the first step of a model whose fields are all optional. */
export const PlainObject = v.custom<Record<string, unknown>>(
  (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
  'must be an object',
);

/** Any JSON value stored as jsonb (tool calls and tool results vary by provider). */
export const JsonValue = v.unknown();
export type JsonValue = v.InferOutput<typeof JsonValue>;

/** An ISO 8601 timestamp with a time zone, as sent in ingest envelopes. */
export const IsoTimestamp = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'));
export type IsoTimestamp = v.InferOutput<typeof IsoTimestamp>;

/** `completed_at_us`, when present, is not before `started_at_us`. */
export function completesAfterStart(input: {
  started_at_us?: number | null | undefined;
  completed_at_us?: number | null | undefined;
}): boolean {
  const { started_at_us: started, completed_at_us: completed } = input;
  return started == null || completed == null || completed >= started;
}

/** The message of the rule that a session or stage does not end before it started. */
export const completedNotBeforeStarted = 'completed_at_us must not be before started_at_us';
