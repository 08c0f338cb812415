import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PriceOverride, type PriceOverrideInput } from '@hindsight/models';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { catalogueSource, forgetCatalogueMatches } from './catalogue.js';
import { priceLlmCall } from './price-llm-call.js';
import { fromUsd } from './usd.js';

const at = (iso: string) => Date.parse(iso) * 1000;
const call = (provider: string | null, model: string, when = '2025-09-01T00:00:00Z') => ({
  provider,
  model,
  timestamp_us: at(when),
});
const overrides = (...list: PriceOverrideInput[]) => list.map((o) => v.parse(PriceOverride, o));

function costOf(result: ReturnType<typeof priceLlmCall>) {
  if (result.cost === null) throw new Error(`not priced: ${result.reason}`);
  return result.cost;
}

describe('pricing an LLM call', () => {
  it('counts cached input and reasoning once: they are parts of input and output (OpenAI)', () => {
    const cost = costOf(
      priceLlmCall(call('openai', 'gpt-4o'), {
        input_tokens: 1_000_000,
        cache_read_tokens: 200_000,
        output_tokens: 100_000,
        reasoning_tokens: 40_000,
      }),
    );
    // 800k uncached at $2.50/M, 200k cached at $1.25/M, 100k output at $10/M.
    expect(cost).toEqual({
      total_usd: '3.25',
      input_usd: '2',
      cache_read_usd: '0.25',
      cache_creation_usd: '0',
      output_usd: '1',
      price_source: catalogueSource,
      priced_provider: 'openai',
      priced_model: 'gpt-4o',
    });
  });

  it('prices cache reads and writes at their own rates, for a dated model name (Anthropic)', () => {
    const cost = costOf(
      priceLlmCall(call('anthropic', 'claude-sonnet-4-20250514'), {
        input_tokens: 10_000,
        cache_read_tokens: 4_000,
        cache_creation_tokens: 2_000,
        output_tokens: 1_000,
      }),
    );
    // 4k uncached at $3/M, 4k read at $0.30/M, 2k written at $3.75/M, 1k out at $15/M.
    expect(cost).toMatchObject({
      input_usd: '0.012',
      cache_read_usd: '0.0012',
      cache_creation_usd: '0.0075',
      output_usd: '0.015',
      total_usd: '0.0357',
      priced_model: 'claude-sonnet-4-0',
    });
  });

  it('prices cache writes as input where the provider has no write price', () => {
    const cost = costOf(
      priceLlmCall(call('openai', 'gpt-4o'), {
        input_tokens: 1_000_000,
        cache_creation_tokens: 400_000,
        output_tokens: 0,
      }),
    );
    expect(cost).toMatchObject({ input_usd: '2.5', cache_creation_usd: '0', total_usd: '2.5' });
  });

  it('takes the tier the input tokens reach, for every token (Google)', () => {
    const small = costOf(
      priceLlmCall(call('google', 'gemini-2.5-pro'), {
        input_tokens: 200_000,
        output_tokens: 1_000,
      }),
    );
    const large = costOf(
      priceLlmCall(call('google', 'gemini-2.5-pro'), {
        input_tokens: 300_000,
        output_tokens: 1_000,
      }),
    );
    expect(small).toMatchObject({ input_usd: '0.25', output_usd: '0.01', total_usd: '0.26' });
    expect(large).toMatchObject({ input_usd: '0.75', output_usd: '0.015', total_usd: '0.765' });
  });

  it('uses the price in force at the call: o3 before and after its price cut', () => {
    const tokens = { input_tokens: 1_000_000, output_tokens: 1_000_000 };
    expect(
      costOf(priceLlmCall(call('openai', 'o3', '2025-06-01T00:00:00Z'), tokens)).total_usd,
    ).toBe('50');
    expect(
      costOf(priceLlmCall(call('openai', 'o3', '2025-07-01T00:00:00Z'), tokens)).total_usd,
    ).toBe('10');
  });

  it('finds the model without a provider, or with one the catalogue does not know', () => {
    const tokens = { input_tokens: 1_000_000, output_tokens: 0 };
    expect(costOf(priceLlmCall(call(null, 'gpt-4o'), tokens)).total_usd).toBe('2.5');
    expect(costOf(priceLlmCall(call('my-gateway', 'gpt-4o'), tokens)).total_usd).toBe('2.5');
  });

  it('stores no cost for a model it does not know, and says so', () => {
    expect(
      priceLlmCall(call('acme', 'acme-ft-7'), { input_tokens: 10, output_tokens: 10 }),
    ).toEqual({
      cost: null,
      reason: 'unknown_model',
    });
  });

  it('stores no cost for a model priced per request, which it does not count', () => {
    expect(
      priceLlmCall(call('perplexity', 'sonar'), { input_tokens: 10, output_tokens: 10 }),
    ).toEqual({
      cost: null,
      reason: 'unsupported_price',
    });
  });

  it('refuses token counts that contradict each other', () => {
    expect(() =>
      priceLlmCall(call('openai', 'gpt-4o'), {
        input_tokens: 100,
        cache_read_tokens: 80,
        cache_creation_tokens: 30,
        output_tokens: 0,
      }),
    ).toThrow(/part of input_tokens/);
    expect(() =>
      priceLlmCall(call('openai', 'gpt-4o'), {
        input_tokens: 0,
        output_tokens: 10,
        reasoning_tokens: 11,
      }),
    ).toThrow(/part of output_tokens/);
  });

  it('prefers an override, in force from its start, latest first', () => {
    const list = overrides(
      { name: 'acme-2025', model: 'acme-ft-*', input_per_mtok: 1, output_per_mtok: 2 },
      {
        name: 'acme-2026',
        model: 'acme-ft-*',
        effective_from_us: at('2026-01-01T00:00:00Z'),
        input_per_mtok: 0.5,
        output_per_mtok: 1,
        cache_read_per_mtok: 0.05,
      },
      {
        name: 'our-gpt-4o',
        provider: 'openai',
        model: 'gpt-4o',
        input_per_mtok: 2,
        output_per_mtok: 8,
      },
    );
    const tokens = {
      input_tokens: 1_000_000,
      cache_read_tokens: 500_000,
      output_tokens: 1_000_000,
    };
    const before = costOf(
      priceLlmCall(call('acme', 'acme-ft-7', '2025-12-31T23:59:59Z'), tokens, list),
    );
    const after = costOf(
      priceLlmCall(call('acme', 'acme-ft-7', '2026-01-01T00:00:00Z'), tokens, list),
    );
    // Before: no cache price of its own, so cached tokens are input at $1/M.
    expect(before).toMatchObject({
      total_usd: '3',
      cache_read_usd: '0',
      price_source: 'override acme-2025',
    });
    expect(after).toMatchObject({
      input_usd: '0.25',
      cache_read_usd: '0.025',
      output_usd: '1',
      total_usd: '1.275',
      price_source: 'override acme-2026',
    });
    expect(costOf(priceLlmCall(call('openai', 'gpt-4o'), tokens, list)).price_source).toBe(
      'override our-gpt-4o',
    );
    // The provider must match when the override names one.
    expect(costOf(priceLlmCall(call('azure', 'gpt-4o'), tokens, list)).price_source).toBe(
      catalogueSource,
    );
  });

  it('adds its parts up to its total, and agrees with the catalogue, across many models', () => {
    const models: Array<[string, string]> = [
      ['openai', 'gpt-4o-mini'],
      ['openai', 'gpt-4.1'],
      ['openai', 'o4-mini'],
      ['anthropic', 'claude-3-5-haiku-20241022'],
      ['anthropic', 'claude-opus-4-1'],
      ['google', 'gemini-2.5-flash'],
      ['mistral', 'mistral-large-latest'],
      ['deepseek', 'deepseek-chat'],
    ];
    let priced = 0;
    for (const [provider, model] of models) {
      for (const input_tokens of [0, 1, 999, 123_457, 250_001]) {
        const result = priceLlmCall(call(provider, model), {
          input_tokens,
          cache_read_tokens: Math.floor(input_tokens / 3),
          cache_creation_tokens: Math.floor(input_tokens / 7),
          output_tokens: 4_321,
          reasoning_tokens: 1_000,
        });
        if (result.cost === null) continue;
        priced += 1;
        const { total_usd, input_usd, cache_read_usd, cache_creation_usd, output_usd } =
          result.cost;
        expect(
          fromUsd(input_usd) +
            fromUsd(cache_read_usd) +
            fromUsd(cache_creation_usd) +
            fromUsd(output_usd),
        ).toBe(fromUsd(total_usd));
      }
    }
    // A mismatch with the catalogue's own sum would leave a call unpriced: most must price.
    expect(priced).toBeGreaterThanOrEqual(35);
  });

  it('prices a remembered flat price as a fresh lookup does, and never remembers a dated one', () => {
    const tokens = (n: number) => ({
      input_tokens: n,
      cache_read_tokens: n / 4,
      output_tokens: n / 2,
    });
    const models: Array<[string, string]> = [
      ['openai', 'gpt-4o-mini'],
      ['anthropic', 'claude-sonnet-4'],
      ['google', 'gemini-2.5-pro'],
      ['openai', 'o3'],
    ];
    for (const [provider, model] of models) {
      forgetCatalogueMatches();
      priceLlmCall(call(provider, model), tokens(4_000));
      const remembered = priceLlmCall(call(provider, model), tokens(400_000));
      forgetCatalogueMatches();
      expect(remembered, model).toEqual(priceLlmCall(call(provider, model), tokens(400_000)));
    }
    // o3's price changed on 2025-06-10: pricing it once does not fix its price for other times.
    forgetCatalogueMatches();
    const both = { input_tokens: 1_000_000, output_tokens: 1_000_000 };
    expect(costOf(priceLlmCall(call('openai', 'o3', '2025-06-01T00:00:00Z'), both)).total_usd).toBe(
      '50',
    );
    expect(costOf(priceLlmCall(call('openai', 'o3', '2025-07-01T00:00:00Z'), both)).total_usd).toBe(
      '10',
    );
  });

  it('names the catalogue version installed', () => {
    const entry = fileURLToPath(import.meta.resolve('@pydantic/genai-prices'));
    const manifest = JSON.parse(
      readFileSync(new URL('../package.json', `file://${entry}`), 'utf8'),
    );
    expect(catalogueSource).toBe(`genai-prices ${manifest.version}`);
  });
});
