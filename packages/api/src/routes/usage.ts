import { UsageSummary, UsageSummaryQuery } from '@hindsight/models';
import { Hono } from 'hono';
import type { ApiEnv } from '../env.js';
import { validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';

/** Usage analytics, mounted at /api/v1/usage. */
export function usageRoutes({ services, route }: RouteModuleDeps) {
  return new Hono<ApiEnv>().get(
    '/summary',
    route({
      access: 'read',
      summary: 'LLM usage by time bucket and group',
      description:
        'Per UTC hour, day or ISO week (`bucket`, default day) and, with `group_by`, per model, provider, agent type, alert type or chain: sessions, LLM calls, errors, tokens by kind and latency percentiles. The range (`start_date_us`, `end_date_us`; the last 30 days by default) is widened to whole buckets. Latency percentiles are within about 5% of the exact values.',
      tags: ['usage'],
      responses: { 200: { description: 'The usage summary', schema: UsageSummary } },
      problems: [400],
      workload: 'read',
    }),
    validate('query', UsageSummaryQuery),
    async (c) => c.json(await services(c).usage.summary(c.req.valid('query')), 200),
  );
}
