import { DetailedSession, Id } from '@hindsight/models';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { ApiEnv } from '../env.js';
import { validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';

const SessionPath = v.object({ id: Id });

/** The Tarsy-compatible history read API, mounted at /api/v1/history. */
export function historyRoutes({ services, route }: RouteModuleDeps) {
  return new Hono<ApiEnv>().get(
    '/sessions/:id',
    route({
      access: 'read',
      summary: 'One session with its whole timeline',
      description:
        'The session, its stages in order, each with its LLM and MCP interactions in time order.',
      tags: ['history'],
      responses: { 200: { description: 'The session', schema: DetailedSession } },
      problems: [400, 404],
    }),
    validate('param', SessionPath),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await services.getSessionDetail({ session_id: id }), 200);
    },
  );
}
