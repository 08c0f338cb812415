import { Id } from '@hindsight/models';
import type { Services } from '@hindsight/service';
import { Hono } from 'hono';
import * as v from 'valibot';
import { validate } from '../validation.js';

const SessionPath = v.object({ id: Id });

/** The Tarsy-compatible history read API, mounted at /api/v1/history. */
export function historyRoutes(services: Pick<Services, 'getSessionDetail'>) {
  return new Hono().get('/sessions/:id', validate('param', SessionPath), async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await services.getSessionDetail({ session_id: id }), 200);
  });
}
