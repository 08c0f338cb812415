import type { ViteUserConfig } from 'vitest/config';

export declare const sourceCondition = '@hindsight/source';
export declare function definePackageConfig(overrides?: ViteUserConfig): ViteUserConfig;
