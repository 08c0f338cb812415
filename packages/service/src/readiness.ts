import { ping } from '@hindsight/repository';
import type { ServiceContext } from './context.js';
import { UnavailableError } from './errors.js';

/** Resolves when the database answers; UnavailableError otherwise. */
export async function checkReadiness({ ctx }: { ctx: ServiceContext }): Promise<void> {
  try {
    await ping(ctx.db);
  } catch (error) {
    throw new UnavailableError('the database is not reachable', { cause: error });
  }
}
