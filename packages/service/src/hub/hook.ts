import type { ServiceContext } from '../context.js';
import type { AnyOperation, Caller } from './operation.js';

/** Work that joins the transaction of an audited call, after its verb succeeded. */
export type CommitStep = (tx: ServiceContext, output: unknown, call: HookCall) => Promise<void>;

/** One call on its way through the hooks to its verb. */
export interface HookCall {
  readonly operation: AnyOperation;
  /** The input as given; the validation hook replaces it with the parsed model. */
  readonly input: unknown;
  /** True once the input has been parsed with the operation's model. */
  readonly validated: boolean;
  readonly caller: Caller;
  readonly ctx: ServiceContext;
  /** Steps run inside the call's transaction before it commits (the audit row, for one). */
  readonly commit: readonly CommitStep[];
}

/**
 * Middleware around every operation, like tRPC/oRPC middleware: do something
 * before, call `next` (optionally with a changed call), do something after,
 * also when it throws. Registered at composition (`createHub({ hooks })`).
 */
export type Hook = (
  call: HookCall,
  next: (call?: HookCall) => Promise<unknown>,
) => Promise<unknown>;
