// The published client must not depend on @hindsight/api: installing it would bring the
// whole server (PGlite, drizzle, prom-client). The client needs the server only as a type,
// so its build writes that type into dist/app-type.d.ts: the declared return type of
// createApi (the route schema), with the few API-local types it names inlined by
// rollup-plugin-dts. What stays imported is hono, valibot and @hindsight/models, the
// client's own dependencies; anything else fails the build.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import ts from 'typescript';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const apiDist = dirname(fileURLToPath(import.meta.resolve('@hindsight/api')));
const appDts = join(apiDist, 'app.d.ts');
const allowed = /^(hono($|\/)|valibot$|@hindsight\/models$)/;

const text = await readFile(appDts, 'utf8');
const source = ts.createSourceFile(appDts, text, ts.ScriptTarget.Latest, true);
const absolute = (specifier) =>
  specifier.startsWith('.') ? resolve(apiDist, specifier) : specifier;

const imports = [];
let appType;
for (const statement of source.statements) {
  if (ts.isImportDeclaration(statement) && statement.importClause) {
    const from = absolute(statement.moduleSpecifier.text);
    const names = statement.importClause.namedBindings;
    if (names && ts.isNamedImports(names)) {
      const list = names.elements.map((e) => e.getText(source).replace(/^type\s+/, ''));
      imports.push(`import type { ${list.join(', ')} } from ${JSON.stringify(from)};`);
    }
  }
  if (ts.isFunctionDeclaration(statement) && statement.name?.text === 'createApi') {
    appType = statement.type?.getText(source);
  }
}
if (!appType) throw new Error(`bundle-app-type: no declared return type of createApi in ${appDts}`);
const rewritten = appType.replace(
  /import\("(\.[^"]+)"\)/g,
  (_, specifier) => `import(${JSON.stringify(absolute(specifier))})`,
);

const work = await mkdtemp(join(tmpdir(), 'hindsight-app-type-'));
try {
  const entry = join(work, 'entry.d.ts');
  await writeFile(
    entry,
    `${imports.join('\n')}\n/** The Hindsight server's routes, as the typed client sees them. */\nexport type AppType = ${rewritten};\n`,
  );
  const external = [];
  const bundle = await rollup({
    input: entry,
    plugins: [dts({ respectExternal: false })],
    external: (id) => {
      if (id.startsWith('.') || id.startsWith('/')) return false;
      external.push(id);
      return true;
    },
    treeshake: { moduleSideEffects: false },
    logLevel: 'silent',
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const code = output[0].code;
  const kept = [...code.matchAll(/from ['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)/g)]
    .map((m) => m[1] ?? m[2])
    .filter((id) => !allowed.test(id));
  if (kept.length > 0) {
    throw new Error(
      `bundle-app-type: the client's types would import ${[...new Set(kept)].join(', ')}`,
    );
  }
  await writeFile(join(dist, 'app-type.d.ts'), code);
  // The declarations tsc wrote import the type from the API package; point them here.
  for (const file of ['client.d.ts']) {
    const path = join(dist, file);
    const declarations = await readFile(path, 'utf8');
    const pointed = declarations.replaceAll(`from '@hindsight/api'`, `from './app-type.js'`);
    if (pointed === declarations)
      throw new Error(`bundle-app-type: ${file} names no @hindsight/api`);
    await writeFile(path, pointed);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
