/** How the OTLP receiver maps spans and closes sessions; the server configures it. */
export interface OtelOptions {
  /** Attributes naming a session, first found wins; else the trace id is the session. */
  readonly sessionAttributes: readonly string[];
  /** Attributes naming the agent type (span first, then resource). */
  readonly agentTypeAttributes: readonly string[];
  /** Attributes naming the alert type; none found leaves it null. */
  readonly alertTypeAttributes: readonly string[];
  /**
   * A session keyed by its trace ends with its root span, once no span of it
   * has arrived for this long (spans of one trace may come from several
   * processes, a late child after its root).
   */
  readonly settleMs: number;
  /** Any session with no span for this long is closed (a trace whose root never came: `timed_out`). */
  readonly idleTimeoutMs: number;
  /**
   * Traces, and sessions, one sweep pass handles at most (200 when unset): a
   * pass stays one short transaction, and its answer says when more are due.
   */
  readonly sweepPageSize?: number;
}

/** The mapping and timeouts used when the server configures none. */
export const defaultOtelOptions: OtelOptions = {
  sessionAttributes: ['gen_ai.conversation.id', 'session.id'],
  agentTypeAttributes: ['gen_ai.agent.name', 'service.name'],
  alertTypeAttributes: ['hindsight.alert_type'],
  settleMs: 2_000,
  idleTimeoutMs: 300_000,
};
