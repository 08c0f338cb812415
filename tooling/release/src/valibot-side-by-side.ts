// Run by the release dry run in a scratch project that installed the published
// @hindsight/models next to valibot 1.0.0: the models keep their own valibot (a regular
// dependency, nested under the package), the user's code runs the oldest valibot 1.x,
// and the two compose. It proves the README's choice: valibot need not be a peer.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IngestEvent, SessionStatus, type SessionStatus as Status } from '@hindsight/models';
import * as v from 'valibot';

// valibot exports no ./package.json: find the one above the entry each side resolves.
function versionAbove(entry: string): string {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
    if (pkg.name === 'valibot') return pkg.version;
  }
  throw new Error(`no valibot package.json above ${entry}`);
}
// The models are ESM only, so import.meta.resolve; valibot resolves from either side.
const models = fileURLToPath(import.meta.resolve('@hindsight/models'));
const mine = versionAbove(fileURLToPath(import.meta.resolve('valibot')));
const theirs = versionAbove(createRequire(models).resolve('valibot'));
assert.equal(mine, '1.0.0', 'this project runs valibot 1.0.0');
assert.notEqual(theirs, mine, '@hindsight/models brought a valibot of its own');

// The user's valibot composes the models' schemas, checks and infers through them.
const Report = v.object({ status: SessionStatus, events: v.array(IngestEvent) });
type Report = v.InferOutput<typeof Report>;
const status: Status = 'completed';
const report: Report = v.parse(Report, {
  status,
  events: [
    {
      id: '0b6c7f0e-2f55-4f8e-9d6a-5a8f3c0e1d11',
      timestamp: new Date().toISOString(),
      type: 'session.completed',
      body: { session_id: 's-1', completed_at_us: Date.now() * 1000 },
    },
  ],
});
assert.equal(report.events[0]?.type, 'session.completed');
const refused = v.safeParse(Report, { status: 'done', events: [] });
assert.equal(refused.success, false);
assert.deepEqual(
  refused.issues?.[0]?.path?.map((p) => p.key),
  ['status'],
);
console.log(`valibot ${mine} (yours) composes the models' schemas on valibot ${theirs}`);
