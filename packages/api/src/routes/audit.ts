import { AuditPage, AuditQuery } from '@hindsight/models';
import { Hono } from 'hono';
import type { ApiEnv } from '../env.js';
import { validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';

/** The audit log, mounted at /api/v1/audit: read-only, admin only. No route changes or deletes a row. */
export function auditRoutes({ services, route }: RouteModuleDeps) {
  return new Hono<ApiEnv>().get(
    '/',
    route({
      access: 'admin',
      summary: 'List audit events',
      description:
        'Newest first. Filters (principal_id, operation, target, since_us, until_us) combine with AND; page with the opaque `next_cursor`.',
      tags: ['audit'],
      responses: { 200: { description: 'One page of audit events', schema: AuditPage } },
      problems: [400],
    }),
    validate('query', AuditQuery),
    async (c) => c.json(await services(c).audit.list(c.req.valid('query')), 200),
  );
}
