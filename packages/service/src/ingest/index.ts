export {
  type IngestBatchDeps,
  ingestBatch,
  ingestErrorOf,
  nowUs,
} from './ingest-batch.js';
export { defaultIngestLimits, type IngestLimits } from './limits.js';
export { truncateContent, truncationMarker } from './prepare.js';
export { derivedEventId, RecordEventInput, recordEvent } from './record-event.js';
