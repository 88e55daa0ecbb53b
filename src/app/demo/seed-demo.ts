import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { localDateIn } from '../../domain/terms/index.ts';
import { hashPublishedPassword } from '../auth/index.ts';
import { importCalendar } from '../calendar-change/index.ts';
import type { AppDeps } from '../context.ts';
import { type DocumentKind, importDocument } from '../document/index.ts';
import { pgErrorCode } from '../errors.ts';
import { writeTelemetryModel } from '../telemetry/index.ts';
import { createTenant } from '../tenant/index.ts';
import { importAgreementsAs } from '../terms/index.ts';
import { importTrees } from '../troubleshooting/index.ts';
import {
  BUSINESS_CUSTOMERS,
  CHANNEL_PARTIES,
  CONSUMERS,
  DEMO_PASSWORD,
  DEMO_USERS,
  HOME_PARTY,
  PRODUCTS,
  seededRandom,
} from './acme-scenario.ts';
import { seedDemoKnowledge } from './demo-knowledge.ts';
import { seedDemoParts } from './demo-parts.ts';
import { CH900_TELEMETRY } from './demo-telemetry.ts';

export const DEMO_TENANT_SLUG = 'acme';

export interface DemoSeedReport {
  created: boolean;
  tenantId: string;
  counts: { parties: number; products: number; units: number; users: number; documents: number };
  signIns: { role: string; email: string; party: string }[];
  password: string;
}

interface SeedUnit {
  serial: string;
  model: string;
  owner: string;
  seller: string | null;
  servicePartner: string | null;
  territory: string;
  soldOn: string;
  deliveredOn: string | null;
  installedOn: string | null;
  maintainedOn: string[];
  parts: {
    partNumber: string;
    partCategory: string;
    serial: string | null;
    supplier: string | null;
    deliveredOn: string | null;
  }[];
}

const EAST_CHINA = new Set(['CN-SH', 'CN-JS', 'CN-ZJ', 'CN-AH']);
const FIXIT_AREA = new Set(['CN-SH', 'CN-JS']);

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function servicePartnerFor(model: string, territory: string): string | null {
  if (FIXIT_AREA.has(territory)) return 'fixit-shanghai';
  if (model === 'CH-900' && territory === 'CN-GD') return 'pearl-river-service';
  return null;
}

/** A few hundred units spread over provinces and 2025-2026, the same on every machine. */
function generatedUnits(): SeedUnit[] {
  const random = seededRandom(20250701);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const units: SeedUnit[] = [];
  const start = '2025-01-06';
  for (let i = 0; i < 240; i++) {
    const consumer = pick(CONSUMERS);
    const model = random() < 0.6 ? 'PA-300' : 'PA-500';
    const soldOn = addDays(start, Math.floor(random() * 660));
    const territory = consumer.territory!;
    const serial = `${model === 'PA-300' ? 'PA3' : 'PA5'}-${soldOn.slice(0, 4)}-${String(100000 + i * 37).padStart(6, '0')}`;
    const deliveredOn = addDays(soldOn, 1 + Math.floor(random() * 5));
    units.push({
      serial,
      model,
      owner: consumer.key,
      seller: EAST_CHINA.has(territory) ? 'huadong-trading' : 'acme',
      servicePartner: servicePartnerFor(model, territory),
      territory,
      soldOn,
      deliveredOn,
      installedOn: null,
      maintainedOn: [],
      parts: [
        {
          partNumber: 'MTR-45',
          partCategory: 'motor',
          serial: `M45-${serial.slice(4)}`,
          supplier: 'ningbo-motor',
          deliveredOn: addDays(soldOn, -40),
        },
      ],
    });
  }
  for (let i = 0; i < 60; i++) {
    const customer = pick(BUSINESS_CUSTOMERS);
    const territory = customer.territory!;
    const soldOn = addDays(start, Math.floor(random() * 600));
    const deliveredOn = addDays(soldOn, 7 + Math.floor(random() * 20));
    const installedOn = addDays(deliveredOn, 3 + Math.floor(random() * 20));
    const maintainedOn: string[] = [];
    for (
      let m = addDays(installedOn, 180);
      m < '2026-11-01';
      m = addDays(m, 170 + Math.floor(random() * 30))
    ) {
      maintainedOn.push(m);
    }
    const serial = `CH9-${soldOn.slice(0, 4)}-${String(1000 + i * 13).padStart(5, '0')}`;
    units.push({
      serial,
      model: 'CH-900',
      owner: customer.key,
      seller: EAST_CHINA.has(territory) ? 'huadong-trading' : 'acme',
      servicePartner: servicePartnerFor('CH-900', territory),
      territory,
      soldOn,
      deliveredOn,
      installedOn,
      maintainedOn,
      parts: [
        {
          partNumber: 'CMP-900',
          partCategory: 'compressor',
          serial: `C9-${serial.slice(4)}`,
          supplier: 'ningbo-motor',
          deliveredOn: addDays(soldOn, -50),
        },
      ],
    });
  }
  return units;
}

