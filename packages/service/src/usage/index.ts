export { bucketStart, wholeBuckets } from './buckets.js';
export { bucketValue, percentiles } from './latency.js';
export { refreshUsage, usageRefreshBatch } from './refresh-usage.js';
export { defaultUsageRangeUs, summarizeUsage } from './summarize-usage.js';
