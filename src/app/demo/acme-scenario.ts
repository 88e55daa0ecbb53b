import type { PartyRole, UserRole } from '../../domain/party/index.ts';
import type { BillOfPartsLine } from '../product/index.ts';

/**
 * The ACME scenario of shared/examples: a German brand selling air purifiers and industrial
 * chillers in China through a distributor (Huadong), two service partners (FixIt Shanghai,
 * Pearl River Service) and a motor supplier (Ningbo). Keys match the terms files.
 */
export interface ScenarioParty {
  key: string;
  name: string;
  nameZh: string;
  roles: PartyRole[];
  country: string;
  territory?: string;
}

export const HOME_PARTY: ScenarioParty = {
  key: 'acme',
  name: 'ACME Environmental Technology GmbH',
  nameZh: '艾克美环境技术有限公司',
  roles: ['brand'],
  country: 'DE',
};

export const CHANNEL_PARTIES: ScenarioParty[] = [
  {
    key: 'huadong-trading',
    name: 'Huadong Trading Co., Ltd.',
    nameZh: '华东贸易有限公司',
    roles: ['distributor'],
    country: 'CN',
  },
  {
    key: 'fixit-shanghai',
    name: 'FixIt Shanghai Service Co., Ltd.',
    nameZh: '上海快修服务有限公司',
    roles: ['service_partner'],
    country: 'CN',
  },
  {
    key: 'pearl-river-service',
    name: 'Pearl River Service Co., Ltd.',
    nameZh: '珠江服务有限公司',
    roles: ['service_partner'],
    country: 'CN',
  },
  {
    key: 'ningbo-motor',
    name: 'Ningbo Motor Works',
    nameZh: '宁波电机厂',
    roles: ['supplier'],
    country: 'CN',
  },
];

export const BUSINESS_CUSTOMERS: ScenarioParty[] = [
  {
    key: 'ruijin-hospital',
    name: 'Ruijin Hospital',
    nameZh: '瑞金医院',
    roles: ['customer'],
    country: 'CN',
    territory: 'CN-SH',
  },
  {
    key: 'dongguan-plastics',
    name: 'Dongguan Plastics Co., Ltd.',
    nameZh: '东莞塑料制品有限公司',
    roles: ['customer'],
    country: 'CN',
    territory: 'CN-GD',
  },
  {
    key: 'suzhou-pharma',
    name: 'Suzhou Pharmaceutical Co., Ltd.',
    nameZh: '苏州制药有限公司',
    roles: ['customer'],
    country: 'CN',
    territory: 'CN-JS',
  },
  {
    key: 'hangzhou-datacenter',
    name: 'Hangzhou Data Center',
    nameZh: '杭州数据中心',
    roles: ['customer'],
    country: 'CN',
    territory: 'CN-ZJ',
  },
  {
    key: 'shenzhen-electronics',
    name: 'Shenzhen Electronics Works',
    nameZh: '深圳电子厂',
    roles: ['customer'],
    country: 'CN',
    territory: 'CN-GD',
  },
  {
    key: 'chengdu-foods',
    name: 'Chengdu Foods Co., Ltd.',
    nameZh: '成都食品有限公司',
    roles: ['customer'],
    country: 'CN',
    territory: 'CN-SC',
  },
  {
    key: 'wuhan-mall',
    name: 'Wuhan Riverside Mall',
    nameZh: '武汉江滩商场',
    roles: ['customer'],
    country: 'CN',
    territory: 'CN-HB',
  },
  {
    key: 'beijing-hotel',
    name: 'Beijing Garden Hotel',
    nameZh: '北京花园酒店',
    roles: ['customer'],
    country: 'CN',
    territory: 'CN-BJ',
  },
];

const SURNAMES: [string, string][] = [
  ['Zhang', '张'],
  ['Li', '李'],
  ['Wang', '王'],
  ['Liu', '刘'],
  ['Chen', '陈'],
  ['Zhao', '赵'],
  ['Huang', '黄'],
  ['Zhou', '周'],
];
const GIVEN: [string, string][] = [
  ['Wei', '伟'],
  ['Na', '娜'],
  ['Fang', '芳'],
  ['Yang', '洋'],
  ['Jing', '静'],
  ['Lei', '磊'],
  ['Min', '敏'],
  ['Jun', '军'],
];
const CONSUMER_TERRITORIES = [
  'CN-ZJ',
  'CN-SH',
  'CN-JS',
  'CN-GD',
  'CN-BJ',
  'CN-AH',
  'CN-SC',
  'CN-HB',
  'CN-FJ',
  'CN-SD',
];

/** 64 consumers, `consumer-zhang-wei` (of the purifier claim) among them. */
export const CONSUMERS: ScenarioParty[] = SURNAMES.flatMap(([sEn, sZh], i) =>
  GIVEN.map(([gEn, gZh], j) => ({
    key: `consumer-${sEn.toLowerCase()}-${gEn.toLowerCase()}`,
    name: `${sEn} ${gEn}`,
    nameZh: `${sZh}${gZh}`,
    roles: ['customer'] as PartyRole[],
    country: 'CN',
    territory: CONSUMER_TERRITORIES[(i * 8 + j) % CONSUMER_TERRITORIES.length]!,
  })),
);

