import { describe, expect, it } from 'vitest';
import type { UserRole } from '../party/party.ts';
import { type Actor, changesBrandRecords, decideAccess, visibilityOf } from './access.ts';

function actor(role: UserRole, homeParty: boolean): Actor {
  return { tenantId: 't', userId: 'u', partyId: 'p', role, homeParty, authenticatedBy: 'session' };
}

describe('visibility', () => {
  it('gives the home party staff the whole tenant', () => {
    for (const role of ['admin', 'manager', 'agent', 'counsel'] as const) {
      expect(visibilityOf(actor(role, true))).toEqual({ kind: 'tenant' });
    }
  });

  it('keeps partners, technicians and customers to their own party, even at the home party', () => {
    for (const role of ['partner', 'technician', 'customer'] as const) {
      expect(visibilityOf(actor(role, true))).toEqual({ kind: 'party', partyId: 'p' });
    }
  });

  it('keeps a distributor agent to its own party', () => {
    expect(visibilityOf(actor('agent', false))).toEqual({ kind: 'party', partyId: 'p' });
  });
});

describe('decideAccess', () => {
  it('lets counsel read everything and write nothing', () => {
    const counsel = actor('counsel', true);
    for (const resource of [
      'party',
      'user',
      'product',
      'unit',
      'document',
      'token',
      'agreement',
      'evidence',
    ] as const) {
      expect(decideAccess(counsel, 'read', resource).allowed).toBe(true);
      expect(decideAccess(counsel, 'write', resource).allowed).toBe(false);
    }
  });

  it('lets only admins manage users', () => {
    expect(decideAccess(actor('admin', true), 'write', 'user').allowed).toBe(true);
    expect(decideAccess(actor('manager', true), 'write', 'user').allowed).toBe(false);
  });

  it('refuses tenant-wide writes to a party-scoped admin', () => {
    expect(decideAccess(actor('admin', false), 'write', 'party')).toEqual({
      allowed: false,
      reason: 'role_cannot_write',
    });
  });

  it('hides the user and document lists from partners and customers', () => {
    expect(decideAccess(actor('partner', false), 'read', 'user').allowed).toBe(false);
    expect(decideAccess(actor('customer', false), 'read', 'document').allowed).toBe(false);
    expect(decideAccess(actor('customer', false), 'read', 'unit').allowed).toBe(true);
    expect(decideAccess(actor('partner', false), 'read', 'agreement').allowed).toBe(false);
    expect(decideAccess(actor('partner', false), 'read', 'evidence').allowed).toBe(false);
  });

  it('lets anyone but counsel hold their own API tokens', () => {
    expect(decideAccess(actor('customer', false), 'write', 'token').allowed).toBe(true);
    expect(decideAccess(actor('counsel', true), 'write', 'token').allowed).toBe(false);
  });
});

describe('changesBrandRecords', () => {
  it("is the brand's administrators, managers and agents, not counsel and no one of another party", () => {
    for (const role of ['admin', 'manager', 'agent'] as const)
      expect(changesBrandRecords(actor(role, true))).toBe(true);
    expect(changesBrandRecords(actor('counsel', true))).toBe(false);
    expect(changesBrandRecords(actor('technician', true))).toBe(false);
    for (const role of ['admin', 'agent', 'partner', 'customer'] as const)
      expect(changesBrandRecords(actor(role, false))).toBe(false);
  });
});
