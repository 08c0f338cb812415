import type { ApiKeyScope, CasefileRole, Principal } from '@hindsight/models';
import type * as v from 'valibot';
import type { ServiceContext, Workload } from '../context.js';

/**
 * Who may call an operation: anyone (`public`), only the server or the CLI
 * acting as a `system` principal (`internal`), or a principal with this scope.
 */
export type OperationScope = 'public' | 'internal' | ApiKeyScope;

/** Who calls: the principal, the request it came with, and a signal that aborts it. */
export interface Caller {
  readonly principal: Principal;
  readonly requestId?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * An operation that acts on one casefile: the access hook finds the caller's
 * role on it before the verb runs. A caller with no role (or a casefile that
 * is not there) gets a 404, never a 403, so ids cannot be probed.
 */
export interface CasefileAccess<I> {
  /** The casefile the input names. */
  id(input: I): string;
  /** The least role the call needs. */
  readonly role: CasefileRole;
  /** True for an operation on a deleted casefile (restore); others see deleted ones as missing. */
  readonly deleted?: boolean;
}

/**
 * One service verb, declared once: its name (`group.verb`), its input and
 * output models, who may call it, and whether it is audited. `run` is the verb;
 * the hub validates the input before it and runs the hooks around it.
 */
export interface Operation<
  N extends string = string,
  I extends v.GenericSchema = v.GenericSchema,
  O extends v.GenericSchema = v.GenericSchema,
> {
  readonly name: N;
  readonly input: I;
  readonly output: O;
  readonly scope: OperationScope;
  /**
   * An audited operation runs in one transaction with its audit row; a
   * refused or failed call is recorded too, after the rollback.
   */
  readonly audit: boolean;
  readonly casefile?: CasefileAccess<v.InferOutput<I>>;
  /** The pool the verb's statements use (bulkheads); the context's own database when absent. */
  readonly pool?: Workload | ((input: v.InferOutput<I>) => Workload);
  /** What an audit row names as the target, e.g. `casefile:<id>`; the output is absent on failure. */
  target?(input: v.InferOutput<I>, output?: v.InferOutput<O>): string | null;
  /** The input as an audit row keeps it; by default the input with secret-looking fields dropped. */
  summarize?(input: v.InferOutput<I>): Record<string, unknown>;
  /**
   * The verb: runs with the validated input, after access checks, inside the audit transaction
   * when audited.
   */
  run(args: {
    ctx: ServiceContext;
    input: v.InferOutput<I>;
    caller: Caller;
  }): Promise<v.InferOutput<O>>;
}

/** Declares an operation; the identity function is there for type inference. */
export function operation<
  const N extends string,
  I extends v.GenericSchema,
  O extends v.GenericSchema,
>(declaration: Operation<N, I, O>): Operation<N, I, O> {
  return declaration;
}

/** An operation of any name and models, as the hub and its hooks see it. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds operations of every model type.
export type AnyOperation = Operation<string, any, any>;
