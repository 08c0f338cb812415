import {
  type AuditOutcome,
  auditSummaryMaxLength,
  type NewAuditEvent,
  principalId,
} from '@hindsight/models';
import { insertAuditEvent } from '@hindsight/repository';
import * as v from 'valibot';
import { nowOf } from '../context.js';
import { ForbiddenError, NotVisibleError, ServiceError, UnauthenticatedError } from '../errors.js';
import type { CommitStep, Hook, HookCall } from './hook.js';

/** Field names whose values an audit row never keeps (API keys, tokens, passwords). */
const secretField = /key|token|secret|password|authorization|cookie/i;
const maxStringChars = 200;

/** The input with secret-looking fields and long strings cut, bounded as a whole. */
export function summarizeInput(input: unknown): Record<string, unknown> {
  const cut = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string')
      return value.length > maxStringChars ? `${value.slice(0, maxStringChars)}…` : value;
    if (value === null || typeof value !== 'object') return value;
    if (depth >= 3) return '[…]';
    if (Array.isArray(value)) {
      const items = value.slice(0, 20).map((item) => cut(item, depth + 1));
      return value.length > 20 ? [...items, `… ${value.length - 20} more`] : items;
    }
    const out: Record<string, unknown> = {};
    for (const [field, inner] of Object.entries(value)) {
      out[field] = secretField.test(field) ? '[redacted]' : cut(inner, depth + 1);
    }
    return out;
  };
  const summary = cut(input, 0);
  const object =
    summary !== null && typeof summary === 'object' && !Array.isArray(summary)
      ? (summary as Record<string, unknown>)
      : { value: summary };
  if (JSON.stringify(object).length <= auditSummaryMaxLength) return object;
  return { truncated: true, fields: Object.keys(object).slice(0, 50) };
}

function outcomeOf(error: unknown): AuditOutcome {
  return error instanceof ForbiddenError ||
    error instanceof NotVisibleError ||
    error instanceof UnauthenticatedError
    ? 'denied'
    : 'error';
}

function errorCodeOf(error: unknown): string {
  return error instanceof ServiceError ? error.code : 'internal';
}

/** The row of a call; the input is parsed when it can be, so targets and summaries see the model. */
function auditRow(
  call: HookCall,
  outcome: AuditOutcome,
  output: unknown,
  error?: unknown,
): NewAuditEvent {
  const { operation } = call;
  let input = call.input;
  let parsed = call.validated;
  if (!parsed) {
    const attempt = v.safeParse(operation.input, call.input);
    if (attempt.success) {
      input = attempt.output;
      parsed = true;
    }
  }
  let target: string | null = null;
  let summary: Record<string, unknown>;
  try {
    target = parsed ? (operation.target?.(input, output) ?? null) : null;
  } catch {
    target = null;
  }
  try {
    summary = parsed && operation.summarize ? operation.summarize(input) : summarizeInput(input);
  } catch {
    summary = {};
  }
  return {
    at_us: nowOf(call.ctx),
    principal_id: principalId(call.caller.principal),
    operation: operation.name,
    target: target === null ? null : target.slice(0, 300),
    outcome,
    request_id: call.caller.requestId?.slice(0, 255) ?? null,
    summary,
    error_code: error === undefined ? null : errorCodeOf(error),
  };
}

/**
 * The audit hook. An audited call's success row is a commit step: it is
 * written in the call's transaction, so the change and its record commit
 * together or not at all. A refused or failed call is recorded after the
 * rollback, as `denied` or `error`.
 */
export const auditHook: Hook = async (call, next) => {
  if (!call.operation.audit) return next();
  const record: CommitStep = (tx, output, final) =>
    insertAuditEvent(tx.db, auditRow(final, 'success', output));
  try {
    return await next({ ...call, commit: [...call.commit, record] });
  } catch (error) {
    try {
      await insertAuditEvent(call.ctx.db, auditRow(call, outcomeOf(error), undefined, error));
    } catch {
      // The call has failed already and says why; a database that cannot take
      // the row now (it is down) is reported through that error.
    }
    throw error;
  }
};
