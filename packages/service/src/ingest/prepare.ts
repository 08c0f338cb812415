import { createHash } from 'node:crypto';
import {
  type IngestEnvelope,
  type IngestEventType,
  inexactNumberMessage,
  ingestBodySchemas,
  isInexactNumberMarker,
  type LLMMessage,
} from '@hindsight/models';
import * as v from 'valibot';
import { type FieldProblem, PayloadTooLargeError, problemsOf, ValidationError } from '../errors.js';
import { hasUnstorableCharacters, inspectJson, unstorableMessage } from './inspect-json.js';
import type { IngestLimits } from './limits.js';

/** The parsed body of an event of type `T`. */
export type BodyOf<T extends IngestEventType> = v.InferOutput<(typeof ingestBodySchemas)[T]>;

/** An event whose body matched its type and the limits: ready to apply. */
export type PreparedEvent = {
  [T in IngestEventType]: {
    readonly id: string;
    readonly type: T;
    readonly body: BodyOf<T>;
    /** What the event says (see eventDigest): the same id with another digest is a conflict. */
    readonly digest: string;
  };
}[IngestEventType];

/**
 * JSON with object keys sorted at every depth (keys holding undefined left
 * out, as JSON.stringify does): equal content gives equal text, whatever the
 * order its keys were sent in. Digests of it are stored with every claim, so
 * its text must never change; it is built by appending to one string (no
 * arrays of parts per level: this runs for every event ingested).
 */
export function canonicalJson(value: unknown): string {
  return appendCanonical('', value);
}

function appendCanonical(out: string, value: unknown): string {
  if (typeof value !== 'object' || value === null) return out + (JSON.stringify(value) ?? 'null');
  if (Array.isArray(value)) {
    let text = `${out}[`;
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) text += ',';
      text = appendCanonical(text, value[i]);
    }
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = `${out}{`;
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue;
    text += first ? JSON.stringify(key) : `,${JSON.stringify(key)}`;
    text = appendCanonical(`${text}:`, item);
    first = false;
  }
  return `${text}}`;
}

/** SHA-256 of an event's type and canonical body, as stored with its claim. */
export function eventDigest(type: IngestEventType, body: unknown): string {
  return createHash('sha256').update(type).update('\n').update(canonicalJson(body)).digest('hex');
}

/** Columns stored as PostgreSQL `integer`: the models allow any safe integer. */
const int32Fields = [
  'stage_index',
  'current_stage_index',
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cache_read_tokens',
  'cache_creation_tokens',
  'reasoning_tokens',
] as const;
const int32Max = 2_147_483_647;

/**
 * The text that ends an LLM message cut at the message limit: how long it was and how much was
 * kept.
 */
export function truncationMarker(kept: number, total: number): string {
  return `\n\n[truncated by Hindsight: ${total} characters, the first ${kept} kept]`;
}

/** The content cut to `max` characters, never inside a surrogate pair, with a marker. */
export function truncateContent(content: string, max: number): string {
  if (content.length <= max) return content;
  let end = max;
  const last = content.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return content.slice(0, end) + truncationMarker(end, content.length);
}

function truncateMessages(messages: readonly LLMMessage[], max: number): LLMMessage[] {
  return messages.map((message) =>
    message.content.length > max
      ? { ...message, content: truncateContent(message.content, max) }
      : message,
  );
}

