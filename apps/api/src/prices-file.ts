import { readFileSync } from 'node:fs';
import { PriceOverride } from '@hindsight/models';
import * as v from 'valibot';

/** A prices file: a JSON array of price overrides (see PriceOverride), with unique names. */
const PricesFile = v.pipe(
  v.array(PriceOverride, 'must be a JSON array of price overrides'),
  v.check(
    (list) => new Set(list.map((o) => o.name)).size === list.length,
    'names two overrides alike: each name must be unique',
  ),
);

/**
 * The overrides of the prices file at `path`, validated: each problem is
 * named with its place in the file (`[2].input_per_mtok`), so a deployment
 * with a bad price does not start. Returns the problems instead of throwing,
 * for the configuration to report with the others.
 */
export function readPricesFile(
  path: string,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): { overrides: PriceOverride[] } | { problems: string[] } {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    return { problems: [`cannot be read: ${(error as Error).message}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`is not JSON: ${(error as Error).message}`] };
  }
  const result = v.safeParse(PricesFile, json);
  if (result.success) return { overrides: result.output };
  return {
    problems: result.issues.map((issue) => {
      const path = (issue.path ?? [])
        .map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`))
        .join('');
      return `${path === '' ? 'the file' : path.replace(/^\./, '')}: ${issue.message}`;
    }),
  };
}
