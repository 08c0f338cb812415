import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { DetailedSession, RetentionRunResult } from '@hindsight/models';
import type { Services } from '@hindsight/service';
import { UsageError } from './api-key-command.js';
import { type RetentionSettings, runRetentionOnce } from './lifecycle-jobs.js';
import type { Logger } from './logger.js';

/** `hindsight retention run [--dry-run]`: one run now, its result printed as JSON. */
export async function retentionCommand(
  system: Services,
  settings: RetentionSettings,
  logger: Logger,
  args: readonly string[],
  flags: { readonly dryRun: boolean },
  out: Writable = process.stdout,
  nowUs?: number,
): Promise<RetentionRunResult> {
  if (args[0] !== 'run' || args.length > 1) {
    throw new UsageError('retention takes one subcommand: run [--dry-run]');
  }
  const result = await runRetentionOnce(system, settings, logger, undefined, {
    dryRun: flags.dryRun,
    ...(nowUs === undefined ? {} : { nowUs }),
  });
  out.write(`${JSON.stringify(result, null, 2)}\n`);
  return result;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * `hindsight export [--out FILE]`: every session (the filters of the list,
 * as `key=value` arguments) as JSON Lines, one `DetailedSession` a line, read
 * a page at a time; the file `hindsight import` reads.
 */
export async function exportCommand(
  system: Services,
  filters: Record<string, unknown>,
  out: Writable,
  pageSize = 100,
): Promise<number> {
  let after: string | undefined;
  let count = 0;
  for (;;) {
    const page = await system.export.details({
      filters,
      limit: pageSize,
      ...(after === undefined ? {} : { after }),
    });
    if (page.sessions.length > 0) {
      await write(out, page.sessions.map((s) => `${JSON.stringify(s)}\n`).join(''));
    }
    count += page.sessions.length;
    if (page.next_after === null) return count;
    after = page.next_after;
  }
}

/**
 * `hindsight import FILE`: restores the sessions of an export (JSON Lines,
 * gzipped or not), `batchSize` sessions a transaction. Idempotent: a session
 * already there is left as it is and counted as skipped.
 */
export async function importCommand(
  system: Services,
  input: Readable,
  batchSize = 200,
): Promise<{ imported: number; skipped: number }> {
  const totals = { imported: 0, skipped: 0 };
  let batch: DetailedSession[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await system.sessions.import({ sessions: batch });
    totals.imported += result.imported;
    totals.skipped += result.skipped;
    batch = [];
  };
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    try {
      batch.push(JSON.parse(line) as DetailedSession);
    } catch {
      throw new UsageError(`line ${lineNumber} of the import is not JSON`);
    }
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return totals;
}

/** `key=value` arguments as list filters (a key given twice becomes a list). */
export function filtersOf(args: readonly string[]): Record<string, unknown> {
  const filters: Record<string, string | string[]> = {};
  for (const arg of args) {
    const at = arg.indexOf('=');
    if (at <= 0) throw new UsageError(`export filters are key=value, not "${arg}"`);
    const key = arg.slice(0, at);
    const value = arg.slice(at + 1);
    const before = filters[key];
    filters[key] = before === undefined ? value : [...[before].flat(), value];
  }
  return filters;
}

/** The export's output: the file named, or standard output. */
export function outputOf(path: string | undefined): Writable {
  return path === undefined || path === '-' ? process.stdout : createWriteStream(path);
}

/** The import's input: the file named (gunzipped when it ends in .gz). */
export function inputOf(path: string | undefined): Readable {
  if (path === undefined) throw new UsageError('import needs a file: hindsight import FILE');
  const file = path === '-' ? process.stdin : createReadStream(path);
  return path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
}
