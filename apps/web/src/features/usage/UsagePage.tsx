import {
  type UsageBucket,
  type UsageGrouping,
  type UsageSummary,
  usageBuckets,
  usageGroupings,
} from '@hindsight/models';
import { useId, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCount, formatTokens } from '../../ui/format.js';
import { Empty, ErrorState, Loading } from '../../ui/states.js';
import { useUsageSummary } from './queries.js';
import { seriesName, toChartPoints } from './series.js';

const ranges = [
  { days: 1, label: 'Last 24 hours' },
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
] as const;

const groupLabels: Record<UsageGrouping, string> = {
  model: 'Model',
  provider: 'Provider',
  agent_type: 'Agent type',
  alert_type: 'Alert type',
  chain_id: 'Chain',
};

// Charts draw at once (no animation): the numbers matter, not the motion.
// Distinguishable in both themes; the order follows the totals (most calls first).
const palette = ['#4f7cff', '#f28b30', '#2fb37a', '#d0457a', '#8e6cf0', '#c9a227', '#7a8794'];
const colour = (i: number): string => palette[i % palette.length] ?? '#7a8794';

/** Dollars for an axis or tooltip: cents above a dollar, more digits below (the table has them all). */
function formatAxisUsd(n: number): string {
  return n >= 1 ? `$${n.toFixed(2)}` : `$${n.toPrecision(2)}`;
}

function bucketLabel(bucket: UsageBucket) {
  return (us: number) => {
    const date = new Date(us / 1000);
    return bucket === 'hour'
      ? date.toISOString().slice(5, 16).replace('T', ' ')
      : date.toISOString().slice(0, 10);
  };
}

function Choice<T extends string | number>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={String(value)}
        onChange={(e) => {
          const chosen = options.find((o) => String(o.value) === e.target.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function StackedBars({
  title,
  summary,
  value,
  format,
}: {
  title: string;
  summary: UsageSummary;
  value: (row: UsageSummary['rows'][number]) => number;
  format: (n: number) => string;
}) {
  const { points, series } = toChartPoints(summary, value);
  return (
    <figure className="card chart">
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={points} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket_start_us" tickFormatter={bucketLabel(summary.bucket)} />
          <YAxis tickFormatter={format} width={64} />
          <Tooltip
            labelFormatter={(us) => bucketLabel(summary.bucket)(Number(us))}
            formatter={(n) => format(Number(n))}
          />
          <Legend />
          {series.map((name, i) => (
            <Bar
              key={name}
              dataKey={name}
              stackId="usage"
              fill={colour(i)}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

function LatencyChart({ summary }: { summary: UsageSummary }) {
  const points = summary.rows.map((row) => ({
    bucket_start_us: row.bucket_start_us,
    p50: row.latency_ms.p50,
    p95: row.latency_ms.p95,
    p99: row.latency_ms.p99,
  }));
  return (
    <figure className="card chart">
      <figcaption>LLM latency percentiles (ms)</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={points} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket_start_us" tickFormatter={bucketLabel(summary.bucket)} />
          <YAxis width={64} />
          <Tooltip labelFormatter={(us) => bucketLabel(summary.bucket)(Number(us))} />
          <Legend />
          {(['p50', 'p95', 'p99'] as const).map((key, i) => (
            <Line
              key={key}
              type="monotone"
              dataKey={key}
              stroke={colour(i)}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

function TotalsTable({ summary, groupBy }: { summary: UsageSummary; groupBy: UsageGrouping }) {
  return (
    // Its own horizontal scroll: nine columns do not fit a phone, and the page must not widen.
    <div className="table-scroll">
      <table className="table usage-totals">
        <caption>Totals by {groupLabels[groupBy].toLowerCase()}</caption>
        <thead>
          <tr>
            <th scope="col">{groupLabels[groupBy]}</th>
            <th scope="col">Sessions</th>
            <th scope="col">LLM calls</th>
            <th scope="col">Error rate</th>
            <th scope="col">Input tokens</th>
            <th scope="col">Output tokens</th>
            <th scope="col">Cache read</th>
            <th scope="col">Cost (USD)</th>
            <th scope="col">p50 / p95 ms</th>
          </tr>
        </thead>
        <tbody>
          {summary.totals.map((row) => (
            <tr key={seriesName(row.group)}>
              <th scope="row">{seriesName(row.group)}</th>
              <td>{formatCount(row.sessions)}</td>
              <td>{formatCount(row.llm_calls)}</td>
              <td>{(row.error_rate * 100).toFixed(1)}%</td>
              <td>{formatTokens(row.input_tokens)}</td>
              <td>{formatTokens(row.output_tokens)}</td>
              <td>{formatTokens(row.cache_read_tokens)}</td>
              <td
                title={
                  row.unpriced_llm_calls > 0
                    ? `${row.unpriced_llm_calls} calls without a price`
                    : undefined
                }
              >
                {row.cost_usd}
                {row.unpriced_llm_calls > 0 ? ' *' : ''}
              </td>
              <td>
                {row.latency_ms.p50 ?? '–'} / {row.latency_ms.p95 ?? '–'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Usage over time: tokens and calls by group, latency percentiles, and per-group totals. */
export function UsagePage() {
  const [days, setDays] = useState<number>(7);
  const [bucket, setBucket] = useState<UsageBucket>('day');
  const [groupBy, setGroupBy] = useState<UsageGrouping>('model');
  const grouped = useUsageSummary({ days, bucket, groupBy });
  const overall = useUsageSummary({ days, bucket, groupBy: undefined });
  return (
    <main id="main" className="page">
      <h1>Usage</h1>
      <div className="filters usage-controls">
        <Choice
          label="Range"
          value={days}
          options={ranges.map((r) => ({ value: r.days, label: r.label }))}
          onChange={setDays}
        />
        <Choice
          label="Bucket"
          value={bucket}
          options={usageBuckets.map((b) => ({ value: b, label: b }))}
          onChange={setBucket}
        />
        <Choice
          label="Group by"
          value={groupBy}
          options={usageGroupings.map((g) => ({ value: g, label: groupLabels[g] }))}
          onChange={setGroupBy}
        />
      </div>
      {grouped.isPending ? (
        <Loading label="Loading usage…" />
      ) : grouped.isError ? (
        <ErrorState error={grouped.error} onRetry={() => void grouped.refetch()} />
      ) : grouped.data.rows.length === 0 ? (
        <Empty title="No LLM calls in this range" />
      ) : (
        <>
          <div className="usage-charts">
            <StackedBars
              title={`Tokens by ${groupLabels[groupBy].toLowerCase()}`}
              summary={grouped.data}
              value={(row) => row.input_tokens + row.output_tokens}
              format={formatTokens}
            />
            <StackedBars
              title={`Cost by ${groupLabels[groupBy].toLowerCase()} (USD)`}
              summary={grouped.data}
              value={(row) => Number(row.cost_usd)}
              format={formatAxisUsd}
            />
            <StackedBars
              title={`LLM calls by ${groupLabels[groupBy].toLowerCase()}`}
              summary={grouped.data}
              value={(row) => row.llm_calls}
              format={formatCount}
            />
            {overall.data && <LatencyChart summary={overall.data} />}
          </div>
          <TotalsTable summary={grouped.data} groupBy={groupBy} />
        </>
      )}
    </main>
  );
}
