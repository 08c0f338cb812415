import type { FieldError, ProblemDetails } from '@hindsight/models';

/**
 * A non-2xx answer of the API, read from its RFC 9457 problem document. When
 * the body is not a problem document (a proxy's HTML error page, an empty
 * body), the status and the status text stand in for it.
 */
export class HindsightProblemError extends Error {
  /** The HTTP status of the answer. */
  readonly status: number;
  /** A short, human-readable summary of the problem type, e.g. `Not Found`. */
  readonly title: string;
  /** What went wrong with this request, when the server said. */
  readonly detail: string | undefined;
  /** Each problem with one input field (400 answers). */
  readonly errors: readonly FieldError[];
  /** The server's request id, to find its log lines. */
  readonly traceId: string | undefined;
  /** The problem document as received, when there was one. */
  readonly problem: ProblemDetails | undefined;

  constructor(status: number, problem: ProblemDetails | undefined, statusText = '') {
    const title = problem?.title ?? (statusText || `HTTP ${status}`);
    super(problem?.detail ? `${title}: ${problem.detail}` : title);
    this.name = 'HindsightProblemError';
    this.status = status;
    this.title = title;
    this.detail = problem?.detail;
    this.errors = problem?.errors ?? [];
    this.traceId = problem?.trace_id;
    this.problem = problem;
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const { path, message } = value as Record<string, unknown>;
  return typeof path === 'string' && typeof message === 'string';
}

/** The body as a problem document, or undefined when it is not shaped like one. */
export function asProblem(body: unknown): ProblemDetails | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.title !== 'string' || typeof b.status !== 'number') return undefined;
  const errors = Array.isArray(b.errors) ? b.errors.filter(isFieldError) : undefined;
  return {
    type: typeof b.type === 'string' ? b.type : 'about:blank',
    title: b.title,
    status: b.status,
    ...(typeof b.detail === 'string' ? { detail: b.detail } : {}),
    ...(typeof b.instance === 'string' ? { instance: b.instance } : {}),
    trace_id: typeof b.trace_id === 'string' ? b.trace_id : '',
    ...(errors ? { errors } : {}),
  };
}

/** Turns a non-2xx response into a `HindsightProblemError` (it reads the body). */
export async function problemFrom(response: Response): Promise<HindsightProblemError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return new HindsightProblemError(response.status, asProblem(body), response.statusText);
}

/** The parts of a typed client response `unwrap` needs. */
export interface JsonResponse<T> {
  readonly ok: boolean;
  readonly status: number;
  /** Reads the body as JSON. */
  json(): Promise<T>;
}

/** The body of the answers in `R` that are not failures (`ok` is not `false`). */
export type SuccessBody<R> = R extends { readonly ok: false }
  ? never
  : R extends JsonResponse<infer T>
    ? T
    : never;

/**
 * The body of a successful answer, typed by the route; a `HindsightProblemError`
 * otherwise. Accepts the response or its promise:
 * `const page = await unwrap(client.api.v1.history.sessions.$get({ query }))`.
 */
export async function unwrap<R extends JsonResponse<unknown>>(
  response: R | Promise<R>,
): Promise<SuccessBody<R>> {
  const res = await response;
  if (!res.ok) throw await problemFrom(res as unknown as Response);
  return (await res.json()) as SuccessBody<R>;
}
