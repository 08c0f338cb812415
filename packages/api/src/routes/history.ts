import {
  CasefileList,
  DetailedSession,
  FilterOptions,
  FinalAnalysisQuery,
  FinalAnalysisResponse,
  Id,
  PaginatedSessions,
  SessionListQuery,
  SessionOverview,
  SessionStats,
} from '@hindsight/models';
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import * as v from 'valibot';
import type { ApiEnv } from '../env.js';
import { validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';

const SessionPath = v.object({ id: Id });

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
        }),
        validate('query', SessionListQuery),
        async (c) => c.json(await services(c).sessions.list(c.req.valid('query')), 200),
      )
      .get(
        '/active-sessions',
        route({
          access: 'read',
          summary: 'Sessions that are pending, in progress or paused',
          tags: ['history'],
          responses: {
            200: { description: 'The active sessions', schema: v.array(SessionOverview) },
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
        etag(),
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
  );
}
