import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { issuePaths } from '../test/fixtures.js';
import { AuditQuery } from './audit.js';
import {
  CasefileListQuery,
  CreateCasefileRequest,
  GrantRequest,
  roleIncludes,
  UpdateCasefileRequest,
} from './casefile.js';
import { decodeKeysetCursor, encodeKeysetCursor, keysetFingerprint } from './keyset-cursor.js';
import { hasScope, Principal, PrincipalId, principalId, systemPrincipal } from './principal.js';

describe('casefile requests', () => {
  it('trim the title, default tags and sessions, and refuse repeats', () => {
    expect(v.parse(CreateCasefileRequest, { title: '  Outage ' })).toEqual({
      title: 'Outage',
      tags: [],
      session_ids: [],
    });
    expect(issuePaths(CreateCasefileRequest, { title: ' ' })).toEqual(['title']);
    expect(issuePaths(CreateCasefileRequest, { title: 'x', tags: ['a', 'a'] })).toEqual(['tags']);
    expect(issuePaths(CreateCasefileRequest, { title: 'x', session_ids: ['s', 's'] })).toEqual([
      'session_ids',
    ]);
  });

  it('need at least one change in an update', () => {
    expect(issuePaths(UpdateCasefileRequest, {})).toEqual(['']);
    expect(issuePaths(UpdateCasefileRequest, { description: null })).toEqual([]);
    expect(issuePaths(UpdateCasefileRequest, { status: 'archived' })).toEqual(['status']);
  });

  it('name principals as kind:id and roles from the list', () => {
    expect(issuePaths(GrantRequest, { principal_id: 'api_key:key_1', role: 'editor' })).toEqual([]);
    expect(issuePaths(GrantRequest, { principal_id: 'ada', role: 'editor' })).toEqual([
      'principal_id',
    ]);
    expect(issuePaths(GrantRequest, { principal_id: 'user:a b', role: 'editor' })).toEqual([
      'principal_id',
    ]);
    expect(issuePaths(GrantRequest, { principal_id: 'user:ada', role: 'root' })).toEqual(['role']);
  });

  it('order roles: owner includes editor includes viewer', () => {
    expect(roleIncludes('owner', 'editor')).toBe(true);
    expect(roleIncludes('editor', 'viewer')).toBe(true);
    expect(roleIncludes('viewer', 'editor')).toBe(false);
    expect(roleIncludes('editor', 'owner')).toBe(false);
  });

  it('parse list and audit queries from query strings', () => {
    expect(v.parse(CasefileListQuery, { limit: '5', status: 'open' })).toEqual({
      limit: 5,
      status: 'open',
      deleted: 'false',
    });
    expect(issuePaths(CasefileListQuery, { limit: '101' })).toEqual(['limit']);
    expect(issuePaths(CasefileListQuery, { text: 'ab' })).toEqual(['text']);
    expect(v.parse(AuditQuery, { since_us: '10' })).toEqual({ since_us: 10, limit: 50 });
    expect(issuePaths(AuditQuery, { principal_id: 'nobody' })).toEqual(['principal_id']);
  });
});

describe('keyset cursors', () => {
  it('round-trip for the filters they were made for only', () => {
    const fingerprint = keysetFingerprint({ status: 'open' });
    const cursor = encodeKeysetCursor({ key: [5, 'c1'], fingerprint });
    expect(decodeKeysetCursor(cursor, fingerprint)).toEqual({ key: [5, 'c1'], fingerprint });
    expect(decodeKeysetCursor(cursor, keysetFingerprint({ status: 'closed' }))).toBeUndefined();
    expect(decodeKeysetCursor('not-base64-json', fingerprint)).toBeUndefined();
  });
});

describe('principals', () => {
  it('are models: a system principal holds every scope, an anonymous one none', () => {
    const system = v.parse(Principal, systemPrincipal('cli'));
    expect(principalId(system)).toBe('system:cli');
    expect(hasScope(system, 'admin')).toBe(true);
    expect(v.safeParse(Principal, { kind: 'root', id: 'x', scopes: [] }).success).toBe(false);
    expect(v.safeParse(PrincipalId, 'system:cli').success).toBe(true);
  });
});
