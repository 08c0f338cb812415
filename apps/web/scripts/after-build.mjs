// After `vite build`: writes gzip and brotli copies of the text assets (the server sends
// them to browsers that accept them) and prints the JavaScript a first visit downloads,
// gzipped, against the 250 kB budget.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const budget = 250 * 1024;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat();
}

for (const file of await filesUnder(dist)) {
  if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
  const content = await readFile(file);
  await writeFile(`${file}.gz`, gzipSync(content, { level: 9 }));
  await writeFile(
    `${file}.br`,
    brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  );
}

/** The gzip bytes of the scripts index.html loads at once (entry and module preloads). */
export async function firstLoadBytes() {
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const scripts = [
    ...html.matchAll(
      /<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g,
    ),
  ].map((m) => m[1]);
  let total = 0;
  for (const file of new Set(scripts)) total += gzipSync(await readFile(join(dist, file))).length;
  return { total, files: new Set(scripts).size };
}

const { total, files } = await firstLoadBytes();
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
console.log(
  `first-load JavaScript: ${kb(total)} gzip in ${files} file(s); budget ${kb(budget)} (${Math.round((total / budget) * 100)}% used)`,
);
