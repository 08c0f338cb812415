/**
 * The dependency rule: api -> service -> repository, models everywhere, never
 * upward, and the api never reaches storage. For each layer, the module
 * specifiers (exact names or name prefixes) it must not import.
 */
export const forbiddenImports: Readonly<Record<string, readonly string[]>> = {
  '@hindsight/models': [
    '@hindsight/repository',
    '@hindsight/service',
    '@hindsight/api',
    '@hindsight/server',
    'drizzle-orm',
    'hono',
    'postgres',
    '@electric-sql/pglite',
  ],
  '@hindsight/repository': ['@hindsight/service', '@hindsight/api', '@hindsight/server', 'hono'],
  '@hindsight/service': [
    '@hindsight/api',
    '@hindsight/server',
    'hono',
    'drizzle-orm',
    'postgres',
    '@electric-sql/pglite',
  ],
  '@hindsight/api': [
    '@hindsight/repository',
    '@hindsight/server',
    'drizzle-orm',
    'postgres',
    '@electric-sql/pglite',
  ],
  // Its tests run the real API over the services; its sources are held to allowedRuntimeImports.
  '@hindsight/client': [
    '@hindsight/repository',
    '@hindsight/server',
    'drizzle-orm',
    'postgres',
    '@electric-sql/pglite',
    'prom-client',
  ],
  // The dashboard talks HTTP only: the client and the models, never the server's layers.
  '@hindsight/web': [
    '@hindsight/api',
    '@hindsight/service',
    '@hindsight/repository',
    '@hindsight/server',
    'hono',
    'drizzle-orm',
    'postgres',
    '@electric-sql/pglite',
    'prom-client',
  ],
};

/**
 * Packages whose published code runs in a browser: the only modules their
 * sources (tests aside) may import at run time. Type-only imports are erased
 * and may name the server's types (`import type { AppType } from '@hindsight/api'`).
 */
export const allowedRuntimeImports: Readonly<Record<string, readonly string[]>> = {
  '@hindsight/client': ['hono/client', '@hindsight/models'],
};

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface PackageUnderCheck {
  readonly name: string;
  /** Every dependency the manifest declares (dependencies, dev and peer). */
  readonly dependencies: readonly string[];
  readonly files: readonly SourceFile[];
}

export interface LayerViolation {
  readonly packageName: string;
  readonly where: string;
  readonly imported: string;
}

const importPattern =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

/** Module specifiers a source file imports, statically or dynamically. */
export function importsOf(text: string): string[] {
  return [...text.matchAll(importPattern)].map((match) => match[1] ?? '');
}

const typeOnlyPattern = /\b(?:import|export)\s+type\s+[^;]*?\bfrom\s*['"][^'"]+['"]/g;

/** Module specifiers a source file imports at run time: `import type` and `export type` left out. */
export function runtimeImportsOf(text: string): string[] {
  return importsOf(text.replace(typeOnlyPattern, ''));
}

const isTestFile = (path: string) => /\.test(-d)?\.tsx?$/.test(path) || !/(^|\/)src\//.test(path);

function matches(specifier: string, forbidden: string): boolean {
  return specifier === forbidden || specifier.startsWith(`${forbidden}/`);
}

/** Every import or declared dependency that points at a layer a package may not use. */
export function findLayerViolations(packages: readonly PackageUnderCheck[]): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const pkg of packages) {
    const forbidden = forbiddenImports[pkg.name] ?? [];
    for (const dependency of pkg.dependencies) {
      if (forbidden.some((f) => matches(dependency, f))) {
        violations.push({ packageName: pkg.name, where: 'package.json', imported: dependency });
      }
    }
    for (const file of pkg.files) {
      for (const specifier of importsOf(file.text)) {
        if (forbidden.some((f) => matches(specifier, f))) {
          violations.push({ packageName: pkg.name, where: file.path, imported: specifier });
        }
      }
    }
    const allowed = allowedRuntimeImports[pkg.name];
    if (!allowed) continue;
    for (const file of pkg.files.filter((f) => !isTestFile(f.path))) {
      for (const specifier of runtimeImportsOf(file.text)) {
        if (specifier.startsWith('.')) continue;
        if (!allowed.includes(specifier)) {
          violations.push({ packageName: pkg.name, where: file.path, imported: specifier });
        }
      }
    }
  }
  return violations;
}
