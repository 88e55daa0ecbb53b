import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * What a customer is shown, view by view. Each view's fields are listed in
 * fixtures/customer-view-fields.json: a field added to a view a customer reads fails this test
 * until someone decides the customer may see it and adds it there. Brand-internal facts (supplier
 * recovery, part costs, who supplied a part, what a partner owes the brand) are never among them.
 */
const FIELDS: Record<string, string[]> = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures/customer-view-fields.json'), 'utf8'),
);
const INTERNAL = /recover|unitCost|currency|supplier|partnerResponses\[\]/;

const now = new Date('2026-11-23T01:30:00Z');
let server: DemoServer;
const ids: Record<':case' | ':repair' | ':return' | ':unit', string> = {
  ':case': '',
  ':repair': '',
  ':return': '',
  ':unit': '',
};

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  ids[':case'] = (
    await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      serial: 'CH9-2024-00031',
      description: 'Compressor trips.',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    })
  ).json().id;
  await agent.post(`/api/v1/cases/${ids[':case']}/assignment`, { servicePartner: 'fixit-shanghai' });
  const tech = await Session.signIn(server.app, 'technician@fixit.example');
  ids[':repair'] = (
    await tech.post(`/api/v1/cases/${ids[':case']}/repairs`, {
      diagnosis: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    })
  ).json().id;
  const reserved = (
    await tech.post(`/api/v1/repairs/${ids[':repair']}/parts`, {
      partNumber: 'CMP-900',
      quantity: 1,
      location: 'fixit-consignment',
    })
  ).json();
  await tech.post(`/api/v1/repairs/${ids[':repair']}/visits`, {
    arrivedAt: '2026-11-23T01:30:00Z',
    distanceKm: 40,
    customerSigned: true,
  });
  await tech.post(`/api/v1/repairs/${ids[':repair']}/completion`, {
    result: 'fixed',
    parts: [{ lineId: reserved.parts[0].lineId, serialOut: 'C9-OLD' }],
  });
  const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
  ids[':return'] = (
    await ruijin.post(`/api/v1/cases/${ids[':case']}/returns`, { reason: 'other', conditions: {} })
  ).json().id;
  ids[':unit'] = (await ruijin.get('/api/v1/units/by-serial/CH9-2024-00031')).json().id;
});
afterAll(async () => {
  await server?.close();
});

/** Every key path in a JSON value; array items share their parent's path with `[]`. */
function fieldsOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => fieldsOf(v, `${prefix}[]`)))];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const at = prefix ? `${prefix}.${k}` : k;
      const inner = fieldsOf(v, at);
      return inner.length > 0 ? inner : [at];
    });
  }
  return [];
}

const urlOf = (view: string) =>
  view.replace(/:case|:repair|:return|:unit/g, (k) => ids[k as keyof typeof ids]);

describe('what the customer is shown', () => {
  it.each(Object.keys(FIELDS))('%s lists exactly its fields, none of them brand-internal', async (view) => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const r = await ruijin.get(urlOf(view));
    expect(r.statusCode).toBe(200);
    const fields = [...new Set(fieldsOf(r.json()))].sort();
    expect(fields).toEqual(FIELDS[view]);
    expect(fields.filter((f) => INTERNAL.test(f))).toEqual([]);
    // Which of the brand's people works the case is the brand's business.
    if ('assignedUserId' in r.json()) expect(r.json().assignedUserId).toBeNull();
  });

  it('the brand reads what the customer is not shown: recovery, part costs, suppliers, partner clocks', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const brandCase = (await agent.get(urlOf('/api/v1/cases/:case'))).json();
    const customerCase = (await ruijin.get(urlOf('/api/v1/cases/:case'))).json();
    expect(brandCase.decision.recovery).toHaveProperty('supplier');
    expect(brandCase.clocks.some((c: { side: string }) => c.side === 'commitment')).toBe(true);
    expect(customerCase.clocks.length).toBeGreaterThan(0);
    expect(customerCase.clocks.every((c: { side: string }) => c.side === 'promise')).toBe(true);
    const brandRepair = (await agent.get(urlOf('/api/v1/repairs/:repair'))).json();
    expect(brandRepair.parts[0].unitCost).toMatch(/\d/);
    const brandUnit = (await agent.get(urlOf('/api/v1/units/:unit'))).json();
    expect(brandUnit.parts.some((p: { supplier: unknown }) => p.supplier)).toBe(true);
  });

  it('the partner reads its own commitments, but not the supplier recovery or part costs', async () => {
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const partnerCase = (await fixit.get(urlOf('/api/v1/cases/:case'))).json();
    expect(partnerCase.clocks.some((c: { side: string }) => c.side === 'commitment')).toBe(true);
    expect(partnerCase.decision.recovery).toBeUndefined();
    const partnerRepair = (await fixit.get(urlOf('/api/v1/repairs/:repair'))).json();
    expect(partnerRepair.parts[0].unitCost).toBeUndefined();
    expect(partnerRepair.parts[0].location).toBe('fixit-consignment');
  });
});
