import type { OtelAttributes, OtelValue } from '@hindsight/models';

/** The first of `keys` that the attributes hold as a non-empty string. */
export function text(attributes: OtelAttributes, ...keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = attributes[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  }
  return undefined;
}

/** The first of `keys` that holds a finite number (or a numeric string). */
export function numberOf(
  attributes: OtelAttributes,
  ...keys: readonly string[]
): number | undefined {
  for (const key of keys) {
    const value = attributes[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
      return Number(value);
    }
  }
  return undefined;
}

/** As `numberOf`, for counts: a whole number, not negative. */
export function countOf(
  attributes: OtelAttributes,
  ...keys: readonly string[]
): number | undefined {
  const value = numberOf(attributes, ...keys);
  return value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A list of strings, from an array attribute or a single string. */
export function textList(attributes: OtelAttributes, key: string): string[] {
  const value = attributes[key];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string' && value !== '') {
    const parsed = parseJson(value);
    if (Array.isArray(parsed)) return parsed.filter((v): v is string => typeof v === 'string');
    return [value];
  }
  return [];
}

/** JSON text parsed, or undefined when it is not JSON. */
export function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * A structured attribute: the value itself when the instrumentation sent it
 * structured, or its JSON text parsed (the conventions allow both forms).
 */
export function structured(attributes: OtelAttributes, key: string): OtelValue | undefined {
  const value = attributes[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    const parsed = parseJson(value);
    return parsed === undefined ? value : (parsed as OtelValue);
  }
  return value;
}

/** Attributes `prefix.N.rest` grouped by N, in index order: `{ rest: value }` per index. */
export function indexed(
  attributes: OtelAttributes,
  prefix: string,
): Array<Record<string, OtelValue>> {
  const groups = new Map<number, Record<string, OtelValue>>();
  const start = `${prefix}.`;
  for (const [key, value] of Object.entries(attributes)) {
    if (!key.startsWith(start)) continue;
    const rest = key.slice(start.length);
    const dot = rest.indexOf('.');
    const index = Number(dot === -1 ? rest : rest.slice(0, dot));
    if (!Number.isSafeInteger(index) || index < 0) continue;
    const group = groups.get(index) ?? {};
    group[dot === -1 ? '' : rest.slice(dot + 1)] = value;
    groups.set(index, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

/** A value as display text: strings as they are, anything else as JSON. */
export function asText(value: OtelValue | undefined): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A JSON object for an MCP field: objects as they are, anything else wrapped as `{ value }`. */
export function asObject(value: OtelValue | undefined): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value;
  return { value };
}
