import { definePackageConfig } from '@hindsight/vitest-config';

export default definePackageConfig();
