import { ping } from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from './context.js';
import { UnavailableError } from './errors.js';
import { operation } from './hub/operation.js';

/** Resolves when the database answers; UnavailableError otherwise. */
export async function checkReadiness({ ctx }: { ctx: ServiceContext }): Promise<void> {
  try {
    await ping(ctx.db);
  } catch (error) {
    throw new UnavailableError('the database is not reachable', { cause: error });
  }
}

export const checkReadinessOperation = operation({
  name: 'system.readiness',
  input: v.object({}),
  output: v.void(),
  scope: 'public',
  audit: false,
  run: checkReadiness,
});
