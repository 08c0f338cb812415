import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { PackageUnderCheck, SourceFile } from './layers.js';

async function sourceFiles(dir: string, root: string): Promise<SourceFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: SourceFile[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist')
        files.push(...(await sourceFiles(path, root)));
    } else if (/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name)) {
      files.push({ path: relative(root, path), text: await readFile(path, 'utf8') });
    }
  }
  return files;
}

/** Apps held to the dependency rule beside the packages: the dashboard talks HTTP only. */
const checkedApps = ['apps/web'];

/**
 * The packages under `packages/` and the checked apps, with their declared
 * dependencies and sources (tests included).
 */
export async function readWorkspacePackages(root: string): Promise<PackageUnderCheck[]> {
  const dirs = await readdir(join(root, 'packages'), { withFileTypes: true });
  const bases = [
    ...dirs.filter((d) => d.isDirectory()).map((d) => join(root, 'packages', d.name)),
    ...checkedApps.map((app) => join(root, app)),
  ];
  const packages: PackageUnderCheck[] = [];
  for (const base of bases) {
    const manifest = JSON.parse(await readFile(join(base, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | string | undefined
    >;
    const deps = ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((key) => {
      const section = manifest[key];
      return typeof section === 'object' ? Object.keys(section) : [];
    });
    packages.push({
      name: String(manifest.name),
      dependencies: deps,
      files: [
        ...(await sourceFiles(join(base, 'src'), root)),
        ...(await sourceFiles(join(base, 'test'), root)),
      ],
    });
  }
  return packages;
}
