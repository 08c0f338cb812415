import type { Writable } from 'node:stream';
import { maxRepriceBatch, type RepriceResult } from '@hindsight/models';
import type { Services } from '@hindsight/service';
import { UsageError } from './api-key-command.js';

/** `--since`: an ISO 8601 date or time, or microseconds since the epoch. */
export function parseSince(text: string): number {
  if (/^\d+$/.test(text)) {
    const us = Number(text);
    if (Number.isSafeInteger(us)) return us;
  }
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `--since must be an ISO 8601 date (2026-01-31 or 2026-01-31T12:00:00Z) or microseconds since the epoch, not "${text}"`,
    );
  }
  return ms * 1000;
}

/**
 * `hindsight reprice [--since DATE] [--batch-size N]`: prices the stored LLM
 * calls again with the prices in force now (after an override changed), in
 * batches of one transaction each, and fixes the sessions' totals; prints the
 * result as JSON. Running it again changes nothing more.
 */
export async function repriceCommand(
  system: Services,
  flags: { readonly since?: string | undefined; readonly batchSize?: string | undefined },
  out: Writable = process.stdout,
): Promise<RepriceResult> {
  const batchSize = flags.batchSize === undefined ? undefined : Number(flags.batchSize);
  if (
    batchSize !== undefined &&
    !(Number.isSafeInteger(batchSize) && batchSize >= 1 && batchSize <= maxRepriceBatch)
  ) {
    throw new UsageError(
      `--batch-size must be a whole number from 1 to ${maxRepriceBatch}, not "${flags.batchSize}"`,
    );
  }
  const result = await system.prices.reprice({
    ...(flags.since === undefined ? {} : { since_us: parseSince(flags.since) }),
    ...(batchSize === undefined ? {} : { batch_size: batchSize }),
  });
  out.write(`${JSON.stringify(result, null, 2)}\n`);
  return result;
}
