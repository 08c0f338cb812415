import {
  type IngestEnvelope as Envelope,
  IngestEnvelope,
  type IngestError,
  IngestResult,
} from '@hindsight/models';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import {
  PayloadTooLargeError,
  parseInput,
  ServiceError,
  type ServiceErrorCode,
} from '../errors.js';
import { operation } from '../hub/operation.js';
import { applyEvents } from './apply.js';
import { defaultIngestLimits, type IngestLimits } from './limits.js';
import type { EventOutcome } from './plan.js';
import { type PreparedEvent, prepareEvent } from './prepare.js';

/** Microseconds since the epoch, the unit of every stored time. */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

const BatchShape = v.object({ batch: v.array(v.unknown()) });

const Envelopes = v.object({
  batch: v.pipe(v.array(IngestEnvelope), v.minLength(1, 'batch must hold at least one event')),
});

/**
 * The envelopes of a request: a malformed request or envelope fails the whole
 * request (ValidationError), too many events too (PayloadTooLargeError).
 */
function parseEnvelopes(input: unknown, limits: IngestLimits): Envelope[] {
  const shape = v.safeParse(BatchShape, input);
  if (shape.success && shape.output.batch.length > limits.maxEvents) {
    throw new PayloadTooLargeError(
      `a batch holds at most ${limits.maxEvents} events; this one holds ${shape.output.batch.length}`,
      [{ path: 'batch', message: `must hold at most ${limits.maxEvents} events` }],
    );
  }
  return parseInput(Envelopes, input).batch;
}

// An event is never refused for access (the batch is, before any event): `forbidden` is a 500 too.
const eventStatusByCode: Record<
  Exclude<ServiceErrorCode, 'unavailable' | 'forbidden' | 'unauthenticated'>,
  IngestError['status']
> = {
  validation: 400,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  gone: 410,
};

/** The per-event status and message of a typed error, as the ingest contract answers it. */
export function ingestErrorOf(id: string, error: ServiceError): IngestError {
  const status =
    error.code === 'unavailable' || error.code === 'forbidden' || error.code === 'unauthenticated'
      ? 500
      : eventStatusByCode[error.code];
  const problems = 'problems' in error && Array.isArray(error.problems) ? error.problems : [];
  const details = problems.map((p: { path: string; message: string }) =>
    p.path === '' ? p.message : `${p.path}: ${p.message}`,
  );
  return {
    id,
    status,
    message: details.length > 0 ? `${error.message}: ${details.join('; ')}` : error.message,
  };
}

/** What an ingest batch needs beyond the database: its limits and a clock. */
export interface IngestBatchDeps {
  readonly limits?: IngestLimits;
  /** The clock of `received_at_us`; tests pass a fixed one. */
  readonly now?: () => number;
}

/**
 * `POST /ingest`: applies a batch of events in request order and answers each
 * one (201 applied, 200 applied before, or an error), in request order. One bad
 * event never fails the others; an event is answered only once committed.
 */
export async function ingestBatch({
  ctx,
  input,
  limits = defaultIngestLimits,
  now = nowUs,
}: {
  ctx: ServiceContext;
  input: unknown;
} & IngestBatchDeps): Promise<IngestResult> {
  const envelopes = parseEnvelopes(input, limits);
  const outcomes: EventOutcome[] = new Array(envelopes.length);
  const prepared: PreparedEvent[] = [];
  const positions: number[] = [];
  envelopes.forEach((envelope, index) => {
    try {
      prepared.push(prepareEvent(envelope, limits));
      positions.push(index);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      outcomes[index] = { error };
    }
  });
  const applied = await applyEvents(ctx, prepared, now);
  applied.forEach((outcome, i) => {
    outcomes[positions[i] ?? -1] = outcome;
  });
  const result: IngestResult = { successes: [], errors: [] };
  envelopes.forEach((envelope, index) => {
    const outcome = outcomes[index];
    if (outcome === undefined) throw new Error(`event ${index} was not answered`);
    if ('error' in outcome) result.errors.push(ingestErrorOf(envelope.id, outcome.error));
    else
      result.successes.push({
        id: envelope.id,
        status: outcome.status,
        ...(outcome.note === undefined ? {} : { note: outcome.note }),
      });
  });
  return result;
}

/**
 * One hub call per batch, so hooks cost the same for 1 event or 1,000. The
 * input is checked by the verb (413 for too many events before parsing them).
 */
export const ingestBatchOperation = operation({
  name: 'ingest.batch',
  input: v.unknown(),
  output: IngestResult,
  scope: 'ingest',
  audit: false,
  run: ({ ctx, input }) =>
    ingestBatch({ ctx, input, limits: ctx.ingestLimits ?? defaultIngestLimits }),
});
