import { definePackageConfig } from '@hindsight/vitest-config';

export default definePackageConfig({ test: { include: ['src/**/*.test.ts'] } });
