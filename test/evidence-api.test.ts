import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequenceLog } from '../src/app/evidence/index.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server?.close();
});

describe('changes made over the API', () => {
  it('land on the evidence record in the same transaction, with who, how and what', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const me = (await agent.get('/api/v1/me')).json();
    const created = await agent.post('/api/v1/units', {
      serial: 'PA5-EVID-1',
      product: 'PA-500',
      owner: 'consumer-li-na',
      territory: 'CN-SH',
    });
    expect(created.statusCode).toBe(201);
    const unitId = created.json().id;
    await agent.patch(`/api/v1/units/${unitId}`, { maintainedOn: ['2026-11-01'] });
    // The sequencer links the entries (the server does so every EVIDENCE_SEQUENCER_MS).
    await sequenceLog(server.db.deps, server.tenantId);

    const rows = await server.db.deps.db
      .selectFrom('timeline_entries')
      .selectAll()
      .where('tenant_id', '=', server.tenantId)
      .where('subject_id', '=', unitId)
      .orderBy('seq')
      .execute();
    const entries = rows.map((r) => ({ ...JSON.parse(r.material), payload: JSON.parse(r.payload) }));
    expect(entries.map((e) => e.type)).toEqual(['unit.registered', 'unit.changed']);
    expect(entries[0]).toMatchObject({
      subject: { type: 'unit', id: unitId },
      actor: { userId: me.user.id, authenticatedBy: 'session' },
      channel: { name: 'web' },
      payload: { serial: 'PA5-EVID-1', owner: 'consumer-li-na' },
    });
    expect(entries[1].payload).toEqual({ maintainedOn: ['2026-11-01'] });
    expect(entries[1].prevHash).toBe(rows[0]!.hash);
  });

  it('a refused change leaves no entry', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const entries = async () =>
      Number(
        (
          await server.db.deps.db
            .selectFrom('timeline_entries')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('tenant_id', '=', server.tenantId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await entries();
    const refused = await admin.post('/api/v1/parties', {
      key: 'fixit-shanghai',
      name: 'Duplicate',
      roles: ['customer'],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('key_taken');
    expect(await entries()).toBe(before);
  });

  it('user records never hold a password', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    await admin.post('/api/v1/users', {
      email: 'audit@acme.example',
      name: 'Audit',
      role: 'agent',
      party: 'acme',
      password: 'secret-password-9',
    });
    const rows = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select(['material', 'payload'])
      .where('entry_type', 'like', 'user.%')
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => `${r.material}${r.payload}`.includes('secret-password-9'))).toBe(false);
  });
});

describe('the evidence endpoints', () => {
  it('let counsel verify the record and managers sign a checkpoint; partners may do neither', async () => {
    const counsel = await Session.signIn(server.app, 'counsel@acme.example');
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const partner = await Session.signIn(server.app, 'partner@fixit.example');

    const checkpoint = await manager.post('/api/v1/evidence/checkpoints', {});
    expect(checkpoint.statusCode).toBe(200);
    expect(checkpoint.json().publicKey).toContain('BEGIN PUBLIC KEY');
    const report = await counsel.get('/api/v1/evidence/verify');
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({ ok: true, lastSignedSeq: checkpoint.json().seq, unsignedTail: 0 });
    expect(report.json().entries).toBeGreaterThan(0);

    expect((await counsel.post('/api/v1/evidence/checkpoints', {})).statusCode).toBe(403);
    expect((await partner.get('/api/v1/evidence/verify')).statusCode).toBe(403);
  });
});
