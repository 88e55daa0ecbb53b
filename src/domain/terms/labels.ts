import type { Label } from '../label.ts';

export const AGREEMENT_KIND_LABELS = {
  warranty: { en: 'Warranty', zh: '保修' },
  service_contract: { en: 'Service contract', zh: '服务合同' },
  service_partner: { en: 'Service partner agreement', zh: '服务伙伴协议' },
  distribution: { en: 'Distribution agreement', zh: '经销协议' },
  supply: { en: 'Supply agreement', zh: '供货协议' },
} as const satisfies Record<string, Label>;

/** What starts a cover: the event the terms name in `starts_at`. */
export const START_EVENT_LABELS = {
  sale: { en: 'purchase', zh: '购买' },
  delivery: { en: 'delivery', zh: '交付' },
  installation: { en: 'installation', zh: '安装' },
  registration: { en: 'registration', zh: '登记' },
} as const satisfies Record<string, Label>;

/** Clock targets. */
export const TARGET_LABELS = {
  response: { en: 'Response', zh: '响应' },
  onsite: { en: 'On site', zh: '到场' },
  resolution: { en: 'Resolution', zh: '解决' },
} as const satisfies Record<string, Label>;

export const COST_ITEM_LABELS = {
  parts: { en: 'Parts', zh: '配件' },
  labor: { en: 'Labour', zh: '人工' },
  travel: { en: 'Travel', zh: '差旅' },
  shipping: { en: 'Shipping', zh: '运输' },
} as const satisfies Record<string, Label>;

export const AGREEMENT_ROLE_LABELS = {
  provider: { en: 'Provider', zh: '提供方' },
  recipient: { en: 'Recipient', zh: '接收方' },
} as const satisfies Record<string, Label>;

export const REMEDY_LABELS = {
  repair: { en: 'Repair', zh: '维修' },
  replace: { en: 'Replacement', zh: '更换' },
  refund: { en: 'Refund', zh: '退款' },
  credit: { en: 'Credit', zh: '抵扣' },
} as const satisfies Record<string, Label>;

export const SERVICE_MODE_LABELS = {
  onsite: { en: 'On site', zh: '上门' },
  remote: { en: 'Remote', zh: '远程' },
  depot: { en: 'At the service centre', zh: '返厂' },
  carry_in: { en: 'Carry in', zh: '送修' },
} as const satisfies Record<string, Label>;

export const CLOCK_LABELS = {
  business: { en: 'Business hours', zh: '工作时间' },
  calendar: { en: 'Around the clock', zh: '自然时间' },
} as const satisfies Record<string, Label>;

export const ESCALATION_LEVEL_LABELS = {
  supervisor: { en: 'Supervisor', zh: '主管' },
  management: { en: 'Management', zh: '管理层' },
  legal: { en: 'Legal', zh: '法务' },
} as const satisfies Record<string, Label>;

export const CUSTOMER_TYPE_LABELS = {
  consumer: { en: 'Consumer', zh: '消费者' },
  business: { en: 'Business', zh: '企业' },
} as const satisfies Record<string, Label>;

/**
 * Failure causes the terms name (in `excludes`, and a diagnosis records). Terms may name others:
 * `labelOf` (domain/label.ts) reads an unknown one in words.
 */
export const FAILURE_CAUSE_LABELS = {
  manufacturing_defect: { en: 'Manufacturing defect', zh: '制造缺陷' },
  material_defect: { en: 'Material defect', zh: '材料缺陷' },
  workmanship: { en: 'Workmanship', zh: '工艺问题' },
  wear: { en: 'Normal wear', zh: '正常磨损' },
  misuse: { en: 'Misuse', zh: '使用不当' },
  unauthorized_repair: { en: 'Repairs by anyone not authorized', zh: '非授权维修' },
  missed_maintenance: { en: 'Maintenance not done', zh: '未按时保养' },
  power_quality: { en: 'Faulty power supply', zh: '供电故障' },
  liquid_damage: { en: 'Liquid damage', zh: '进液损坏' },
  force_majeure: { en: 'Force majeure (fire, flood, earthquake)', zh: '不可抗力（火灾、洪水、地震）' },
  accident: { en: 'Accident', zh: '意外损坏' },
  installation_error: { en: 'Faulty installation', zh: '安装不当' },
  other: { en: 'Other cause', zh: '其他原因' },
} as const satisfies Record<string, Label>;
export type FailureCause = keyof typeof FAILURE_CAUSE_LABELS;

/** Conditions of cover (`require`) and of suspension (`condition`) the terms name. */
export const COVER_CONDITION_LABELS = {
  maintenance_every: { en: 'Regular maintenance as the terms say', zh: '按条款定期保养' },
  original_packaging: { en: 'Original packaging kept', zh: '保留原包装' },
  proof_of_purchase: { en: 'Proof of purchase', zh: '购买凭证' },
  registration: { en: 'Product registered', zh: '产品已登记' },
  payment_overdue: { en: 'Payment overdue', zh: '逾期未付款' },
} as const satisfies Record<string, Label>;
export type CoverConditionKey = keyof typeof COVER_CONDITION_LABELS;

/** Evidence a claim or a defective-part report asks for (`evidence`); others read in words. */
export const CLAIM_EVIDENCE_LABELS = {
  photos: { en: 'Photos', zh: '照片' },
  replaced_part_serial: { en: 'Serial number of the replaced part', zh: '更换部件序列号' },
  customer_signature: { en: "Customer's signature", zh: '客户签字' },
  service_report: { en: 'Service report', zh: '服务报告' },
  proof_of_purchase: { en: 'Proof of purchase', zh: '购买凭证' },
  invoice: { en: 'Invoice', zh: '发票' },
  defective_part: { en: 'Defective part', zh: '故障件' },
  failed_part_return: { en: 'Return of the failed part', zh: '故障件返还' },
  failure_analysis: { en: 'Failure analysis', zh: '故障分析' },
  lab_report: { en: 'Lab report', zh: '检测报告' },
} as const satisfies Record<string, Label>;

/** Which cost table a cost item sits in (`costs.in_warranty`, `costs.out_of_warranty`). */
export const COST_TABLE_LABELS = {
  in_warranty: { en: 'In warranty', zh: '保修期内' },
  out_of_warranty: { en: 'Out of warranty', zh: '保修期外' },
} as const satisfies Record<string, Label>;
