import * as v from 'valibot';

/** One problem with one input field. */
export const FieldError = v.object({
  /** Dot path of the field, e.g. `query.page_size`; empty for the input as a whole. */
  path: v.string(),
  message: v.string(),
});
export type FieldError = v.InferOutput<typeof FieldError>;

/** An error answer (RFC 9457 problem details) with the request's trace id. */
export const ProblemDetails = v.object({
  type: v.string(),
  title: v.string(),
  status: v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599)),
  detail: v.optional(v.string()),
  instance: v.optional(v.string()),
  trace_id: v.string(),
  errors: v.optional(v.array(FieldError)),
});
export type ProblemDetails = v.InferOutput<typeof ProblemDetails>;
