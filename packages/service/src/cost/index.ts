export { catalogueSource } from './catalogue.js';
export {
  type CallToPrice,
  costColumnsOf,
  PriceBook,
  type PriceBookOptions,
} from './price-book.js';
export {
  overrideInForce,
  type PricedCall,
  type PriceResult,
  priceLlmCall,
  type UnpricedReason,
} from './price-llm-call.js';
export { fromUsd, toUsd } from './usd.js';
