import {
  Id,
  type IngestEventType,
  type LLMInteractionBody,
  type MCPCommunicationBody,
  type SessionCompletedBody,
  type SessionEndedBody,
  type SessionFailedBody,
  type SessionStartedBody,
  type StageCompletedBody,
  type StageFailedBody,
  type StageStartedBody,
} from '@hindsight/models';
import type { Services } from '@hindsight/service';
import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { jsonBody, limitBody } from '../json-body.js';
import { RequestValidationError, validate } from '../validation.js';

type In<S extends v.GenericSchema> = v.InferInput<S>;
type WithoutSession<T> = Omit<T, 'session_id'>;

const SessionPath = v.object({ id: Id });
const StagePath = v.object({ execution_id: Id });

/** The event id a client chooses for a single-record request. */
function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  const parsed = v.safeParse(Id, key);
  if (!parsed.success) {
    throw new RequestValidationError(
      parsed.issues.map((issue) => ({ path: 'header.idempotency-key', message: issue.message })),
    );
  }
  return parsed.output;
}

export type InteractionRequest =
  | ({ type: 'llm' } & WithoutSession<In<typeof LLMInteractionBody>>)
  | ({ type: 'mcp' } & WithoutSession<In<typeof MCPCommunicationBody>>);

/** The body with the path's id in `field`; a body naming another id is refused. */
function withPathId(body: unknown, field: string, id: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const given = (body as Record<string, unknown>)[field];
  if (given !== undefined && given !== id) {
    throw new RequestValidationError([
      { path: `body.${field}`, message: `must be ${JSON.stringify(id)}, the id in the path` },
    ]);
  }
  return { ...body, [field]: id };
}

const interactionTypes = { llm: 'llm.interaction', mcp: 'mcp.communication' } as const;

function interactionType(body: unknown): IngestEventType {
  const type =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>).type : undefined;
  if (type === 'llm' || type === 'mcp') return interactionTypes[type];
  throw new RequestValidationError([{ path: 'body.type', message: 'must be "llm" or "mcp"' }]);
}

/**
 * Single-record routes, beside the batch, for clients that prefer them. Each
 * applies one event through the same service code as `POST /ingest`; the
 * `Idempotency-Key` header is its event id, derived from the record's ids
 * when absent, so a retried request is answered 200 and stored once.
 */
export function recordRoutes(services: Pick<Services, 'recordEvent'>, maxBodyBytes: number) {
  const apply = async (c: Context, type: IngestEventType, body: unknown) => {
    const key = idempotencyKey(c);
    const result = await services.recordEvent({
      type,
      body,
      ...(key === undefined ? {} : { event_id: key }),
    });
    return c.json(result, result.status);
  };
  const limit = limitBody(maxBodyBytes);

  return new Hono()
    .post('/sessions', limit, jsonBody<In<typeof SessionStartedBody>>(), (c) =>
      apply(c, 'session.started', c.req.valid('json')),
    )
    .post(
      '/sessions/:id/complete',
      limit,
      validate('param', SessionPath),
      jsonBody<WithoutSession<In<typeof SessionCompletedBody>>>(),
      (c) =>
        apply(
          c,
          'session.completed',
          withPathId(c.req.valid('json'), 'session_id', c.req.valid('param').id),
        ),
    )
    .post(
      '/sessions/:id/fail',
      limit,
      validate('param', SessionPath),
      jsonBody<WithoutSession<In<typeof SessionFailedBody>>>(),
      (c) =>
        apply(
          c,
          'session.failed',
          withPathId(c.req.valid('json'), 'session_id', c.req.valid('param').id),
        ),
    )
    .post(
      '/sessions/:id/cancel',
      limit,
      validate('param', SessionPath),
      jsonBody<WithoutSession<In<typeof SessionEndedBody>>>(),
      (c) =>
        apply(
          c,
          'session.cancelled',
          withPathId(c.req.valid('json'), 'session_id', c.req.valid('param').id),
        ),
    )
    .post(
      '/sessions/:id/stages',
      limit,
      validate('param', SessionPath),
      jsonBody<WithoutSession<In<typeof StageStartedBody>>>(),
      (c) =>
        apply(
          c,
          'stage.started',
          withPathId(c.req.valid('json'), 'session_id', c.req.valid('param').id),
        ),
    )
    .post(
      '/sessions/:id/interactions',
      limit,
      validate('param', SessionPath),
      jsonBody<InteractionRequest>(),
      (c) => {
        const body = c.req.valid('json');
        return apply(
          c,
          interactionType(body),
          withPathId(body, 'session_id', c.req.valid('param').id),
        );
      },
    )
    .post(
      '/stages/:execution_id/complete',
      limit,
      validate('param', StagePath),
      jsonBody<Omit<In<typeof StageCompletedBody>, 'execution_id'>>(),
      (c) =>
        apply(
          c,
          'stage.completed',
          withPathId(c.req.valid('json'), 'execution_id', c.req.valid('param').execution_id),
        ),
    )
    .post(
      '/stages/:execution_id/fail',
      limit,
      validate('param', StagePath),
      jsonBody<Omit<In<typeof StageFailedBody>, 'execution_id'>>(),
      (c) =>
        apply(
          c,
          'stage.failed',
          withPathId(c.req.valid('json'), 'execution_id', c.req.valid('param').execution_id),
        ),
    );
}