/** The serial of the demo consumer's purifier bought days before the demo was loaded. */
export const RECENT_PURCHASE_SERIAL = 'PA5-NEW-000001';

/**
 * Zhang Wei's PureAir bought 3 days and delivered 2 days before the demo is loaded (China's date
 * by the seeding clock), so a fresh demo has a unit inside its no-reason return window (P7D from
 * delivery) to show the return flow.
 */
export function recentPurchase(now: Date): SeedUnit {
  // The demo is set in mainland China: its dates are Shanghai's.
  const today = localDateIn(now, 'Asia/Shanghai');
  const soldOn = addDays(today, -3);
  return {
    serial: RECENT_PURCHASE_SERIAL,
    model: 'PA-500',
    owner: 'consumer-zhang-wei',
    seller: 'acme',
    servicePartner: null,
    territory: 'CN-ZJ',
    soldOn,
    deliveredOn: addDays(soldOn, 1),
    installedOn: null,
    maintainedOn: [],
    parts: [
      {
        partNumber: 'MTR-45',
        partCategory: 'motor',
        serial: 'M45-NEW-000001',
        supplier: 'ningbo-motor',
        deliveredOn: addDays(soldOn, -40),
      },
    ],
  };
}

type Dated = string | Date | undefined;
const day = (value: Dated): string | null =>
  value === undefined ? null : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);

/** The units of the example claims, exactly as the claims describe them. */
function claimUnit(claim: Record<string, unknown>): SeedUnit {
  const unit = claim.unit as Record<string, unknown>;
  const model = String(unit.product);
  const territory = String(unit.territory);
  const parts = (unit.parts as Record<string, unknown>[] | undefined) ?? [];
  const partNumberOf = (category: string) =>
    PRODUCTS.find((p) => p.model === model)?.billOfParts.find((b) => b.partCategory === category)?.partNumber;
  return {
    serial: String(unit.serial),
    model,
    owner: String(unit.owner),
    seller: EAST_CHINA.has(territory) ? 'huadong-trading' : 'acme',
    servicePartner: servicePartnerFor(model, territory),
    territory,
    soldOn: day(unit.sold_at as Dated)!,
    deliveredOn: day(unit.delivered_at as Dated),
    installedOn: day(unit.installed_at as Dated),
    maintainedOn: ((unit.maintained_at as Dated[] | undefined) ?? []).map((d) => day(d)!),
    parts: parts.map((p) => ({
      partNumber: String(p.part ?? partNumberOf(String(p.part_category))),
      partCategory: String(p.part_category),
      serial: null,
      supplier: p.supplied_by ? String(p.supplied_by) : null,
      deliveredOn: day(p.delivered_at as Dated),
    })),
  };
}

async function exampleFiles(
  dir: string,
  kind: DocumentKind,
): Promise<{ kind: DocumentKind; name: string; text: string }[]> {
  const folder = path.join(dir, kind === 'terms' ? 'terms' : kind === 'calendar' ? 'calendars' : 'claims');
  const names = (await fs.readdir(folder)).filter((n) => /\.(ya?ml|json)$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => ({ kind, name, text: await fs.readFile(path.join(folder, name), 'utf8') })),
  );
}

