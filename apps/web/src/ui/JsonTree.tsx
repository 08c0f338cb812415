// Recorded JSON shown as a tree of text: nothing in it is ever evaluated or parsed as HTML.

const bigCollection = 20;

function summaryOf(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  const keys = Object.keys(value as object).length;
  return `{${keys} key${keys === 1 ? '' : 's'}}`;
}

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">"{value}"</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-boolean">{String(value)}</span>;
  return <span className="json-null">{String(value)}</span>;
}

function Node({ name, value, depth }: { name?: string; value: unknown; depth: number }) {
  const label = name === undefined ? null : <span className="json-key">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <li>
        {label}
        <Scalar value={value} />
      </li>
    );
  }
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value as Record<string, unknown>);
  return (
    <li>
      <details open={depth < 2 && entries.length <= bigCollection}>
        <summary>
          {label}
          <span className="json-summary">{summaryOf(value)}</span>
        </summary>
        {entries.length > 0 && (
          <ul className="json-children">
            {entries.map(([key, item]) => (
              <Node key={key} name={key} value={item} depth={depth + 1} />
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}

/** A collapsible tree of a JSON value (native disclosure widgets: keyboard and screen-reader ready). */
export function JsonTree({ value, label }: { value: unknown; label: string }) {
  return (
    <ul className="json-tree" aria-label={label}>
      <Node value={value} depth={0} />
    </ul>
  );
}
