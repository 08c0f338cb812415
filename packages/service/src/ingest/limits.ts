/**
 * Size limits of ingested events. The server reads them from its configuration
 * and passes them down; nothing in this package reads the environment.
 */
export interface IngestLimits {
  /** Events in one batch; a larger batch is refused whole (413). */
  readonly maxEvents: number;
  /** Characters of one free-text field (final_analysis, error_message...); beyond: 413 for that event. */
  readonly maxTextChars: number;
  /** Characters of one JSON field as JSON text (alert_data, tool_calls, result...); beyond: 413. */
  readonly maxJsonChars: number;
  /** Characters of one LLM message's content; beyond, it is truncated with a visible marker. */
  readonly maxMessageChars: number;
  /** Nesting depth of a JSON field (`{}` is 1, `{"a":[]}` is 2); beyond: 400. */
  readonly maxJsonDepth: number;
}

/** The ingest limits of a server that is not configured otherwise (the `INGEST_MAX_*` defaults). */
export const defaultIngestLimits: IngestLimits = {
  maxEvents: 1000,
  maxTextChars: 256 * 1024,
  maxJsonChars: 1024 * 1024,
  maxMessageChars: 256 * 1024,
  maxJsonDepth: 32,
};
