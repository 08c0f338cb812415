import { FinalAnalysisQuery, Id, SessionListQuery } from '@hindsight/models';
import type { Services } from '@hindsight/service';
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import * as v from 'valibot';
import { validate } from '../validation.js';

const SessionPath = v.object({ id: Id });

export type HistoryServices = Pick<
  Services,
  | 'getSessionDetail'
  | 'listSessions'
  | 'getSessionSummary'
  | 'listActiveSessions'
  | 'getFilterOptions'
  | 'getFinalAnalysis'
>;

/** The Tarsy-compatible history read API, mounted at /api/v1/history. */
export function historyRoutes(services: HistoryServices) {
  return (
    new Hono()
      // Filters, paging (page number or cursor) and sort; every bad parameter is a 400 naming it.
      .get('/sessions', validate('query', SessionListQuery), async (c) =>
        c.json(await services.listSessions(c.req.valid('query')), 200),
      )
      .get('/active-sessions', async (c) => c.json(await services.listActiveSessions(), 200))
      .get('/filter-options', async (c) => c.json(await services.getFilterOptions(), 200))
      // A strong ETag (a digest of the body) lets a client revalidate a session it already
      // has: a finished session never changes, so If-None-Match answers 304 without a body.
      .get('/sessions/:id', etag(), validate('param', SessionPath), async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await services.getSessionDetail({ session_id: id }), 200);
      })
      .get('/sessions/:id/summary', validate('param', SessionPath), async (c) => {
        const { id } = c.req.valid('param');
        return c.json(await services.getSessionSummary({ session_id: id }), 200);
      })
      .get(
        '/sessions/:id/final-analysis',
        validate('param', SessionPath),
        validate('query', FinalAnalysisQuery),
        async (c) => {
          const { id } = c.req.valid('param');
          const { include_conversation } = c.req.valid('query');
          return c.json(
            await services.getFinalAnalysis({ session_id: id, include_conversation }),
            200,
          );
        },
      )
  );
}
