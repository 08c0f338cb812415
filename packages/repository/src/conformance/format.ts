import type { SchemaProblem, SchemaReport } from './report.js';

const headings = ['KIND', 'WHERE', 'EXPECTED', 'ACTUAL'] as const;

/** Where a problem is: `table.column` or `table.(a, b)`, with the index or constraint in brackets. */
function where(found: SchemaProblem): string {
  const { table, column } = found;
  const columns = column?.includes(',') ? `(${column})` : column;
  const place = columns === undefined ? table : `${table}.${columns}`;
  return found.constraint === undefined ? place : `${place} [${found.constraint}]`;
}

/**
 * The report as a text table, one line per problem, for terminals and logs.
 * The messages stay in the JSON form, where a line's width does not matter.
 */
export function formatSchemaReport(report: SchemaReport): string {
  if (report.problems.length === 0) {
    return 'ok: the database, the drizzle schema and the models agree';
  }
  const rows = report.problems.map((found) => [
    found.kind,
    where(found),
    found.expected ?? '-',
    found.actual ?? '-',
  ]);
  const widths = headings.map((heading, i) =>
    Math.max(heading.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ');
  const count = report.problems.length;
  return [
    `schema drift: ${count} problem${count === 1 ? '' : 's'}`,
    line(headings),
    ...rows.map(line),
  ].join('\n');
}
