import { type FieldError, modelSchemas } from '@hindsight/models';
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
    super('the request is not valid');
    this.name = 'RequestValidationError';
  }
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
 * Validates one part of the request with a model, and documents it in the
 * OpenAPI document (hono-openapi). Failures become RequestValidationError.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends StandardSchemaV1>(
  target: Target,
  schema: Schema,
) {
  const model = modelNameOf(schema);
  return validator(target, schema, (result) => {
    if (!result.success) {
      throw new RequestValidationError(
        result.error.map((issue) => ({ path: pathOf(target, issue), message: issue.message })),
        model,
        target,
      );
    }
  });
}
