import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { LocationKind } from '../../store/schema-operations.ts';
import type { AppDeps } from '../context.ts';

/** Spare parts of the ACME scenario: catalogue (cost in fen), who supplies them, lead times. */
export const DEMO_PARTS: {
  partNumber: string;
  category: string;
  name: string;
  nameZh: string;
  costMinor: number;
  supplier: string | null;
  leadTimeDays: number;
}[] = [
  {
    partNumber: 'CMP-900',
    category: 'compressor',
    name: 'Scroll compressor 900',
    nameZh: '涡旋压缩机 900',
    costMinor: 1_860_000,
    supplier: 'ningbo-motor',
    leadTimeDays: 21,
  },
  {
    partNumber: 'CB-CH9',
    category: 'control_board',
    name: 'Chiller control board',
    nameZh: '冷水机组控制板',
    costMinor: 320_000,
    supplier: null,
    leadTimeDays: 10,
  },
  {
    partNumber: 'CND-900',
    category: 'condenser',
    name: 'Condenser coil',
    nameZh: '冷凝器盘管',
    costMinor: 540_000,
    supplier: null,
    leadTimeDays: 30,
  },
  {
    partNumber: 'EVP-900',
    category: 'evaporator',
    name: 'Plate evaporator',
    nameZh: '板式蒸发器',
    costMinor: 610_000,
    supplier: null,
    leadTimeDays: 30,
  },
  {
    partNumber: 'PMP-900',
    category: 'pump',
    name: 'Circulation pump',
    nameZh: '循环泵',
    costMinor: 230_000,
    supplier: null,
    leadTimeDays: 14,
  },
  {
    partNumber: 'MTR-45',
    category: 'motor',
    name: 'Fan motor 45 W',
    nameZh: '45 W 风机电机',
    costMinor: 28_000,
    supplier: 'ningbo-motor',
    leadTimeDays: 21,
  },
  {
    partNumber: 'FLT-300',
    category: 'filter',
    name: 'HEPA filter set 300',
    nameZh: 'HEPA 滤网组 300',
    costMinor: 19_900,
    supplier: null,
    leadTimeDays: 7,
  },
  {
    partNumber: 'FLT-500',
    category: 'filter',
    name: 'HEPA filter set 500',
    nameZh: 'HEPA 滤网组 500',
    costMinor: 25_900,
    supplier: null,
    leadTimeDays: 7,
  },
  {
    partNumber: 'CB-PA',
    category: 'control_board',
    name: 'PureAir control board',
    nameZh: 'PureAir 控制板',
    costMinor: 42_000,
    supplier: null,
    leadTimeDays: 10,
  },
  {
    partNumber: 'SNS-PM25',
    category: 'sensor',
    name: 'PM2.5 sensor',
    nameZh: 'PM2.5 传感器',
    costMinor: 8_500,
    supplier: null,
    leadTimeDays: 14,
  },
  {
    partNumber: 'HSG-300',
    category: 'housing',
    name: 'Housing 300',
    nameZh: '外壳 300',
    costMinor: 16_000,
    supplier: null,
    leadTimeDays: 20,
  },
  {
    partNumber: 'HSG-500',
    category: 'housing',
    name: 'Housing 500',
    nameZh: '外壳 500',
    costMinor: 19_000,
    supplier: null,
    leadTimeDays: 20,
  },
];

/** Labor standard times per model and operation, as partner claims are paid. */
export const DEMO_STANDARD_TIMES: {
  model: string;
  operation: string;
  category: string | null;
  name: string;
  nameZh: string;
  minutes: number;
}[] = [
  ...['CH-900'].flatMap((model) => [
    {
      model,
      operation: 'diagnose',
      category: null,
      name: 'Diagnosis on site',
      nameZh: '现场诊断',
      minutes: 60,
    },
    {
      model,
      operation: 'replace_compressor',
      category: 'compressor',
      name: 'Replace compressor',
      nameZh: '更换压缩机',
      minutes: 360,
    },
    {
      model,
      operation: 'replace_control_board',
      category: 'control_board',
      name: 'Replace control board',
      nameZh: '更换控制板',
      minutes: 90,
    },
    {
      model,
      operation: 'replace_pump',
      category: 'pump',
      name: 'Replace circulation pump',
      nameZh: '更换循环泵',
      minutes: 120,
    },
    {
      model,
      operation: 'replace_condenser',
      category: 'condenser',
      name: 'Replace condenser coil',
      nameZh: '更换冷凝器',
      minutes: 240,
    },
  ]),
  ...['PA-300', 'PA-500'].flatMap((model) => [
    { model, operation: 'diagnose', category: null, name: 'Diagnosis', nameZh: '诊断', minutes: 20 },
    {
      model,
      operation: 'replace_motor',
      category: 'motor',
      name: 'Replace fan motor',
      nameZh: '更换风机电机',
      minutes: 45,
    },
    {
      model,
      operation: 'replace_control_board',
      category: 'control_board',
      name: 'Replace control board',
      nameZh: '更换控制板',
      minutes: 30,
    },
    {
      model,
      operation: 'replace_sensor',
      category: 'sensor',
      name: 'Replace PM2.5 sensor',
      nameZh: '更换传感器',
      minutes: 20,
    },
  ]),
];

