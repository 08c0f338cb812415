import type { IngestEventType, OtelSpanRecord } from '@hindsight/models';
import type { AppliedSpan, OtelSpanRow } from '@hindsight/repository';
import { text } from './attributes.js';
import {
  llmBody,
  rootOutcome,
  sessionKeyOf,
  sessionStartedBody,
  spanEntityIdOf,
  stageEnd,
  stageStartedBody,
  toolBody,
} from './map.js';
import type { OtelOptions } from './options.js';

/** A native ingest event the trace turns into, and the span it comes from. */
export interface PlannedEvent {
  readonly id: string;
  readonly type: IngestEventType;
  readonly body: unknown;
  readonly timestamp: string;
  /** `trace/span` of its span. */
  readonly spanKey: string;
}

export interface TracePlan {
  /** The session the trace goes to, or null while it waits for its root. */
  readonly sessionId: string | null;
  readonly keyedByTrace: boolean;
  readonly events: PlannedEvent[];
  readonly applied: AppliedSpan[];
  /** The root span's outcome, when the root is applied now. */
  readonly rootOutcome: ReturnType<typeof rootOutcome> | null;
  /** Spans applied now that map to nothing (not GenAI, or an MCP call inside a tool call). */
  readonly ignored: number;
}

export const spanKeyOf = (row: { trace_id: string; span_id: string }) =>
  `${row.trace_id}/${row.span_id}`;

function byStart(a: OtelSpanRow, b: OtelSpanRow): number {
  const sa = a.span?.start_us ?? 0;
  const sb = b.span?.start_us ?? 0;
  return sa - sb || (a.span_id < b.span_id ? -1 : a.span_id > b.span_id ? 1 : 0);
}

/** The span that opens a session: the root, or (forced) the earliest waiting span. */
function openerOf(waiting: readonly OtelSpanRow[], force: boolean): OtelSpanRow | undefined {
  const root = waiting.find((row) => row.parent_span_id === null);
  if (root || !force) return root;
  return [...waiting].sort(byStart)[0];
}

/**
 * The session a trace goes to: one its spans went to already, else the
 * conversation or session id of its opener (or of its earliest span naming
 * one), else the trace itself. Null while the trace waits for its root.
 */
export function sessionOfTrace(
  rows: readonly OtelSpanRow[],
  options: OtelOptions,
  force: boolean,
): { sessionId: string; keyedByTrace: boolean; opener: OtelSpanRecord | null } | null {
  // A trace with no GenAI span at all (an HTTP service's traffic) never becomes a session.
  if (!rows.some((row) => row.role !== 'other')) return null;
  const applied = rows.find((row) => row.applied && row.session_id !== null);
  if (applied?.session_id)
    return { sessionId: applied.session_id, keyedByTrace: false, opener: null };
  const waiting = rows.filter((row) => !row.applied && row.span !== null);
  const opener = openerOf(waiting, force)?.span;
  if (!opener) return null;
  const named = [opener, ...[...waiting].sort(byStart).map((row) => row.span)]
    .filter((span): span is OtelSpanRecord => span !== null)
    .map((span) => sessionKeyOf(span, options))
    .find((key) => key !== undefined);
  return { sessionId: named ?? opener.trace_id, keyedByTrace: named === undefined, opener };
}

/**
 * Turns the waiting spans of one trace into native ingest events, parents
 * before children, once their place is known: a span goes when its parent
 * has gone (or it is the root) and the trace has a session. The result
 * depends only on the spans stored, not on the order they came in. Forced
 * (the idle sweep), a trace with no root opens its session with its earliest
 * span and spans whose parent never came attach to the session.
 */
export function planTrace(
  rows: readonly OtelSpanRow[],
  options: OtelOptions,
  {
    existingSessions,
    force = false,
    receivedAt,
  }: { existingSessions: ReadonlySet<string>; force?: boolean; receivedAt: string },
): TracePlan {
  const session = sessionOfTrace(rows, options, force);
  const empty: TracePlan = {
    sessionId: null,
    keyedByTrace: false,
    events: [],
    applied: [],
    rootOutcome: null,
    ignored: 0,
  };
  if (!session) return empty;
  const { sessionId } = session;
  const events: PlannedEvent[] = [];
  const ends: PlannedEvent[] = [];
  const event = (row: OtelSpanRow, suffix: string, type: IngestEventType, body: unknown) =>
    ({
      id: `otel:${row.trace_id}:${row.span_id}:${suffix}`,
      type,
      body,
      timestamp: receivedAt,
      spanKey: spanKeyOf(row),
    }) as const;
  if (session.opener && !existingSessions.has(sessionId)) {
    const opener = session.opener;
    events.push({
      id: `otel:${opener.trace_id}:session.started`,
      type: 'session.started',
      body: sessionStartedBody(opener, sessionId, options),
      timestamp: receivedAt,
      spanKey: spanKeyOf(opener),
    });
  }
  const byId = new Map(rows.map((row) => [row.span_id, row]));
  const scopes = new Map<string, string | null>();
  for (const row of rows) if (row.applied) scopes.set(row.span_id, row.stage_scope_id);
  let stageIndex = rows.filter((row) => row.applied && row.role === 'stage').length;
  const waiting = rows.filter((row) => !row.applied && row.span !== null).sort(byStart);
  const applied: AppliedSpan[] = [];
  let outcome: TracePlan['rootOutcome'] = null;
  let ignored = 0;
  for (let progress = true; progress; ) {
    progress = false;
    for (const row of waiting) {
      const span = row.span;
      if (span === null || scopes.has(row.span_id)) continue;
      const parentId = row.parent_span_id;
      let parentScope: string | null;
      if (parentId === null) parentScope = null;
      else if (scopes.has(parentId)) parentScope = scopes.get(parentId) ?? null;
      else if (force && !byId.has(parentId)) parentScope = null;
      else continue;
      progress = true;
      const scope = row.role === 'stage' ? spanEntityIdOf(row) : parentScope;
      scopes.set(row.span_id, scope);
      applied.push({
        trace_id: row.trace_id,
        span_id: row.span_id,
        session_id: sessionId,
        stage_scope_id: scope,
      });
      if (parentId === null) outcome = rootOutcome(span);
      const parent = parentId === null ? undefined : byId.get(parentId);
      switch (row.role) {
        case 'stage': {
          events.push(
            event(
              row,
              'stage.started',
              'stage.started',
              stageStartedBody(span, sessionId, stageIndex),
            ),
          );
          stageIndex += 1;
          const end = stageEnd(span, sessionId);
          ends.push(event(row, 'stage.ended', end.type, end.body));
          break;
        }
        case 'llm':
          events.push(event(row, 'llm', 'llm.interaction', llmBody(span, sessionId, parentScope)));
          break;
        case 'tool':
          // An MCP client span inside an execute_tool span is the same call, recorded once.
          if (parent?.role === 'tool' && text(span.attributes, 'mcp.method.name') !== undefined) {
            ignored += 1;
            break;
          }
          events.push(
            event(row, 'mcp', 'mcp.communication', toolBody(span, sessionId, parentScope)),
          );
          break;
        case 'other':
          if (parentId !== null) ignored += 1;
          break;
      }
    }
  }
  return {
    sessionId,
    keyedByTrace: session.keyedByTrace,
    events: [...events, ...ends],
    applied,
    rootOutcome: outcome,
    ignored,
  };
}
