import { type FieldError, hasNul, modelSchemas, nulMessage } from '@hindsight/models';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';

/** Bad request input; `onError` answers it with a 400 listing each problem. */
export class RequestValidationError extends Error {
  constructor(
    readonly errors: readonly FieldError[],
    /** The named model that refused the input, or `inline` for a route's own schema. */
    readonly model: string,
    readonly target: string,
  ) {
    super(readableDetail(errors, target));
    this.name = 'RequestValidationError';
  }
}

/** Problems named in `detail`; the rest are counted (every one is in `errors`). */
const problemsInDetail = 3;

/**
 * A `detail` a person can act on, since clients such as Tarsy's dashboard show
 * only it: each problem as `parameter reason` (`page_size must be between 1 and
 * 100`), the parameter named as the client sent it (no `query.` prefix, no
 * index into a repeated parameter).
 */
function readableDetail(errors: readonly FieldError[], target: string): string {
  if (errors.length === 0) return 'the request is not valid';
  const prefix = `${target}.`;
  const named = errors.slice(0, problemsInDetail).map(({ path, message }) => {
    const bare = path.startsWith(prefix) ? path.slice(prefix.length) : path;
    const name = target === 'query' ? bare.replace(/\.\d+$/, '') : bare;
    return name === '' || name === target ? message : `${name} ${message}`;
  });
  const more = errors.length - named.length;
  return more > 0 ? `${named.join('; ')} (and ${more} more)` : named.join('; ');
}

const modelNames = new Map<unknown, string>(
  Object.entries(modelSchemas).map(([name, schema]) => [schema, name]),
);

/** The name a schema is counted under in the validation metrics. */
export function modelNameOf(schema: unknown): string {
  return modelNames.get(schema) ?? 'inline';
}

function pathOf(target: string, issue: StandardSchemaV1.Issue): string {
  const keys = (issue.path ?? []).map((segment) =>
    String(typeof segment === 'object' ? segment.key : segment),
  );
  return [target, ...keys].join('.');
}

/**
 * Every place in `value` (strings and object keys, at any depth) that holds a
 * NUL. The models refuse NUL in their text primitives; this catches the rest
 * of what a route reads, whatever its schema, so that no NUL reaches the database.
 */
export function nulProblems(value: unknown, path: string, depth = 0): FieldError[] {
  if (typeof value === 'string') return hasNul(value) ? [{ path, message: nulMessage }] : [];
  if (typeof value !== 'object' || value === null || depth > 64) return [];
  const problems: FieldError[] = [];
  for (const [key, item] of Object.entries(value)) {
    const itemPath = `${path}.${key}`;
    if (hasNul(key)) problems.push({ path: itemPath, message: `the key ${nulMessage}` });
    problems.push(...nulProblems(item, itemPath, depth + 1));
  }
  return problems;
}

/**
 * Validates one part of the request with a model, and documents it in the
 * OpenAPI document (hono-openapi). Failures become RequestValidationError.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends StandardSchemaV1>(
  target: Target,
  schema: Schema,
) {
  const model = modelNameOf(schema);
  return validator(target, schema, (result) => {
    const nul = nulProblems(result.data, target);
    if (nul.length > 0) throw new RequestValidationError(nul, model, target);
    if (!result.success) {
      throw new RequestValidationError(
        result.error.map((issue) => ({ path: pathOf(target, issue), message: issue.message })),
        model,
        target,
      );
    }
  });
}
