import {
  databaseErrorKind,
  isDatabaseUnavailable,
  isStrayCancellation,
} from '@hindsight/repository';
import type * as v from 'valibot';
import type { CircuitBreaker } from '../circuit-breaker.js';
import { type ServiceContext, withTransaction } from '../context.js';
import { parseInput, ServiceError, UnavailableError } from '../errors.js';
import { accessHook } from './access.js';
import { auditHook } from './audit.js';
import type { Hook, HookCall } from './hook.js';
import type { AnyOperation, Caller } from './operation.js';

type Named<Ops extends readonly AnyOperation[], N> = Extract<Ops[number], { readonly name: N }>;

/** The names of the operations of a registry. */
export type OperationNameOf<Ops extends readonly AnyOperation[]> = Ops[number]['name'];
/** The input an operation of a registry takes, before validation (what a caller writes). */
export type InputOf<Ops extends readonly AnyOperation[], N> = v.InferInput<Named<Ops, N>['input']>;
/** The output an operation of a registry resolves to. */
export type OutputOf<Ops extends readonly AnyOperation[], N> = v.InferOutput<
  Named<Ops, N>['output']
>;

type GroupOf<N> = N extends `${infer G}.${string}` ? G : never;
type VerbOf<N, G extends string> = N extends `${G}.${infer V}` ? V : never;

/** A verb bound to a caller; the input may be left out when the model accepts `{}`. */
// biome-ignore lint/complexity/noBannedTypes: `{}` here means "an input with no required field".
export type BoundVerb<I, O> = {} extends I ? (input?: I) => Promise<O> : (input: I) => Promise<O>;

/**
 * The operations bound to one caller, grouped by the part of their name before
 * the dot: `casefiles.create` is `services.casefiles.create(input)`. Derived
 * from the registry, so an operation added there appears here by itself.
 */
export type ServicesOf<Ops extends readonly AnyOperation[]> = {
  readonly [G in GroupOf<OperationNameOf<Ops>>]: {
    readonly [V in VerbOf<OperationNameOf<Ops>, G>]: BoundVerb<
      InputOf<Ops, `${G}.${V}`>,
      OutputOf<Ops, `${G}.${V}`>
    >;
  };
};

/**
 * A hub over a registry of operations: call one by name with a caller, or bind a caller with
 * `as`.
 */
export interface HubOf<Ops extends readonly AnyOperation[]> {
  readonly operations: Ops;
  /** Calls an operation by name: hooks, validation, access, audit, the verb. */
  call<N extends OperationNameOf<Ops>>(
    name: N,
    input: InputOf<Ops, N>,
    caller: Caller,
  ): Promise<OutputOf<Ops, N>>;
  /** Every operation bound to `caller`. */
  as(caller: Caller): ServicesOf<Ops>;
}

/**
 * An operation that only reads: it declares a read pool and writes no audit
 * row, so running it again changes nothing.
 */
function onlyReads(operation: AnyOperation): boolean {
  return operation.pool !== undefined && !operation.audit;
}

/**
 * Turns an unreachable database into UnavailableError, whatever the driver
 * said, and so a statement the database cancelled (it ran past the statement
 * timeout, or its request went away). A read whose statement caught a cancel
 * meant for another request (isStrayCancellation) is run once more first.
 */
export const unavailableHook: Hook = async (call, next) => {
  try {
    try {
      return await next();
    } catch (error) {
      if (!onlyReads(call.operation) || !isStrayCancellation(error)) throw error;
      return await next({ ...call, commit: [] });
    }
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    if (isDatabaseUnavailable(error)) {
      throw new UnavailableError('the database is not reachable', { cause: error });
    }
    if (databaseErrorKind(error) === 'cancelled') {
      throw new UnavailableError('the database did not answer in time', {
        cause: error,
        reason: 'timeout',
      });
    }
    throw error;
  }
};

/**
 * A circuit breaker around every operation (registered at composition): while
 * the database is known to be away, calls fail at once with UnavailableError
 * instead of each waiting for a connection (see CircuitBreaker).
 */
export function circuitBreakerHook(breaker: CircuitBreaker): Hook {
  return async (_call, next) => {
    await breaker.admit();
    try {
      return await next();
    } catch (error) {
      if (error instanceof UnavailableError && error.reason === 'unreachable') {
        breaker.recordFailure();
      }
      throw error;
    }
  };
}

/** Parses the input with the operation's model (ValidationError naming each problem). */
export const validationHook: Hook = (call, next) =>
  next({ ...call, input: parseInput(call.operation.input, call.input), validated: true });

/**
 * The hooks every hub runs, outermost first, inside those registered at
 * composition: database errors mapped, audit, validation, access.
 */
export const standardHooks: readonly Hook[] = [
  unavailableHook,
  auditHook,
  validationHook,
  accessHook,
];

/** The context whose database is the pool the operation declared (reads stay off writers' pool). */
function pooled(call: HookCall): ServiceContext {
  const { pool } = call.operation;
  const pools = call.ctx.pools;
  if (!pool || !pools) return call.ctx;
  const workload = typeof pool === 'function' ? pool(call.input) : pool;
  return { ...call.ctx, db: pools[workload] };
}

/** The verb itself: in one transaction with its commit steps when it is audited. */
async function runVerb(call: HookCall): Promise<unknown> {
  const { operation, caller } = call;
  if (!call.validated) throw new Error(`${operation.name} reached its verb without validation`);
  caller.signal?.throwIfAborted();
  if (!operation.audit && call.commit.length === 0) {
    return operation.run({ ctx: pooled(call), input: call.input, caller });
  }
  return withTransaction(call.ctx, async (tx) => {
    const output = await operation.run({ ctx: tx, input: call.input, caller });
    for (const step of call.commit) await step(tx, output, { ...call, ctx: tx });
    return output;
  });
}

/** Options of `createHub`: hooks around every call and the limits and policies the verbs use. */
export interface HubOptions {
  /** Hooks registered at composition (metrics, tests); they run outside the standard hooks. */
  readonly hooks?: readonly Hook[];
}

/** A hub over any list of operations (the server's is `createHub`). */
export function createOperationHub<const Ops extends readonly AnyOperation[]>(
  ctx: ServiceContext,
  operations: Ops,
  options: HubOptions = {},
): HubOf<Ops> {
  const byName = new Map<string, AnyOperation>();
  for (const operation of operations) {
    if (byName.has(operation.name))
      throw new Error(`operation ${operation.name} is declared twice`);
    if (!/^[a-zA-Z]+\.[a-zA-Z]+$/.test(operation.name)) {
      throw new Error(`operation ${operation.name} is not named group.verb`);
    }
    byName.set(operation.name, operation);
  }
  const chain = [...(options.hooks ?? []), ...standardHooks];
  const dispatch = (index: number, call: HookCall): Promise<unknown> => {
    const hook = chain[index];
    if (!hook) return runVerb(call);
    return hook(call, (next) => dispatch(index + 1, next ?? call));
  };
  const call = (name: string, input: unknown, caller: Caller) => {
    const operation = byName.get(name);
    if (!operation) return Promise.reject(new Error(`no operation is named ${name}`));
    return dispatch(0, { operation, input, validated: false, caller, ctx, commit: [] });
  };
  const as = (caller: Caller) => {
    const groups: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
    for (const name of byName.keys()) {
      const [group = '', verb = ''] = name.split('.');
      groups[group] ??= {};
      groups[group][verb] = (input) => call(name, input ?? {}, caller);
    }
    return groups;
  };
  return {
    operations,
    call: call as HubOf<Ops>['call'],
    as: as as unknown as HubOf<Ops>['as'],
  };
}
