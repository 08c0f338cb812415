import * as v from 'valibot';

export const sessionTabs = ['timeline', 'stats', 'alert'] as const;
export type SessionTab = (typeof sessionTabs)[number];

/** A session view in the URL: the tab, and the interaction a deep link names (`?i=`). */
export const SessionSearch = v.object({
  tab: v.fallback(v.optional(v.picklist(sessionTabs)), undefined),
  i: v.fallback(
    v.optional(
      v.pipe(
        v.union([v.string(), v.number()]),
        v.transform(String),
        v.minLength(1),
        v.maxLength(255),
      ),
    ),
    undefined,
  ),
});
export type SessionSearch = v.InferOutput<typeof SessionSearch>;

export function validateSessionSearch(search: Record<string, unknown>): SessionSearch {
  const parsed = v.parse(SessionSearch, search);
  return Object.fromEntries(
    Object.entries(parsed).filter(([, value]) => value !== undefined),
  ) as SessionSearch;
}
