import { createHash } from 'node:crypto';
import {
  IngestEventType as EventType,
  Id,
  type IngestEventType,
  IngestSuccess,
} from '@hindsight/models';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { parseInput } from '../errors.js';
import { operation } from '../hub/operation.js';
import { applyEvents } from './apply.js';
import { nowUs } from './ingest-batch.js';
import { defaultIngestLimits, type IngestLimits } from './limits.js';
import { entityIdOf, eventDigest, type PreparedEvent, prepareBody } from './prepare.js';

/** One event of the single-record routes: its type and its body (checked by the type's schema). */
export const RecordEventInput = v.object({
  type: EventType,
  body: v.unknown(),
  /** The idempotency key; derived from the record's ids when absent. */
  event_id: v.optional(Id),
});
export type RecordEventInput = v.InferInput<typeof RecordEventInput>;

/**
 * The event id of a single-record request that brings none: the same record
 * always gets the same id, so a retried request is recognised as a repeat.
 */
export function derivedEventId(event: Omit<PreparedEvent, 'id' | 'digest'>): string {
  const entity = entityIdOf({ ...event, id: '' } as PreparedEvent);
  const digest = createHash('sha256')
    .update(JSON.stringify([event.type, event.body.session_id, entity]))
    .digest('hex');
  return `record-${digest}`;
}

/**
 * Applies one event through the same code as a batch, for the single-record
 * routes and the in-process recorder. The event's error is thrown as the typed
 * service error it is (ValidationError, NotFoundError, ConflictError...).
 */
export async function recordEvent({
  ctx,
  input,
  limits = defaultIngestLimits,
  now = nowUs,
}: {
  ctx: ServiceContext;
  input: RecordEventInput;
  limits?: IngestLimits;
  now?: () => number;
}): Promise<IngestSuccess> {
  const { type, body, event_id } = parseInput(RecordEventInput, input);
  const preparedBody = prepareBody(type as IngestEventType, body, limits);
  const prepared = {
    type,
    body: preparedBody,
    digest: eventDigest(type as IngestEventType, preparedBody),
  } as Omit<PreparedEvent, 'id'>;
  const id = event_id ?? derivedEventId(prepared);
  const [outcome] = await applyEvents(ctx, [{ ...prepared, id } as PreparedEvent], now);
  if (!outcome) throw new Error('the event was not answered');
  if ('error' in outcome) throw outcome.error;
  return { id, status: outcome.status };
}

/** The single-record routes and the in-process recorder. */
export const recordEventOperation = operation({
  name: 'ingest.record',
  input: RecordEventInput,
  output: IngestSuccess,
  scope: 'ingest',
  audit: false,
  run: ({ ctx, input }) =>
    recordEvent({ ctx, input, limits: ctx.ingestLimits ?? defaultIngestLimits }),
});
