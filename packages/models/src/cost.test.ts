import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { llmInteractionRecord, T0 } from '../test/fixtures.js';
import { canonicalUsd, sumUsd } from './cost.js';
import { costOfCalls, toLLMInteraction } from './derived.js';
import { LLMInteraction } from './interaction.js';

const priced = (id: string, total: string) =>
  toLLMInteraction(
    llmInteractionRecord({
      interaction_id: id,
      timestamp_us: T0,
      cost_usd: total,
      input_cost_usd: total,
      cache_read_cost_usd: '0',
      cache_creation_cost_usd: '0',
      output_cost_usd: '0',
      price_source: 'genai-prices 0.1.8',
      priced_provider: 'openai',
      priced_model: 'gpt-4o',
    }),
  );

describe('dollar sums', () => {
  it('adds exactly where floats would not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumUsd(['0.1', '0.2'])).toBe('0.3');
    expect(sumUsd(['0.000000000001', '999999999999.999999999999'])).toBe('1000000000000');
    expect(sumUsd([])).toBe('0');
  });

  it('reads PostgreSQL numerics in the canonical form', () => {
    expect(canonicalUsd('1.500000000000')).toBe('1.5');
    expect(canonicalUsd('0.000000000000')).toBe('0');
    expect(canonicalUsd('12')).toBe('12');
  });
});

describe('the cost of calls', () => {
  it('shows a priced call its cost, and an unpriced one its reason', () => {
    const call = priced('a', '0.0357');
    expect(v.parse(LLMInteraction, call).details.cost_usd).toMatchObject({
      total_usd: '0.0357',
      price_source: 'genai-prices 0.1.8',
    });
    const unknown = toLLMInteraction(
      llmInteractionRecord({ model_name: 'acme-1', unpriced_reason: 'unknown_model' }),
    );
    expect(unknown.details).toMatchObject({ cost_usd: null, unpriced_reason: 'unknown_model' });
  });

  it('sums the priced calls and counts the others; null when none is priced', () => {
    const unknown = toLLMInteraction(llmInteractionRecord({ unpriced_reason: 'unknown_model' }));
    expect(costOfCalls([priced('a', '0.1'), priced('b', '0.2'), unknown], ['1'])).toEqual({
      cost: '1.3',
      unpriced: 1,
    });
    expect(costOfCalls([unknown], [null])).toEqual({ cost: null, unpriced: 1 });
  });
});
