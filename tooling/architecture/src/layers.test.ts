import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findLayerViolations, importsOf, type PackageUnderCheck } from './layers.js';
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

describe('findLayerViolations', () => {
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
      '@hindsight/models',
      '@hindsight/repository',
      '@hindsight/service',
    ]);
    expect(packages.every((p) => p.files.length > 0)).toBe(true);
    expect(findLayerViolations(packages)).toEqual([]);
  });
});
