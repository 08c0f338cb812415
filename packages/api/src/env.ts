import type { Principal } from './auth/principal.js';

/** The Hono environment of every route: what middleware leaves for handlers and logs. */
export interface ApiEnv {
  Variables: {
    requestId: string;
    /** Set by a route's guard once the credentials are verified; absent on public routes. */
    principal?: Principal;
  };
}
