import type { Label } from '../label.ts';

/**
 * Names of part categories. A product lists its own categories as keys (no name is stored), so
 * these name the common ones, the demo's included; `labelOf` reads any other key in words.
 */
export const PART_CATEGORY_LABELS = {
  compressor: { en: 'Compressor', zh: '压缩机' },
  condenser: { en: 'Condenser', zh: '冷凝器' },
  evaporator: { en: 'Evaporator', zh: '蒸发器' },
  pump: { en: 'Pump', zh: '水泵' },
  refrigerant_circuit: { en: 'Refrigerant circuit', zh: '制冷剂回路' },
  control_board: { en: 'Control board', zh: '控制板' },
  motor: { en: 'Motor', zh: '电机' },
  filter: { en: 'Filter', zh: '滤网' },
  sensor: { en: 'Sensor', zh: '传感器' },
  housing: { en: 'Housing', zh: '外壳' },
  general: { en: 'Everything else', zh: '其他部件' },
} as const satisfies Record<string, Label>;

/** Where stock is kept. */
export const LOCATION_KIND_LABELS = {
  warehouse: { en: 'Warehouse', zh: '仓库' },
  distributor: { en: 'Distributor stock', zh: '经销商库存' },
  consignment: { en: 'Consignment stock', zh: '寄售库存' },
  van: { en: 'Service van', zh: '服务车' },
} as const satisfies Record<string, Label>;

/** Why a part of the spare-parts duty is at risk. */
export const DUTY_RISK_LABELS = {
  no_stock: { en: 'None in stock', zh: '无库存' },
  no_supply_agreement: { en: 'No supply agreement', zh: '无供货协议' },
  supply_ends_before_duty: { en: 'Supply ends before the duty does', zh: '供货协议早于备件义务到期' },
} as const satisfies Record<string, Label>;
