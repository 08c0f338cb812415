import {
  type SessionSortField,
  type SessionStatus,
  searchMinLength,
  sessionSortFields,
  sessionStatuses,
} from '@hindsight/models';
import { ToggleGroup } from 'radix-ui';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { formatStatus } from '../../ui/format.js';
import { useFilterOptions } from './queries.js';
import {
  pageSizes,
  type RangePreset,
  rangeBounds,
  rangePresets,
  type SessionsSearch,
} from './search.js';

const sortLabels: Record<SessionSortField, string> = {
  started_at_us: 'Start time',
  status: 'Status',
  alert_type: 'Alert type',
  agent_type: 'Agent',
  author: 'Author',
  duration_ms: 'Duration',
  session_cost_usd: 'Cost',
  relevance: 'Relevance (with a search)',
};

/** `datetime-local` value ↔ microseconds, in the viewer's time zone. */
function toLocalInput(us: number | undefined): string {
  if (us === undefined) return '';
  const d = new Date(us / 1000);
  const shifted = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}
function fromLocalInput(value: string): number | undefined {
  if (value === '') return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms * 1000 : undefined;
}

interface Props {
  readonly search: SessionsSearch;
  /** Applies a change; every change starts again from the first page. */
  readonly onChange: (patch: Partial<SessionsSearch>) => void;
  readonly onReset: () => void;
}

export function SessionFilters({ search, onChange, onReset }: Props) {
  const options = useFilterOptions();
  const [text, setText] = useState(search.search ?? '');
  useEffect(() => setText(search.search ?? ''), [search.search]);
  const ids = {
    search: useId(),
    agent: useId(),
    alert: useId(),
    range: useId(),
    from: useId(),
    to: useId(),
    sort: useId(),
    order: useId(),
    size: useId(),
    hint: useId(),
  };
  const tooShort = text.trim().length > 0 && text.trim().length < searchMinLength;
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    if (tooShort) return;
    const value = text.trim();
    onChange({ search: value === '' ? undefined : value });
  };
  const setRange = (value: string) => {
    if (value === '')
      onChange({ range: undefined, start_date_us: undefined, end_date_us: undefined });
    else if (value === 'custom') onChange({ range: 'custom' });
    else
      onChange({
        range: value as RangePreset,
        ...rangeBounds(value as RangePreset, Date.now() * 1000),
      });
  };
  const agentTypes = options.data?.agent_types ?? [];
  const alertTypes = options.data?.alert_types ?? [];

  return (
    <section className="filters card" aria-label="Filters">
      <form className="filter-search" onSubmit={submitSearch} aria-label="Search sessions">
        <label htmlFor={ids.search}>Search</label>
        <div className="input-row">
          <input
            id={ids.search}
            type="search"
            placeholder="Alert, agent, error, analysis…"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={ids.hint}
            aria-invalid={tooShort}
          />
          <button type="submit" className="button">
            Search
          </button>
        </div>
        <p id={ids.hint} className={tooShort ? 'form-error' : 'muted small'}>
          {tooShort ? `Type at least ${searchMinLength} characters.` : 'Press Enter to search.'}
        </p>
      </form>

      <fieldset className="filter-status">
        <legend>Status</legend>
        <ToggleGroup.Root
          type="multiple"
          className="toggle-group"
          value={search.status ?? []}
          onValueChange={(value) =>
            onChange({
              status:
                value.length === 0 ? undefined : sessionStatuses.filter((s) => value.includes(s)),
            })
          }
          aria-label="Status"
        >
          {sessionStatuses.map((status: SessionStatus) => (
            <ToggleGroup.Item key={status} value={status} className={`toggle status-${status}`}>
              {formatStatus(status)}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
      </fieldset>

      <div className="filter-grid">
        <div className="field">
          <label htmlFor={ids.agent}>Agent</label>
          <select
            id={ids.agent}
            value={search.agent_type ?? ''}
            onChange={(e) => onChange({ agent_type: e.target.value || undefined })}
          >
            <option value="">All agents</option>
            {agentTypes.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.alert}>Alert type</label>
          <select
            id={ids.alert}
            value={search.alert_type ?? ''}
            onChange={(e) => onChange({ alert_type: e.target.value || undefined })}
          >
            <option value="">All alert types</option>
            {alertTypes.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.range}>Time range</label>
          <select
            id={ids.range}
            value={search.range ?? ''}
            onChange={(e) => setRange(e.target.value)}
          >
            <option value="">Any time</option>
            {(Object.keys(rangePresets) as RangePreset[]).map((preset) => (
              <option key={preset} value={preset}>
                {rangePresets[preset].label}
              </option>
            ))}
            <option value="custom">Custom…</option>
          </select>
        </div>
        {search.range === 'custom' && (
          <>
            <div className="field">
              <label htmlFor={ids.from}>From</label>
              <input
                id={ids.from}
                type="datetime-local"
                value={toLocalInput(search.start_date_us)}
                onChange={(e) => onChange({ start_date_us: fromLocalInput(e.target.value) })}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.to}>To</label>
              <input
                id={ids.to}
                type="datetime-local"
                value={toLocalInput(search.end_date_us)}
                onChange={(e) => onChange({ end_date_us: fromLocalInput(e.target.value) })}
              />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor={ids.sort}>Sort by</label>
          <select
            id={ids.sort}
            value={search.sort_by ?? 'started_at_us'}
            onChange={(e) =>
              onChange({
                sort_by:
                  e.target.value === 'started_at_us'
                    ? undefined
                    : (e.target.value as SessionSortField),
              })
            }
          >
            {sessionSortFields.map((field) => (
              <option key={field} value={field}>
                {sortLabels[field]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.order}>Order</label>
          <select
            id={ids.order}
            value={search.sort_order ?? 'desc'}
            onChange={(e) =>
              onChange({ sort_order: e.target.value === 'desc' ? undefined : 'asc' })
            }
          >
            <option value="desc">Descending</option>
            <option value="asc">Ascending</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.size}>Page size</label>
          <select
            id={ids.size}
            value={search.page_size ?? 20}
            onChange={(e) => {
              const size = Number(e.target.value);
              onChange({ page_size: size === 20 ? undefined : size });
            }}
          >
            {pageSizes.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-actions">
          <button type="button" className="button ghost" onClick={onReset}>
            Clear filters
          </button>
        </div>
      </div>
    </section>
  );
}
