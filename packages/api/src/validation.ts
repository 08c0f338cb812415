import type { FieldError } from '@hindsight/models';
import { sValidator } from '@hono/standard-validator';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationTargets } from 'hono';

/** Bad request input; `onError` answers it with a 400 listing each problem. */
export class RequestValidationError extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super('the request is not valid');
    this.name = 'RequestValidationError';
  }
}

function pathOf(target: string, issue: StandardSchemaV1.Issue): string {
  const keys = (issue.path ?? []).map((segment) =>
    String(typeof segment === 'object' ? segment.key : segment),
  );
  return [target, ...keys].join('.');
}

/** Validates one part of the request with a model; failures become RequestValidationError. */
export function validate<Target extends keyof ValidationTargets, Schema extends StandardSchemaV1>(
  target: Target,
  schema: Schema,
) {
  return sValidator(target, schema, (result) => {
    if (!result.success) {
      throw new RequestValidationError(
        result.error.map((issue) => ({ path: pathOf(target, issue), message: issue.message })),
      );
    }
  });
}
