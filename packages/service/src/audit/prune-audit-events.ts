import { PruneAuditInput, PruneAuditResult } from '@hindsight/models';
import { pruneAuditEvents } from '@hindsight/repository';
import type { ServiceContext } from '../context.js';
import { operation } from '../hub/operation.js';

const dayUs = 86_400_000_000;

/** Deletes audit rows older than the retention period (HINDSIGHT_AUDIT_RETENTION_DAYS). */
export async function pruneAudit({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: PruneAuditInput;
}): Promise<PruneAuditResult> {
  const deleted = await pruneAuditEvents(ctx.db, input.now_us - input.retention_days * dayUs);
  return { deleted };
}

/** The server's retention job: internal, never a route. */
export const pruneAuditOperation = operation({
  name: 'audit.prune',
  input: PruneAuditInput,
  output: PruneAuditResult,
  scope: 'internal',
  audit: false,
  run: pruneAudit,
});