export interface ScenarioProduct {
  model: string;
  name: string;
  nameZh: string;
  partCategories: string[];
  billOfParts: BillOfPartsLine[];
}

const PUREAIR_CATEGORIES = ['motor', 'filter', 'control_board', 'sensor', 'housing'];

export const PRODUCTS: ScenarioProduct[] = [
  {
    model: 'PA-300',
    name: 'PureAir 300 air purifier',
    nameZh: 'PureAir 300 空气净化器',
    partCategories: PUREAIR_CATEGORIES,
    billOfParts: [
      { partNumber: 'MTR-45', partCategory: 'motor', name: 'Fan motor 45 W', quantity: 1 },
      { partNumber: 'FLT-300', partCategory: 'filter', name: 'HEPA filter set 300', quantity: 1 },
      { partNumber: 'CB-PA', partCategory: 'control_board', name: 'PureAir control board', quantity: 1 },
      { partNumber: 'SNS-PM25', partCategory: 'sensor', name: 'PM2.5 sensor', quantity: 1 },
      { partNumber: 'HSG-300', partCategory: 'housing', name: 'Housing 300', quantity: 1 },
    ],
  },
  {
    model: 'PA-500',
    name: 'PureAir 500 air purifier',
    nameZh: 'PureAir 500 空气净化器',
    partCategories: PUREAIR_CATEGORIES,
    billOfParts: [
      { partNumber: 'MTR-45', partCategory: 'motor', name: 'Fan motor 45 W', quantity: 2 },
      { partNumber: 'FLT-500', partCategory: 'filter', name: 'HEPA filter set 500', quantity: 1 },
      { partNumber: 'CB-PA', partCategory: 'control_board', name: 'PureAir control board', quantity: 1 },
      { partNumber: 'SNS-PM25', partCategory: 'sensor', name: 'PM2.5 sensor', quantity: 1 },
      { partNumber: 'HSG-500', partCategory: 'housing', name: 'Housing 500', quantity: 1 },
    ],
  },
  {
    model: 'CH-900',
    name: 'CH-900 industrial chiller',
    nameZh: 'CH-900 工业冷水机组',
    partCategories: ['compressor', 'control_board', 'condenser', 'evaporator', 'pump', 'refrigerant_circuit'],
    billOfParts: [
      { partNumber: 'CMP-900', partCategory: 'compressor', name: 'Scroll compressor 900', quantity: 1 },
      { partNumber: 'CB-CH9', partCategory: 'control_board', name: 'Chiller control board', quantity: 1 },
      { partNumber: 'CND-900', partCategory: 'condenser', name: 'Condenser coil', quantity: 1 },
      { partNumber: 'EVP-900', partCategory: 'evaporator', name: 'Plate evaporator', quantity: 1 },
      { partNumber: 'PMP-900', partCategory: 'pump', name: 'Circulation pump', quantity: 1 },
    ],
  },
];

export interface ScenarioUser {
  email: string;
  name: string;
  role: UserRole;
  party: string;
  locale: 'en' | 'zh';
}

/** One sign-in per role, and a second partner and customer to show that parties are kept apart. */
export const DEMO_USERS: ScenarioUser[] = [
  { email: 'admin@acme.example', name: 'Anna Admin', role: 'admin', party: 'acme', locale: 'en' },
  { email: 'manager@acme.example', name: 'Max Manager', role: 'manager', party: 'acme', locale: 'en' },
  { email: 'agent@acme.example', name: '王晓 Wang Xiao', role: 'agent', party: 'acme', locale: 'zh' },
  { email: 'counsel@acme.example', name: 'Clara Counsel', role: 'counsel', party: 'acme', locale: 'en' },
  {
    email: 'agent@huadong.example',
    name: '周敏 Zhou Min',
    role: 'agent',
    party: 'huadong-trading',
    locale: 'zh',
  },
  {
    email: 'partner@fixit.example',
    name: '陈军 Chen Jun',
    role: 'partner',
    party: 'fixit-shanghai',
    locale: 'zh',
  },
  {
    email: 'technician@fixit.example',
    name: '刘洋 Liu Yang',
    role: 'technician',
    party: 'fixit-shanghai',
    locale: 'zh',
  },
  {
    email: 'partner@pearlriver.example',
    name: '黄磊 Huang Lei',
    role: 'partner',
    party: 'pearl-river-service',
    locale: 'zh',
  },
  {
    email: 'customer@ruijin.example',
    name: 'Dr. Li Fang 李芳',
    role: 'customer',
    party: 'ruijin-hospital',
    locale: 'zh',
  },
  {
    email: 'zhang.wei@example.com',
    name: '张伟 Zhang Wei',
    role: 'customer',
    party: 'consumer-zhang-wei',
    locale: 'zh',
  },
];

/** Demo only: printed at start, never used outside the demo tenant. */
export const DEMO_PASSWORD = 'servicebook-demo';

/** A small deterministic generator, so the demo units are the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
