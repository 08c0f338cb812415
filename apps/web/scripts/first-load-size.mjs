// Prints the JavaScript a first visit downloads (gzip) against the 250 kB budget.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const budget = 250 * 1024;
const dist = new URL('../dist/', import.meta.url);
const html = await readFile(new URL('index.html', dist), 'utf8');
const scripts = [
  ...html.matchAll(
    /<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g,
  ),
].map((m) => m[1]);
let total = 0;
for (const file of new Set(scripts)) {
  total += gzipSync(await readFile(new URL(file, dist))).length;
}
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
console.log(
  `first-load JavaScript: ${kb(total)} gzip in ${scripts.length} file(s), budget ${kb(budget)} (${((total / budget) * 100).toFixed(0)}%)`,
);
