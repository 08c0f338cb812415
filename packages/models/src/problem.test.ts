import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { issuePaths, loose } from '../test/fixtures.js';
import { fieldError, problemDetails } from '../test/summary-fixtures.js';
import { FieldError, ProblemDetails } from './problem.js';

describe('FieldError', () => {
  it('accepts an empty path for the input as a whole', () => {
    expect(issuePaths(FieldError, { ...fieldError(), path: '' })).toEqual([]);
  });

  it('needs a string path and message', () => {
    expect(issuePaths(FieldError, { ...fieldError(), path: ['query', 'page'] })).toEqual(['path']);
    expect(issuePaths(FieldError, { path: 'body' })).toEqual(['message']);
  });
});

describe('ProblemDetails', () => {
  it('accepts a problem without detail, instance or errors', () => {
    const problem = loose(problemDetails());
    delete problem.detail;
    delete problem.errors;
    expect(v.parse(ProblemDetails, problem)).toEqual(problem);
  });

  it('allows only error statuses, as whole numbers', () => {
    for (const status of [400, 404, 429, 503, 599]) {
      expect(issuePaths(ProblemDetails, { ...problemDetails(), status })).toEqual([]);
    }
    for (const status of [200, 207, 399, 600, 400.5, '400']) {
      expect(issuePaths(ProblemDetails, { ...problemDetails(), status })).toEqual(['status']);
    }
  });

  it('needs trace_id and reports a bad field error at its index', () => {
    const problem = loose(problemDetails());
    delete problem.trace_id;
    problem.errors = [fieldError(), { path: 'body.id' }];
    expect(issuePaths(ProblemDetails, problem).sort()).toEqual(['errors.1.message', 'trace_id']);
  });
});
