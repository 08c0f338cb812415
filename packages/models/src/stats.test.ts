import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { issuePaths, loose, notCounts } from '../test/fixtures.js';
import {
  chainStatistics,
  filterOptions,
  paginationInfo,
  sessionStats,
  timeRangeOption,
} from '../test/summary-fixtures.js';
import { FilterOptions, PaginationInfo, TimeRangeOption } from './filters.js';
import { ChainStatistics, SessionStats } from './stats.js';

describe('ChainStatistics', () => {
  it('accepts a chain with no stages', () => {
    const stats = { total_stages: 0, completed_stages: 0, failed_stages: 0, stages_by_agent: {} };
    expect(v.parse(ChainStatistics, stats)).toEqual(stats);
  });

  it('reports a bad per-agent count under its agent', () => {
    const stats = { ...chainStatistics(), stages_by_agent: { KubernetesAgent: 1, LogAgent: -1 } };
    expect(issuePaths(ChainStatistics, stats)).toEqual(['stages_by_agent.LogAgent']);
    const fractional = { ...chainStatistics(), stages_by_agent: { KubernetesAgent: 0.5 } };
    expect(issuePaths(ChainStatistics, fractional)).toEqual(['stages_by_agent.KubernetesAgent']);
  });

  it.each(['total_stages', 'completed_stages', 'failed_stages'])('rejects a bad %s', (field) => {
    for (const value of notCounts) {
      expect(issuePaths(ChainStatistics, { ...chainStatistics(), [field]: value })).toEqual([
        field,
      ]);
    }
  });
});

describe('SessionStats', () => {
  it.each([
    'total_interactions',
    'llm_interactions',
    'mcp_communications',
    'system_events',
    'errors_count',
    'total_duration_ms',
    'session_input_tokens',
    'session_output_tokens',
    'session_total_tokens',
  ])('rejects a %s that is not a non-negative safe integer', (field) => {
    for (const value of notCounts) {
      expect(issuePaths(SessionStats, { ...sessionStats(), [field]: value })).toEqual([field]);
    }
  });

  it('reports bad chain statistics at their path', () => {
    const stats = loose(sessionStats());
    stats.chain_statistics = { ...chainStatistics(), failed_stages: -1 };
    expect(issuePaths(SessionStats, stats)).toEqual(['chain_statistics.failed_stages']);
  });
});

describe('PaginationInfo', () => {
  it('accepts page sizes from 1 to 100', () => {
    for (const page_size of [1, 50, 100]) {
      expect(issuePaths(PaginationInfo, paginationInfo({ page_size }))).toEqual([]);
    }
  });

  it('rejects page 0, a page size of 0 or 101 and negative totals', () => {
    expect(issuePaths(PaginationInfo, paginationInfo({ page: 0 }))).toEqual(['page']);
    expect(issuePaths(PaginationInfo, paginationInfo({ page_size: 0 }))).toEqual(['page_size']);
    expect(issuePaths(PaginationInfo, paginationInfo({ page_size: 101 }))).toEqual(['page_size']);
    expect(issuePaths(PaginationInfo, paginationInfo({ total_items: -1 }))).toEqual([
      'total_items',
    ]);
    expect(issuePaths(PaginationInfo, paginationInfo({ total_pages: 1.5 }))).toEqual([
      'total_pages',
    ]);
  });
});

describe('TimeRangeOption and FilterOptions', () => {
  it('TimeRangeOption needs a string label and value', () => {
    expect(issuePaths(TimeRangeOption, timeRangeOption())).toEqual([]);
    expect(issuePaths(TimeRangeOption, { label: 'Last hour', value: 3600 })).toEqual(['value']);
    expect(issuePaths(TimeRangeOption, { value: '1h' })).toEqual(['label']);
  });

  it('FilterOptions accepts empty lists', () => {
    const options = { agent_types: [], alert_types: [], status_options: [], time_ranges: [] };
    expect(v.parse(FilterOptions, options)).toEqual(options);
  });

  it('FilterOptions reports a bad entry at its index', () => {
    const options = loose(filterOptions());
    options.agent_types = ['sre', 7];
    options.time_ranges = [timeRangeOption(), { label: 'Today' }];
    expect(issuePaths(FilterOptions, options).sort()).toEqual([
      'agent_types.1',
      'time_ranges.1.value',
    ]);
  });

  it('FilterOptions rejects a list given as a string', () => {
    const options = { ...filterOptions(), status_options: 'completed' };
    expect(issuePaths(FilterOptions, options)).toEqual(['status_options']);
  });
});
