#!/usr/bin/env node
// Prints the workspace's public packages (dirs relative to the root), each after every
// workspace package it needs at install time (dependencies, peer and optional ones), so a
// registry never holds a package whose dependencies are not there yet. A cycle is an error.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** @returns {Array<{ dir: string, name: string, private: boolean, needs: string[] }>} */
export function workspacePackages() {
  const found = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, group))) {
      const file = join(root, group, entry, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      const needs = Object.keys({
        ...pkg.dependencies,
        ...pkg.peerDependencies,
        ...pkg.optionalDependencies,
      });
      found.push({
        dir: `${group}/${entry}`,
        name: pkg.name,
        private: pkg.private === true,
        needs,
      });
    }
  }
  return found;
}

/** Kahn's sort of the public packages; names keep a stable order among equals. */
export function publishOrder(packages) {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const open = packages.filter((p) => !p.private);
  for (const p of open) {
    for (const need of p.needs) {
      if (byName.get(need)?.private) {
        throw new Error(`${p.name} needs the private package ${need}: it could never be installed`);
      }
    }
  }
  const order = [];
  const placed = new Set();
  while (order.length < open.length) {
    const ready = open
      .filter((p) => !placed.has(p.name))
      .filter((p) => p.needs.every((n) => !byName.has(n) || placed.has(n)))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (ready.length === 0) {
      const left = open.filter((p) => !placed.has(p.name)).map((p) => p.name);
      throw new Error(`a dependency cycle among ${left.join(', ')}`);
    }
    for (const p of ready) {
      order.push(p);
      placed.add(p.name);
    }
  }
  return order;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const p of publishOrder(workspacePackages())) console.log(p.dir);
}
