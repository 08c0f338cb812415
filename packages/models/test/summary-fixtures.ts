// Builders of valid list, statistics and error models. Each call returns a fresh object.
import type {
  ChainStatistics,
  FieldError,
  FilterOptions,
  PaginatedSessions,
  PaginationInfo,
  ProblemDetails,
  SessionStats,
  TimeRangeOption,
} from '../src/index.js';
import { sessionOverview } from './fixtures.js';

export function paginationInfo(overrides: Partial<PaginationInfo> = {}): PaginationInfo {
  return { page: 1, page_size: 20, total_pages: 1, total_items: 1, ...overrides };
}

export function timeRangeOption(): TimeRangeOption {
  return { label: 'Last hour', value: '1h' };
}

export function filterOptions(): FilterOptions {
  return {
    agent_types: ['sre'],
    alert_types: ['DiskFull'],
    status_options: ['completed', 'failed'],
    time_ranges: [timeRangeOption()],
  };
}

export function paginatedSessions(): PaginatedSessions {
  return {
    sessions: [sessionOverview()],
    pagination: paginationInfo(),
    filters_applied: { status: ['completed'] },
    next_cursor: null,
  };
}

export function chainStatistics(): ChainStatistics {
  return {
    total_stages: 2,
    completed_stages: 1,
    failed_stages: 1,
    stages_by_agent: { KubernetesAgent: 2 },
  };
}

export function sessionStats(): SessionStats {
  return {
    total_interactions: 2,
    llm_interactions: 1,
    mcp_communications: 1,
    system_events: 0,
    errors_count: 1,
    total_duration_ms: 60_000,
    session_input_tokens: 120,
    session_output_tokens: 80,
    session_total_tokens: 200,
    session_cost_usd: null,
    unpriced_llm_interactions: 0,
    chain_statistics: chainStatistics(),
  };
}

export function fieldError(): FieldError {
  return { path: 'query.page_size', message: 'Invalid value: Expected <=100 but received 101' };
}

export function problemDetails(): ProblemDetails {
  return {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'The query is not valid.',
    trace_id: 'trace-1',
    errors: [fieldError()],
  };
}
