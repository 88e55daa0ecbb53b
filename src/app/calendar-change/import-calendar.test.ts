import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { CompiledCalendar } from '../../domain/calendar/compiled.ts';
import { dueAt } from '../../domain/calendar/sla.ts';
import { getCalendarVersion } from '../calendar/get-calendar-version.ts';
import { listCalendars } from '../calendar/list-calendars.ts';
import { AppError } from '../errors.ts';
import { createTenant } from '../tenant/create-tenant.ts';
import { importCalendar } from './import-calendar.ts';

const CN = fs.readFileSync(
  path.join(import.meta.dirname, '../../../examples/calendars/cn-business.yaml'),
  'utf8',
);

describe('importCalendar', () => {
  let db: TestDatabase;
  let tenantId: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    tenantId = (
      await createTenant(db.deps, {
        slug: 'acme',
        name: 'ACME',
        homeParty: { key: 'acme', name: 'ACME', roles: ['brand'] },
      })
    ).tenantId;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('stores versions, never changes one, and keeps the source hash', async () => {
    const first = await importCalendar(db.deps, tenantId, { name: 'cn-business.yaml', text: CN });
    expect(first).toMatchObject({ key: 'cn-business', version: 1, created: true });
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await importCalendar(db.deps, tenantId, { name: 'cn-business.yaml', text: CN });
    expect(again).toMatchObject({ version: 1, created: false });

    // A holiday added: a new version, and clocks computed on it move.
    const withHoliday = CN.replace('days_off: ["2026-12-31"]', 'days_off: ["2026-03-03", "2026-12-31"]');
    const second = await importCalendar(db.deps, tenantId, { name: 'cn-business.yaml', text: withHoliday });
    expect(second).toMatchObject({ version: 2, created: true });

    const v1 = await getCalendarVersion(db.deps, tenantId, 'cn-business', 1);
    const latest = await getCalendarVersion(db.deps, tenantId, 'cn-business');
    expect(latest.version).toBe(2);
    const start = Date.parse('2026-03-02T01:00:00Z') / 1000;
    expect(dueAt(new CompiledCalendar(v1.spec), start, 12 * 3600)).toBe(
      Date.parse('2026-03-03T06:00:00Z') / 1000,
    );
    expect(dueAt(new CompiledCalendar(latest.spec), start, 12 * 3600)).toBe(
      Date.parse('2026-03-04T06:00:00Z') / 1000,
    );

    expect(await listCalendars(db.deps, tenantId)).toMatchObject([
      { key: 'cn-business', latestVersion: 2, timezone: 'Asia/Shanghai', official: 'CN' },
    ]);
    await expect(
      sql`update calendar_versions set name = 'x' where tenant_id = ${tenantId}`.execute(db.handle.db),
    ).rejects.toThrow(/never changed/);
    await expect(
      sql`delete from calendar_versions where tenant_id = ${tenantId}`.execute(db.handle.db),
    ).rejects.toThrow(/never changed/);
  });

  it('refuses an old version number and stores nothing for a bad file', async () => {
    const old = `version: 1\n${CN.replace('"2026-12-24"', '"2026-12-23"')}`;
    await expect(importCalendar(db.deps, tenantId, { name: 'cn.yaml', text: old })).rejects.toMatchObject({
      code: 'version_exists',
    });
    const bad = 'id: broken\ntimezone: Nowhere/Else\nweek: {}\n';
    const error = await importCalendar(db.deps, tenantId, { name: 'broken.yaml', text: bad }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields[0]?.path).toBe('broken.yaml:2:11 timezone');
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from documents where doc_key = 'broken'`.execute(db.handle.db);
    expect(rows[0]?.n).toBe(0);
  });
});
