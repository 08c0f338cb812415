import type * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import type { AuditEvent, AuditOutcome, AuditQuery } from './audit.js';
import type {
  CasefileDetail,
  CasefileRole,
  CasefileStatus,
  CreateCasefileRequest,
  UpdateCasefileRequest,
} from './casefile.js';
import type { Principal, PrincipalKind } from './principal.js';
import type { SessionOverview } from './session.js';

describe('casefile, principal and audit types', () => {
  it('are unions of their literals', () => {
    expectTypeOf<CasefileRole>().toEqualTypeOf<'viewer' | 'editor' | 'owner'>();
    expectTypeOf<CasefileStatus>().toEqualTypeOf<'open' | 'closed'>();
    expectTypeOf<AuditOutcome>().toEqualTypeOf<'success' | 'denied' | 'error'>();
    expectTypeOf<PrincipalKind>().toEqualTypeOf<
      'api_key' | 'user' | 'development' | 'system' | 'anonymous'
    >();
    expectTypeOf<Principal['kind']>().toEqualTypeOf<PrincipalKind>();
  });

  it('give a casefile its sessions as overview rows and the caller role', () => {
    expectTypeOf<CasefileDetail['sessions']>().toEqualTypeOf<SessionOverview[]>();
    expectTypeOf<CasefileDetail['role']>().toEqualTypeOf<CasefileRole>();
    expectTypeOf<CasefileDetail['description']>().toEqualTypeOf<string | null>();
    expectTypeOf<CasefileDetail['deleted_at_us']>().toEqualTypeOf<number | null>();
  });

  it('default what a create leaves out, and make every change optional', () => {
    expectTypeOf<CreateCasefileRequest>().toEqualTypeOf<{
      title: string;
      description?: string;
      tags: string[];
      session_ids: string[];
    }>();
    expectTypeOf<v.InferInput<typeof import('./casefile.js').CreateCasefileRequest>>()
      .toHaveProperty('tags')
      .toEqualTypeOf<string[] | undefined>();
    expectTypeOf<UpdateCasefileRequest>().toEqualTypeOf<{
      title?: string;
      description?: string | null;
      status?: CasefileStatus;
      tags?: string[];
    }>();
  });

  it('type audit rows and queries', () => {
    expectTypeOf<AuditEvent['id']>().toEqualTypeOf<number>();
    expectTypeOf<AuditEvent['target']>().toEqualTypeOf<string | null>();
    expectTypeOf<AuditQuery['limit']>().toEqualTypeOf<number>();
    expectTypeOf<AuditQuery['since_us']>().toEqualTypeOf<number | undefined>();
  });
});
