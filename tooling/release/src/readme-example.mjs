#!/usr/bin/env node
// Prints a part of a package README the release dry run runs as a user would:
//   readme-example.mjs README.md install   the first `npm install …` line
//   readme-example.mjs README.md example   the fenced block after <!-- example -->
// A README without one fails, so every published package keeps a runnable example.
import { readFileSync } from 'node:fs';

export function installLine(readme) {
  const line = readme.split('\n').find((l) => /^npm install\s/.test(l.trim()));
  if (!line) throw new Error('no `npm install …` line');
  return line.trim();
}

export function exampleBlock(readme) {
  const match = /<!-- example -->\s*```[a-z]*\n([\s\S]*?)```/.exec(readme);
  if (!match?.[1]) throw new Error('no fenced block after <!-- example -->');
  return match[1];
}

const [file, part] = process.argv.slice(2);
if (file) {
  const readme = readFileSync(file, 'utf8');
  try {
    process.stdout.write(part === 'install' ? `${installLine(readme)}\n` : exampleBlock(readme));
  } catch (error) {
    console.error(`${file}: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