export const DEMO_LOCATIONS: {
  key: string;
  name: string;
  nameZh: string;
  kind: LocationKind;
  holder: string;
  owner: string;
  stock: Record<string, number>;
}[] = [
  {
    key: 'acme-central',
    name: 'ACME central parts warehouse, Jiading',
    nameZh: 'ACME 嘉定中央备件仓',
    kind: 'warehouse',
    holder: 'acme',
    owner: 'acme',
    stock: {
      'CMP-900': 4,
      'MTR-45': 120,
      'CB-CH9': 10,
      'CB-PA': 40,
      'FLT-300': 200,
      'FLT-500': 150,
      'SNS-PM25': 20,
      'PMP-900': 6,
      'EVP-900': 2,
      'CND-900': 0,
      'HSG-300': 0,
      'HSG-500': 8,
    },
  },
  {
    key: 'huadong-parts',
    name: 'Huadong Trading parts counter',
    nameZh: '华东贸易备件柜台',
    kind: 'distributor',
    holder: 'huadong-trading',
    owner: 'huadong-trading',
    stock: { 'FLT-300': 50, 'FLT-500': 30, 'MTR-45': 20 },
  },
  {
    key: 'fixit-consignment',
    name: 'FixIt Shanghai consignment stock (owned by ACME)',
    nameZh: 'FixIt 上海寄售库存（ACME 所有）',
    kind: 'consignment',
    holder: 'fixit-shanghai',
    owner: 'acme',
    // One compressor: the last unit two repairs may race for.
    stock: { 'CMP-900': 1, 'MTR-45': 10, 'CB-PA': 5, 'CB-CH9': 2 },
  },
  {
    key: 'fixit-van-01',
    name: 'FixIt technician van 01',
    nameZh: 'FixIt 技术员工具车 01',
    kind: 'van',
    holder: 'fixit-shanghai',
    owner: 'acme',
    stock: { 'MTR-45': 2, 'FLT-300': 4, 'SNS-PM25': 2 },
  },
  {
    key: 'pearl-river-consignment',
    name: 'Pearl River Service consignment stock (owned by ACME)',
    nameZh: '珠江服务寄售库存（ACME 所有）',
    kind: 'consignment',
    holder: 'pearl-river-service',
    owner: 'acme',
    stock: { 'CMP-900': 1, 'CB-CH9': 1 },
  },
];

/** Use at the central warehouse over the last 90 days, so that reorder suggestions have a history. */
const DEMO_USE: Record<string, number> = {
  'MTR-45': 36,
  'FLT-300': 180,
  'SNS-PM25': 90,
  'CB-PA': 12,
  'CMP-900': 3,
};

/** End of production of the models that have one (the spare-parts duty runs from it). */
export const DEMO_END_OF_PRODUCTION: Record<string, string> = { 'PA-300': '2026-06-30' };

/**
 * A CH-900 in its third year in November 2026 (the official holidays of 2027 are not published
 * yet, so the flows run in 2026): installed February 2024, maintained every six months, its
 * compressor delivered by Ningbo in December 2023, whose 24-month cover to ACME has ended.
 */
export const DEMO_THIRD_YEAR_CHILLER = {
  serial: 'CH9-2024-00031',
  model: 'CH-900',
  owner: 'ruijin-hospital',
  seller: 'huadong-trading',
  servicePartner: 'fixit-shanghai',
  territory: 'CN-SH',
  soldOn: '2024-01-15',
  deliveredOn: '2024-02-05',
  installedOn: '2024-02-26',
  maintainedOn: ['2024-08-20', '2025-02-18', '2025-08-12', '2026-02-10', '2026-08-04'],
  compressor: {
    partNumber: 'CMP-900',
    serial: 'C9-2024-00031',
    supplier: 'ningbo-motor',
    deliveredOn: '2023-12-20',
  },
};