/**
 * Loads the ACME scenario into a new tenant in one transaction: parties, users (one per role),
 * products with their parts, a few hundred units, and the example terms, calendars and claims
 * as documents. Does nothing when the tenant exists.
 */
/** The demo sign-ins when the demo tenant exists, for the start-up banner. */
export async function findDemoTenant(deps: AppDeps): Promise<DemoSeedReport | undefined> {
  const existing = await deps.db
    .selectFrom('tenants')
    .select('tenant_id')
    .where('slug', '=', DEMO_TENANT_SLUG)
    .executeTakeFirst();
  if (!existing) return undefined;
  return {
    created: false,
    tenantId: existing.tenant_id,
    counts: { parties: 0, products: 0, units: 0, users: 0, documents: 0 },
    signIns: DEMO_USERS.map((u) => ({ role: u.role, email: u.email, party: u.party })),
    password: DEMO_PASSWORD,
  };
}

export async function seedDemo(deps: AppDeps, examplesDir: string): Promise<DemoSeedReport> {
  const existing = await findDemoTenant(deps);
  if (existing) return existing;
  // Read every file first: a missing or broken example fails before anything is written.
  const files = [
    ...(await exampleFiles(examplesDir, 'terms')),
    ...(await exampleFiles(examplesDir, 'calendar')),
    ...(await exampleFiles(examplesDir, 'claim')),
  ];
  const guides = await troubleshootingFiles(examplesDir);
  const claimUnits = files
    .filter((f) => f.kind === 'claim')
    .map((f) => claimUnit(parse(f.text) as Record<string, unknown>));
  const claimSerials = new Set(claimUnits.map((u) => u.serial));
  const now = deps.now();
  const units = [
    ...claimUnits,
    ...generatedUnits().filter((u) => !claimSerials.has(u.serial)),
    recentPurchase(now),
  ];
  const passwordHashes = await Promise.all(DEMO_USERS.map(() => hashPublishedPassword(DEMO_PASSWORD)));

  // Two servers starting at once on an empty database both try; the loser finds the winner's tenant.
  const report = await deps.db
    .transaction()
    .execute(async (trx) => {
      const { tenantId } = await createTenant(
        deps,
        { slug: DEMO_TENANT_SLUG, name: 'ACME after-sales service', homeParty: HOME_PARTY },
        trx,
      );
      const parties = [...CHANNEL_PARTIES, ...BUSINESS_CUSTOMERS, ...CONSUMERS];
      const partyIds = new Map<string, string>();
      const home = await trx
        .selectFrom('parties')
        .select(['party_id'])
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow();
      partyIds.set(HOME_PARTY.key, home.party_id);
      for (const p of parties) partyIds.set(p.key, deps.newId());
      await trx
        .insertInto('parties')
        .values(
          parties.map((p) => ({
            tenant_id: tenantId,
            party_id: partyIds.get(p.key)!,
            key: p.key,
            name: p.name,
            name_zh: p.nameZh,
            roles: p.roles,
            country: p.country,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await trx
        .insertInto('users')
        .values(
          DEMO_USERS.map((u, i) => ({
            tenant_id: tenantId,
            user_id: deps.newId(),
            party_id: partyIds.get(u.party)!,
            email: u.email,
            name: u.name,
            role: u.role,
            locale: u.locale,
            password_hash: passwordHashes[i]!,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();

      const productIds = new Map(PRODUCTS.map((p) => [p.model, deps.newId()]));
      await trx
        .insertInto('products')
        .values(
          PRODUCTS.map((p) => ({
            tenant_id: tenantId,
            product_id: productIds.get(p.model)!,
            model: p.model,
            name: p.name,
            name_zh: p.nameZh,
            part_categories: p.partCategories,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await trx
        .insertInto('product_parts')
        .values(
          PRODUCTS.flatMap((p) =>
            p.billOfParts.map((b) => ({
              tenant_id: tenantId,
              product_id: productIds.get(p.model)!,
              part_number: b.partNumber,
              part_category: b.partCategory,
              name: b.name,
              quantity: b.quantity,
            })),
          ),
        )
        .execute();

      const unitIds = units.map(() => deps.newId());
      const partyId = (key: string | null) => {
        if (key === null) return null;
        const id = partyIds.get(key);
        if (!id) throw new Error(`demo data names an unknown party "${key}"`);
        return id;
      };
      // Batches keep each statement well under PostgreSQL's 65,535 bind parameters.
      for (let start = 0; start < units.length; start += 500) {
        const batch = units.slice(start, start + 500);
        await trx
          .insertInto('units')
          .values(
            batch.map((u, i) => ({
              tenant_id: tenantId,
              unit_id: unitIds[start + i]!,
              serial: u.serial,
              product_id: productIds.get(u.model)!,
              owner_party_id: partyId(u.owner)!,
              seller_party_id: partyId(u.seller),
              service_party_id: partyId(u.servicePartner),
              territory: u.territory,
              sold_on: u.soldOn,
              delivered_on: u.deliveredOn,
              installed_on: u.installedOn,
              created_at: now,
              updated_at: now,
            })),
          )
          .execute();
      }
      const maintenance = units.flatMap((u, i) =>
        u.maintainedOn.map((d) => ({ tenant_id: tenantId, unit_id: unitIds[i]!, performed_on: d })),
      );
      if (maintenance.length > 0) await trx.insertInto('unit_maintenance').values(maintenance).execute();
      const unitParts = units.flatMap((u, i) =>
        u.parts.map((p, position) => ({
          tenant_id: tenantId,
          unit_id: unitIds[i]!,
          position,
          part_number: p.partNumber,
          part_category: p.partCategory,
          serial: p.serial,
          supplier_party_id: partyId(p.supplier),
          delivered_on: p.deliveredOn,
        })),
      );
      for (let start = 0; start < unitParts.length; start += 500) {
        await trx
          .insertInto('unit_parts')
          .values(unitParts.slice(start, start + 500))
          .execute();
      }

      const extraUnits = await seedDemoParts(deps, trx, tenantId, partyIds);
      await writeTelemetryModel(trx, tenantId, 'CH-900', CH900_TELEMETRY, now);
      for (const file of files) {
        await importDocument(
          deps,
          tenantId,
          { kind: file.kind, sourceName: file.name, text: file.text },
          trx,
        );
      }
      return {
        created: true,
        tenantId,
        counts: {
          parties: parties.length + 1,
          products: PRODUCTS.length,
          units: units.length + extraUnits,
          users: DEMO_USERS.length,
          documents: files.length,
        },
        signIns: DEMO_USERS.map((u) => ({ role: u.role, email: u.email, party: u.party })),
        password: DEMO_PASSWORD,
      };
    })
    .catch(async (error: unknown) => {
      const winner = pgErrorCode(error) === '23505' ? await findDemoTenant(deps) : undefined;
      if (winner) return winner;
      throw error;
    });
  // The terms and calendars become the stored agreements and calendar versions that cases run by.
  if (report.created) await loadDemoTermsAndCalendars(deps, report.tenantId, files);
  if (report.created) await seedDemoKnowledge(deps, report.tenantId);
  // The guides the portal offers for CH-900 "E12" and the PA-300 filter light (examples/troubleshooting).
  if (report.created)
    await importTrees(deps, { tenantId: report.tenantId, userId: null, authenticatedBy: 'system' }, guides);
  return report;
}

async function troubleshootingFiles(dir: string): Promise<{ name: string; text: string }[]> {
  const folder = path.join(dir, 'troubleshooting');
  const names = (await fs.readdir(folder)).filter((n) => /\.(ya?ml|json)$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => ({ name, text: await fs.readFile(path.join(folder, name), 'utf8') })),
  );
}

async function loadDemoTermsAndCalendars(
  deps: AppDeps,
  tenantId: string,
  files: { kind: DocumentKind; name: string; text: string }[],
): Promise<void> {
  for (const file of files.filter((f) => f.kind === 'calendar')) {
    await importCalendar(deps, tenantId, { name: file.name, text: file.text });
  }
  await importAgreementsAs(
    deps,
    { tenantId, userId: null },
    files.filter((f) => f.kind === 'terms').map((f) => ({ name: f.name, text: f.text })),
  );
}
