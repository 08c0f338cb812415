/**
 * What a valibot field accepts, in the terms a column type is checked against.
 * valibot schemas are plain objects (`type`, `wrapped`, `pipe`, `options`), so
 * they are read as data; no valibot internals are imported.
 */
export type ModelValueKind =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'json'
  | 'array'
  | 'date'
  | 'bigint'
  | 'null';

export interface ModelFieldShape {
  readonly kind: ModelValueKind;
  readonly nullable: boolean;
  /** The allowed strings of a picklist, enum or literal. */
  readonly options?: readonly string[];
}

type Node = Readonly<Record<string, unknown>>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

/** Wrappers whose inner schema decides the kind; the first two also let null through. */
const nullWrappers = new Set(['nullable', 'nullish']);
const otherWrappers = new Set([
  'optional',
  'exact_optional',
  'undefinedable',
  'non_optional',
  'non_nullable',
  'non_nullish',
]);

export function describeModelField(schema: unknown): ModelFieldShape {
  if (!isNode(schema)) return { kind: 'json', nullable: false };
  const type = typeof schema.type === 'string' ? schema.type : '';
  if (nullWrappers.has(type) || otherWrappers.has(type)) {
    const inner = describeModelField(schema.wrapped);
    const nullable = nullWrappers.has(type)
      ? true
      : type === 'non_nullable' || type === 'non_nullish'
        ? false
        : inner.nullable;
    return { ...inner, nullable };
  }
  if (type === 'union' || type === 'variant') return describeUnion(schema.options);
  if (type === 'null') return { kind: 'null', nullable: true };
  if (type === 'string') return { kind: 'string', nullable: false };
  if (type === 'picklist' || type === 'enum') {
    return { kind: 'string', nullable: false, options: stringsIn(schema.options) };
  }
  if (type === 'literal') {
    return typeof schema.literal === 'string'
      ? { kind: 'string', nullable: false, options: [schema.literal] }
      : { kind: typeof schema.literal === 'boolean' ? 'boolean' : 'number', nullable: false };
  }
  if (type === 'number') {
    return { kind: pipeRequiresInteger(schema) ? 'integer' : 'number', nullable: false };
  }
  if (type === 'boolean') return { kind: 'boolean', nullable: false };
  if (type === 'array' || type === 'tuple') return { kind: 'array', nullable: false };
  if (type === 'date') return { kind: 'date', nullable: false };
  if (type === 'bigint') return { kind: 'bigint', nullable: false };
  // Objects, records, custom checks, unknown: a JSON value, stored as jsonb.
  return { kind: 'json', nullable: false };
}

/** A union of one kind (and maybe null) is that kind; a mixed one is any JSON value. */
function describeUnion(options: unknown): ModelFieldShape {
  const members = Array.isArray(options) ? options.map(describeModelField) : [];
  const nullable = members.some((member) => member.nullable);
  const kinds = new Set(members.filter((m) => m.kind !== 'null').map((m) => m.kind));
  const [only] = kinds;
  if (kinds.size !== 1 || only === undefined) return { kind: 'json', nullable };
  const listed = members.flatMap((member) => member.options ?? []);
  const everyMemberListsOptions = members.every((m) => m.kind === 'null' || m.options);
  return {
    kind: only,
    nullable,
    ...(everyMemberListsOptions && listed.length > 0 ? { options: listed } : {}),
  };
}

/** `integer()` or `safeInteger()` anywhere in the pipe, including pipes of piped schemas. */
function pipeRequiresInteger(schema: Node): boolean {
  const pipe = Array.isArray(schema.pipe) ? schema.pipe : [];
  return pipe.some(
    (item: unknown) =>
      isNode(item) &&
      ((item.kind === 'validation' && (item.type === 'integer' || item.type === 'safe_integer')) ||
        (item.kind === 'schema' && item !== schema && pipeRequiresInteger(item))),
  );
}

function stringsIn(options: unknown): string[] {
  const values = Array.isArray(options) ? options : isNode(options) ? Object.values(options) : [];
  return values.filter((value): value is string => typeof value === 'string');
}

/** How a field reads in a report: `integer | null`, `picklist(a, b)`. */
export function describeField(field: ModelFieldShape): string {
  const base = field.options ? `picklist(${field.options.join(', ')})` : field.kind;
  return field.nullable ? `${base} | null` : base;
}