export async function seedDemoParts(
  deps: Pick<AppDeps, 'newId' | 'now'>,
  trx: Kysely<Database>,
  tenantId: string,
  partyIds: ReadonlyMap<string, string>,
): Promise<number> {
  const now = deps.now();
  const party = (key: string) => {
    const id = partyIds.get(key);
    if (!id) throw new Error(`demo parts name an unknown party "${key}"`);
    return id;
  };
  for (const [model, date] of Object.entries(DEMO_END_OF_PRODUCTION)) {
    await trx
      .updateTable('products')
      .set({ end_of_production: date })
      .where('tenant_id', '=', tenantId)
      .where('model', '=', model)
      .execute();
  }
  await trx
    .insertInto('spare_parts')
    .values(
      DEMO_PARTS.map((p) => ({
        tenant_id: tenantId,
        part_number: p.partNumber,
        part_category: p.category,
        name: p.name,
        name_zh: p.nameZh,
        unit_cost_minor: p.costMinor,
        currency: 'CNY',
        supplier_party_id: p.supplier ? party(p.supplier) : null,
        lead_time_days: p.leadTimeDays,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  await trx
    .insertInto('standard_times')
    .values(
      DEMO_STANDARD_TIMES.map((s) => ({
        tenant_id: tenantId,
        product_model: s.model,
        operation: s.operation,
        part_category: s.category,
        name: s.name,
        name_zh: s.nameZh,
        minutes: s.minutes,
      })),
    )
    .execute();
  const locationIds = new Map<string, string>();
  for (const l of DEMO_LOCATIONS) {
    const id = deps.newId();
    locationIds.set(l.key, id);
    await trx
      .insertInto('stock_locations')
      .values({
        tenant_id: tenantId,
        location_id: id,
        key: l.key,
        name: l.name,
        name_zh: l.nameZh,
        kind: l.kind,
        holder_party_id: party(l.holder),
        owner_party_id: party(l.owner),
        created_at: now,
      })
      .execute();
    const levels = Object.entries(l.stock);
    await trx
      .insertInto('stock_levels')
      .values(
        levels.map(([part, qty]) => ({
          tenant_id: tenantId,
          location_id: id,
          part_number: part,
          on_hand: qty,
          reserved: 0,
        })),
      )
      .execute();
  }
  const central = locationIds.get('acme-central')!;
  const movements = Object.entries(DEMO_USE).flatMap(([part, used]) => {
    const events = Math.min(used, 30);
    return Array.from({ length: events }, (_, i) => ({
      tenant_id: tenantId,
      movement_id: deps.newId(),
      location_id: central,
      part_number: part,
      kind: 'consumption' as const,
      quantity: -(Math.floor(used / events) + (i < used % events ? 1 : 0)),
      repair_id: null,
      transfer_id: null,
      note: 'demo history',
      occurred_at: new Date(now.getTime() - (i + 1) * 2.9 * 86_400_000),
      user_id: null,
    }));
  });
  await trx.insertInto('stock_movements').values(movements).execute();

  const u = DEMO_THIRD_YEAR_CHILLER;
  const product = await trx
    .selectFrom('products')
    .select('product_id')
    .where('tenant_id', '=', tenantId)
    .where('model', '=', u.model)
    .executeTakeFirstOrThrow();
  const unitId = deps.newId();
  await trx
    .insertInto('units')
    .values({
      tenant_id: tenantId,
      unit_id: unitId,
      serial: u.serial,
      product_id: product.product_id,
      owner_party_id: party(u.owner),
      seller_party_id: party(u.seller),
      service_party_id: party(u.servicePartner),
      territory: u.territory,
      sold_on: u.soldOn,
      delivered_on: u.deliveredOn,
      installed_on: u.installedOn,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await trx
    .insertInto('unit_maintenance')
    .values(u.maintainedOn.map((d) => ({ tenant_id: tenantId, unit_id: unitId, performed_on: d })))
    .execute();
  await trx
    .insertInto('unit_parts')
    .values({
      tenant_id: tenantId,
      unit_id: unitId,
      position: 0,
      part_number: u.compressor.partNumber,
      part_category: 'compressor',
      serial: u.compressor.serial,
      supplier_party_id: party(u.compressor.supplier),
      delivered_on: u.compressor.deliveredOn,
    })
    .execute();
  return 1;
}
