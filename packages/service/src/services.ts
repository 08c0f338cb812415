import type { DetailedSession } from '@hindsight/models';
import type { ServiceContext } from './context.js';
import { type SeedResult, seedDemoSessions } from './demo/seed-demo-sessions.js';
import { checkReadiness } from './readiness.js';
import { type GetSessionDetailInput, getSessionDetail } from './sessions/get-session-detail.js';

/** The service verbs bound to one context: what the API and the CLI are given. */
export interface Services {
  getSessionDetail(input: GetSessionDetailInput): Promise<DetailedSession>;
  checkReadiness(): Promise<void>;
  seedDemoSessions(input: { now_us: number }): Promise<SeedResult>;
}

export function createServices(ctx: ServiceContext): Services {
  return {
    getSessionDetail: (input) => getSessionDetail({ ctx, input }),
    checkReadiness: () => checkReadiness({ ctx }),
    seedDemoSessions: (input) => seedDemoSessions({ ctx, input }),
  };
}