function checkLimits(body: Record<string, unknown>, limits: IngestLimits): void {
  const tooLarge: FieldProblem[] = [];
  const invalid: FieldProblem[] = [];
  for (const [field, value] of Object.entries(body)) {
    const path = `body.${field}`;
    if (isInexactNumberMarker(value)) {
      invalid.push({ path, message: inexactNumberMessage(value) });
    } else if (typeof value === 'string') {
      if (value.length > limits.maxTextChars) {
        tooLarge.push({ path, message: `must be at most ${limits.maxTextChars} characters` });
      } else if (hasUnstorableCharacters(value)) {
        invalid.push({ path, message: unstorableMessage });
      }
    } else if (typeof value === 'object' && value !== null) {
      // Messages were truncated before; their size is bounded by the batch size.
      const maxChars = field === 'messages' ? Number.POSITIVE_INFINITY : limits.maxJsonChars;
      const inspection = inspectJson(value, path, { maxDepth: limits.maxJsonDepth, maxChars });
      if (inspection.oversized) {
        tooLarge.push({
          path,
          message: `must be at most ${limits.maxJsonChars} characters as JSON`,
        });
      } else if (inspection.problem) {
        invalid.push(inspection.problem);
      }
    }
  }
  for (const field of int32Fields) {
    const value = body[field];
    if (typeof value === 'number' && value > int32Max) {
      invalid.push({ path: `body.${field}`, message: `must be at most ${int32Max}` });
    }
  }
  if (invalid.length > 0) throw new ValidationError('the event body is not valid', invalid);
  if (tooLarge.length > 0) {
    throw new PayloadTooLargeError('the event body is over a size limit', tooLarge);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The parsed body with its JSON objects as sent. valibot's record (JsonObject)
 * copies an object without the keys `__proto__`, `constructor` and
 * `prototype`, which are ordinary data in JSON; the top-level objects of a
 * body are all JsonObject fields (validated as JSON objects, nothing else
 * changed), so the originals are stored. Deeper values were never copied.
 */
function keepJsonObjects(parsed: Record<string, unknown>, raw: unknown): Record<string, unknown> {
  if (!isPlainObject(raw)) return parsed;
  for (const field of Object.keys(parsed)) {
    const sent = raw[field];
    if (isPlainObject(parsed[field]) && isPlainObject(sent)) parsed[field] = sent;
  }
  return parsed;
}

/**
 * Parses a body with the schema of its type, truncates oversized LLM messages,
 * fills `total_tokens` from its parts when absent, and checks the limits.
 * Throws ValidationError (400) or PayloadTooLargeError (413) naming each field.
 */
export function prepareBody<T extends IngestEventType>(
  type: T,
  body: unknown,
  limits: IngestLimits,
): BodyOf<T> {
  const schema: v.GenericSchema = ingestBodySchemas[type];
  const result = v.safeParse(schema, body);
  if (!result.success) {
    throw new ValidationError(
      'the event body does not match its type',
      problemsOf(result.issues).map((p, i) => {
        const input = result.issues[i]?.input;
        return {
          path: p.path === '' ? 'body' : `body.${p.path}`,
          message: isInexactNumberMarker(input) ? inexactNumberMessage(input) : p.message,
        };
      }),
    );
  }
  const parsed = keepJsonObjects(result.output as Record<string, unknown>, body);
  if (type === 'llm.interaction') {
    const llm = parsed as BodyOf<'llm.interaction'>;
    llm.messages = truncateMessages(llm.messages, limits.maxMessageChars);
    if (llm.total_tokens == null && llm.input_tokens != null && llm.output_tokens != null) {
      llm.total_tokens = llm.input_tokens + llm.output_tokens;
    }
  }
  checkLimits(parsed, limits);
  return parsed as BodyOf<T>;
}

/** An envelope whose body is prepared; throws as `prepareBody` does. */
export function prepareEvent(envelope: IngestEnvelope, limits: IngestLimits): PreparedEvent {
  if (hasUnstorableCharacters(envelope.id)) {
    throw new ValidationError('the event id is not valid', [
      { path: 'id', message: unstorableMessage },
    ]);
  }
  const body = prepareBody(envelope.type, envelope.body, limits);
  return {
    id: envelope.id,
    type: envelope.type,
    body,
    digest: eventDigest(envelope.type, body),
  } as PreparedEvent;
}

/** The session an event belongs to: every body names one. */
export function sessionIdOf(event: PreparedEvent): string {
  return event.body.session_id;
}

/**
 * The stages an event names: the one it creates, ends or happened in, and,
 * for a child of a parallel stage, its parent (which a batch before may have
 * stored: the planner checks it exists).
 */
export function stageIdsOf(event: PreparedEvent): string[] {
  switch (event.type) {
    case 'stage.started': {
      const parent = event.body.parent_stage_execution_id;
      return parent == null ? [event.body.execution_id] : [event.body.execution_id, parent];
    }
    case 'stage.completed':
    case 'stage.failed':
      return [event.body.execution_id];
    case 'llm.interaction':
    case 'mcp.communication':
      return event.body.stage_execution_id == null ? [] : [event.body.stage_execution_id];
    default:
      return [];
  }
}

/** The record an event creates or changes. */
export function entityIdOf(event: PreparedEvent): string {
  switch (event.type) {
    case 'stage.started':
    case 'stage.completed':
    case 'stage.failed':
      return event.body.execution_id;
    case 'llm.interaction':
      return event.body.interaction_id;
    case 'mcp.communication':
      return event.body.communication_id;
    default:
      return event.body.session_id;
  }
}
