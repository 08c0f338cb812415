import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  findLayerViolations,
  importsOf,
  type PackageUnderCheck,
  runtimeImportsOf,
} from './layers.js';
import { readWorkspacePackages } from './workspace.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function pkg(name: string, text: string, dependencies: string[] = []): PackageUnderCheck {
  return { name, dependencies, files: [{ path: `${name}/src/x.ts`, text }] };
}

describe('importsOf', () => {
  it('finds static, side-effect, dynamic and require imports', () => {
    const text = [
      "import { a } from '@hindsight/service';",
      'import type { B } from "@hindsight/models";',
      "import 'hono/request-id';",
      "const c = await import('drizzle-orm');",
      "const d = require('postgres');",
      "export * from './local.js';",
    ].join('\n');
    expect(importsOf(text)).toEqual([
      '@hindsight/service',
      '@hindsight/models',
      'hono/request-id',
      'drizzle-orm',
      'postgres',
      './local.js',
    ]);
  });
});

describe('runtimeImportsOf', () => {
  it('leaves out type-only imports and exports, which are erased', () => {
    const text = [
      "import type { AppType } from '@hindsight/api';",
      "export type { Principal } from '@hindsight/api';",
      "import { hc } from 'hono/client';",
      "import { type X, y } from '@hindsight/models';",
    ].join('\n');
    expect(runtimeImportsOf(text)).toEqual(['hono/client', '@hindsight/models']);
  });
});

describe('findLayerViolations', () => {
  it('lets the browser client import only hono/client, the models and types of the api', () => {
    const violations = findLayerViolations([
      pkg(
        '@hindsight/client',
        [
          "import type { AppType } from '@hindsight/api';",
          "import { hc } from 'hono/client';",
          "import { Id } from '@hindsight/models';",
          "import { createApi } from '@hindsight/api';",
          "import { Hono } from 'hono';",
          "import { readFile } from 'node:fs';",
          "import { helper } from './helper.js';",
        ].join('\n'),
      ),
    ]);
    expect(violations.map((v) => v.imported)).toEqual(['@hindsight/api', 'hono', 'node:fs']);
  });

  it('does not hold the client tests to the browser rule', () => {
    const test: PackageUnderCheck = {
      name: '@hindsight/client',
      dependencies: [],
      files: [
        { path: 'client/src/x.test.ts', text: "import { createApi } from '@hindsight/api';" },
      ],
    };
    expect(findLayerViolations([test])).toEqual([]);
  });

  it('reports the dashboard importing the api or hono instead of the client', () => {
    const violations = findLayerViolations([
      pkg(
        '@hindsight/web',
        "import { createClient } from '@hindsight/client';\nimport { createApi } from '@hindsight/api';\nimport 'hono/client';",
      ),
    ]);
    expect(violations.map((v) => v.imported)).toEqual(['@hindsight/api', 'hono/client']);
  });

  it('reports an upward import', () => {
    const violations = findLayerViolations([
      pkg('@hindsight/repository', "import { createServices } from '@hindsight/service';"),
    ]);
    expect(violations).toEqual([
      {
        packageName: '@hindsight/repository',
        where: '@hindsight/repository/src/x.ts',
        imported: '@hindsight/service',
      },
    ]);
  });

  it('reports the api reaching into the repository or drizzle, subpaths included', () => {
    const violations = findLayerViolations([
      pkg(
        '@hindsight/api',
        "import { tables } from '@hindsight/repository/testing';\nimport { eq } from 'drizzle-orm';",
      ),
    ]);
    expect(violations.map((v) => v.imported)).toEqual([
      '@hindsight/repository/testing',
      'drizzle-orm',
    ]);
  });

  it('reports a forbidden dependency declared in package.json', () => {
    const violations = findLayerViolations([pkg('@hindsight/models', '', ['hono'])]);
    expect(violations).toEqual([
      { packageName: '@hindsight/models', where: 'package.json', imported: 'hono' },
    ]);
  });

  it('allows downward imports and models everywhere', () => {
    expect(
      findLayerViolations([
        pkg(
          '@hindsight/api',
          "import '@hindsight/service';\nimport '@hindsight/models';\nimport 'hono';",
        ),
        pkg('@hindsight/service', "import '@hindsight/repository';\nimport '@hindsight/models';"),
        pkg('@hindsight/repository', "import '@hindsight/models';\nimport 'drizzle-orm';"),
      ]),
    ).toEqual([]);
  });
});

describe('this workspace', () => {
  it('has every layer package, and none of them breaks the dependency rule', async () => {
    const packages = await readWorkspacePackages(root);
    expect(packages.map((p) => p.name).sort()).toEqual([
      '@hindsight/api',
      '@hindsight/client',
      '@hindsight/models',
      '@hindsight/repository',
      '@hindsight/service',
      '@hindsight/web',
    ]);
    expect(packages.every((p) => p.files.length > 0)).toBe(true);
    expect(findLayerViolations(packages)).toEqual([]);
  });
});
