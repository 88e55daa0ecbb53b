import type { Label } from '../label.ts';

/** What a party is to the tenant (DESIGN.md glossary). */
export const PARTY_ROLE_LABELS = {
  brand: { en: 'Brand', zh: '品牌方' },
  distributor: { en: 'Distributor', zh: '经销商' },
  service_partner: { en: 'Service partner', zh: '服务伙伴' },
  supplier: { en: 'Supplier', zh: '供应商' },
  customer: { en: 'Customer', zh: '客户' },
  // Registers itself, approved by the brand (issue 18): buys parts, reads repair information.
  independent_shop: { en: 'Independent repair shop', zh: '独立维修店' },
} as const satisfies Record<string, Label>;

/** What a person may do, independent of their party. */
export const USER_ROLE_LABELS = {
  admin: { en: 'Administrator', zh: '管理员' },
  manager: { en: 'Manager', zh: '经理' },
  agent: { en: 'Service agent', zh: '客服专员' },
  technician: { en: 'Technician', zh: '技术员' },
  partner: { en: 'Partner staff', zh: '服务伙伴人员' },
  customer: { en: 'Customer', zh: '客户' },
  counsel: { en: 'Counsel', zh: '法律顾问' },
  repair_shop: { en: 'Repair shop staff', zh: '独立维修店人员' },
} as const satisfies Record<string, Label>;
