import type { SessionListQuery, SessionStatus } from '@hindsight/models';

/**
 * The query of `GET /api/v1/history/sessions`, typed from the model: a typo
 * such as `page_sizee` does not type-check. `cursor` is the opaque
 * `next_cursor` of the previous page.
 */
export type SessionListParams = {
  readonly [K in keyof SessionListFields]?: SessionListFields[K] | undefined;
};

type SessionListFields = Omit<Required<SessionListQuery>, 'cursor' | 'status'> & {
  status: SessionStatus | readonly SessionStatus[];
  cursor: string;
};

/** The query string values `hc` sends: every value a string, repeated keys as arrays. */
export type QueryStrings = Record<string, string | string[]>;

/** The params as query strings, leaving out what is undefined. */
export function sessionListQuery(params: SessionListParams): QueryStrings {
  const query: QueryStrings = {};
  for (const [key, value] of Object.entries(params) as Array<[string, unknown]>) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) query[key] = value.map(String);
    } else {
      query[key] = String(value);
    }
  }
  return query;
}
