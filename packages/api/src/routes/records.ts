import {
  Id,
  type IngestEventType,
  IngestSuccess,
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
import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import type { ApiEnv } from '../env.js';
import { jsonBody } from '../json-body.js';
import { RequestValidationError, validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';

type In<S extends v.GenericSchema> = v.InferInput<S>;
type WithoutSession<T> = Omit<T, 'session_id'>;

const SessionPath = v.object({ id: Id });
const StagePath = v.object({ execution_id: Id });

/** The event id a client chooses for a single-record request. */
function idempotencyKey(c: Context<ApiEnv>): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  const parsed = v.safeParse(Id, key);
  if (!parsed.success) {
    throw new RequestValidationError(
      parsed.issues.map((issue) => ({ path: 'header.idempotency-key', message: issue.message })),
      'inline',
      'header',
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
    throw new RequestValidationError(
      [{ path: `body.${field}`, message: `must be ${JSON.stringify(id)}, the id in the path` }],
      'inline',
      'json',
    );
  }
  return { ...body, [field]: id };
}

const interactionTypes = { llm: 'llm.interaction', mcp: 'mcp.communication' } as const;

function interactionType(body: unknown): IngestEventType {
  const type =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>).type : undefined;
  if (type === 'llm' || type === 'mcp') return interactionTypes[type];
  throw new RequestValidationError(
    [{ path: 'body.type', message: 'must be "llm" or "mcp"' }],
    'inline',
    'json',
  );
}

/**
 * Single-record routes, beside the batch, for clients that prefer them. Each
 * applies one event through the same service code as `POST /ingest`; the
 * `Idempotency-Key` header is its event id, derived from the record's ids
 * when absent, so a retried request is answered 200 and stored once.
 */
export function recordRoutes({ services, route }: RouteModuleDeps) {
  const apply = async (c: Context<ApiEnv>, type: IngestEventType, body: unknown) => {
    const key = idempotencyKey(c);
    const result = await services(c).ingest.record({
      type,
      body,
      ...(key === undefined ? {} : { event_id: key }),
    });
    return c.json(result, result.status);
  };
  const recorded = (summary: string) =>
    route({
      access: 'ingest',
      summary,
      tags: ['ingest'],
      responses: {
        200: { description: 'Already recorded: a retry of the same event', schema: IngestSuccess },
        201: { description: 'Recorded', schema: IngestSuccess },
      },
      problems: [400, 404, 409, 413],
    });

  return new Hono<ApiEnv>()
    .post(
      '/sessions',
      recorded('Start a session'),
      jsonBody<In<typeof SessionStartedBody>>(),
      (c) => apply(c, 'session.started', c.req.valid('json')),
    )
    .post(
      '/sessions/:id/complete',
      recorded('Complete a session'),
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
      recorded('Fail a session'),
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
      recorded('Cancel a session'),
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
      recorded('Start a stage of a session'),
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
      recorded('Record an LLM or MCP interaction'),
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
      recorded('Complete a stage'),
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
      recorded('Fail a stage'),
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
