import {
  ActiveSession,
  CasefileList,
  DetailedSession,
  FilterOptions,
  FinalAnalysisQuery,
  FinalAnalysisResponse,
  Id,
  PaginatedSessions,
  SessionActionResult,
  SessionListQuery,
  SessionStagePath,
  SessionStats,
  StageCancelResult,
} from '@hindsight/models';
import { ValidationError } from '@hindsight/service';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { ApiEnv } from '../env.js';
import { RequestValidationError, validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';
import { sessionEtag } from './session-etag.js';

const SessionPath = v.object({ id: Id });

/**
 * Problems the service finds in a list query (a cursor that is not ours, or
 * made for other filters) are problems of query parameters: named as such,
 * like those the model finds.
 */
function asQueryProblem(error: unknown): never {
  if (error instanceof ValidationError) {
    throw new RequestValidationError(
      error.problems.map((p) => ({ path: `query.${p.path}`, message: p.message })),
      'SessionListQuery',
      'query',
    );
  }
  throw error;
}

/** The Tarsy-compatible history read API, mounted at /api/v1/history. */
export function historyRoutes({ services, route }: RouteModuleDeps) {
  return (
    new Hono<ApiEnv>()
      // Filters, paging (page number or cursor) and sort; every bad parameter is a 400 naming it.
      .get(
        '/sessions',
        route({
          access: 'read',
          summary: 'List, filter and search sessions',
          description:
            'Filters combine with AND. Page by `page` or, at any depth, by the opaque `next_cursor` of the previous page.',
          tags: ['history'],
          responses: { 200: { description: 'One page of sessions', schema: PaginatedSessions } },
          problems: [400],
          // Searches have a budget of their own: a burst of them cannot hold up plain reads.
          workload: (c) => (c.req.query('search') === undefined ? 'read' : 'search'),
        }),
        validate('query', SessionListQuery),
        async (c) =>
          c.json(await services(c).sessions.list(c.req.valid('query')).catch(asQueryProblem), 200),
      )
      .get(
        '/active-sessions',
        route({
          access: 'read',
          summary: 'Sessions that are pending, in progress, paused or canceling',
          tags: ['history'],
          responses: {
            200: { description: 'The active sessions', schema: v.array(ActiveSession) },
          },
        }),
        async (c) => c.json(await services(c).sessions.active(), 200),
      )
      .get(
        '/filter-options',
        route({
          access: 'read',
          summary: 'Values the session list can be filtered by',
          tags: ['history'],
          responses: { 200: { description: 'The filter options', schema: FilterOptions } },
        }),
        async (c) => c.json(await services(c).sessions.filterOptions(), 200),
      )
      // A strong ETag (a digest of the body) lets a client revalidate a session it already
      // has: a finished session never changes, so If-None-Match answers 304 without a body.
      .get(
        '/sessions/:id',
        route({
          access: 'read',
          summary: 'One session with its whole timeline',
          description:
            'The session, its stages in order, each with its LLM and MCP interactions in time order. Answers carry a strong ETag; If-None-Match gives 304.',
          tags: ['history'],
          responses: {
            200: { description: 'The session', schema: DetailedSession },
            304: { description: 'Not modified since the ETag given in If-None-Match' },
          },
          problems: [400, 404],
        }),
        sessionEtag(),
        validate('param', SessionPath),
        async (c) => {
          const { id } = c.req.valid('param');
          return c.json(await services(c).sessions.get({ session_id: id }), 200);
        },
      )
      .get(
        '/sessions/:id/summary',
        route({
          access: 'read',
          summary: 'Statistics of one session',
          tags: ['history'],
          responses: { 200: { description: 'The statistics', schema: SessionStats } },
          problems: [400, 404],
        }),
        validate('param', SessionPath),
        async (c) => {
          const { id } = c.req.valid('param');
          return c.json(await services(c).sessions.summary({ session_id: id }), 200);
        },
      )
      .get(
        '/sessions/:id/casefiles',
        route({
          access: 'read',
          summary: 'The casefiles a session is in',
          description: 'Only the casefiles the caller may see; an admin sees all.',
          tags: ['history', 'casefiles'],
          responses: { 200: { description: 'The casefiles', schema: CasefileList } },
          problems: [400],
        }),
        validate('param', SessionPath),
        async (c) => {
          const { id } = c.req.valid('param');
          return c.json(await services(c).sessions.casefiles({ session_id: id }), 200);
        },
      )
      .get(
        '/sessions/:id/final-analysis',
        route({
          access: 'read',
          summary: 'The final analysis of a session',
          description: 'With `include_conversation=true`, also the last LLM conversation.',
          tags: ['history'],
          responses: { 200: { description: 'The final analysis', schema: FinalAnalysisResponse } },
          problems: [400, 404],
        }),
        validate('param', SessionPath),
        validate('query', FinalAnalysisQuery),
        async (c) => {
          const { id } = c.req.valid('param');
          const { include_conversation } = c.req.valid('query');
          return c.json(
            await services(c).sessions.finalAnalysis({ session_id: id, include_conversation }),
            200,
          );
        },
      )
      // Control actions: recorded, audited and told to the runtimes on `cancellations`;
      // the runtime that owns the run reports what became of it by ingest.
      .post(
        '/sessions/:id/cancel',
        route({
          access: 'control',
          summary: 'Ask the runtime to cancel a session',
          description:
            'The session becomes `canceling` and `session.cancel_requested` goes out on the `cancellations` live channel; the runtime reports `session.cancelled`. A repeat sends the request again. An ended session answers 409.',
          tags: ['history', 'control'],
          responses: {
            200: { description: 'The request is recorded', schema: SessionActionResult },
          },
          problems: [400, 404, 409],
        }),
        validate('param', SessionPath),
        async (c) => {
          const { id } = c.req.valid('param');
          return c.json(await services(c).sessions.cancel({ session_id: id }), 200);
        },
      )
      .post(
        '/sessions/:id/resume',
        route({
          access: 'control',
          summary: 'Ask the runtime to resume a paused session',
          description:
            '`session.resume_requested` goes out on the `cancellations` live channel; the runtime reports `in_progress`. A session that is not paused answers 409.',
          tags: ['history', 'control'],
          responses: {
            200: { description: 'The request is recorded', schema: SessionActionResult },
          },
          problems: [400, 404, 409],
        }),
        validate('param', SessionPath),
        async (c) => {
          const { id } = c.req.valid('param');
          return c.json(await services(c).sessions.resume({ session_id: id }), 200);
        },
      )
      .post(
        '/sessions/:id/stages/:execution_id/cancel',
        route({
          access: 'control',
          summary: 'Ask the runtime to cancel one agent of a parallel stage',
          description:
            '`agent.cancel_requested` goes out on the `cancellations` live channel. The stage must be a child of a parallel stage and not ended (else 409).',
          tags: ['history', 'control'],
          responses: {
            200: { description: 'The request is recorded', schema: StageCancelResult },
          },
          problems: [400, 404, 409],
        }),
        validate('param', SessionStagePath),
        async (c) => {
          const { id, execution_id } = c.req.valid('param');
          return c.json(
            await services(c).sessions.cancelStage({ session_id: id, execution_id }),
            200,
          );
        },
      )
  );
}
