import type { Label } from '../label.ts';

/**
 * Where personal data lives (PIPL art. 51, GDPR art. 30): every column that holds something about
 * a person, what kind it is, and what erasure does to it. A test compares it with the schema: a
 * column named like personal data (name, e-mail, phone, address, body, signature…) must be here,
 * either as personal or with the reason it is not.
 */
export type PersonalKind =
  | 'name'
  | 'email'
  | 'phone'
  | 'address'
  | 'message'
  | 'attachment'
  | 'signature'
  | 'credential'
  | 'network';

/** What erasure does to a column: overwritten with a marker, cleared, deleted with its row, or kept (and why). */
export type OnErasure = 'replaced' | 'cleared' | 'row_deleted' | 'kept';

export interface PersonalColumn {
  table: string;
  column: string;
  kind: PersonalKind;
  /** Whose it is: the person as a party (contact) or as a user (account). */
  of: 'party' | 'user';
  onErasure: OnErasure;
  /** Why, when it is kept or handled in a way that needs saying. */
  note?: string;
}

export interface NotPersonalColumn {
  table: string;
  column: string;
  /** Why a column named like personal data is not (a product's name, a file's name…). */
  notPersonal: string;
}

export const PERSONAL_DATA_REGISTER: readonly PersonalColumn[] = [
  { table: 'parties', column: 'name', kind: 'name', of: 'party', onErasure: 'replaced' },
  { table: 'parties', column: 'name_zh', kind: 'name', of: 'party', onErasure: 'replaced' },
  { table: 'parties', column: 'email', kind: 'email', of: 'party', onErasure: 'cleared' },
  { table: 'parties', column: 'phone', kind: 'phone', of: 'party', onErasure: 'cleared' },
  { table: 'users', column: 'name', kind: 'name', of: 'user', onErasure: 'replaced' },
  {
    table: 'users',
    column: 'email',
    kind: 'email',
    of: 'user',
    onErasure: 'replaced',
    note: 'replaced by an address under .invalid that names no one (e-mail is unique per tenant)',
  },
  { table: 'users', column: 'password_hash', kind: 'credential', of: 'user', onErasure: 'cleared' },
  { table: 'sessions', column: 'session_hash', kind: 'credential', of: 'user', onErasure: 'row_deleted' },
  { table: 'api_tokens', column: 'token_hash', kind: 'credential', of: 'user', onErasure: 'row_deleted' },
  {
    table: 'sign_in_attempts',
    column: 'email',
    kind: 'email',
    of: 'user',
    onErasure: 'row_deleted',
  },
  {
    table: 'timeline_entries',
    column: 'payload',
    kind: 'name',
    of: 'party',
    onErasure: 'replaced',
    note: 'name, e-mail and phone in party, user and sign-up entries are replaced by their salted hash; the entry hash holds',
  },
  {
    table: 'case_messages',
    column: 'body',
    kind: 'message',
    of: 'party',
    onErasure: 'kept',
    note: 'what was said on a case is the case record (PIPL art. 47 / GDPR art. 17(3)(e): legal claims); exported on request',
  },
  {
    table: 'supplier_request_messages',
    column: 'body',
    kind: 'message',
    of: 'user',
    onErasure: 'kept',
    note: 'what the brand and a supplier wrote on a support request is the record of a business dispute (PIPL art. 47 / GDPR art. 17(3)(e): legal claims); not yet part of a person’s export',
  },
  {
    table: 'cases',
    column: 'description',
    kind: 'message',
    of: 'party',
    onErasure: 'kept',
    note: 'the request as made: the case record',
  },
  {
    table: 'visit_reports',
    column: 'signed_by',
    kind: 'name',
    of: 'party',
    onErasure: 'kept',
    note: 'the name under a signed visit report is evidence of the visit',
  },
  {
    table: 'visit_reports',
    column: 'signature_sha256',
    kind: 'signature',
    of: 'party',
    onErasure: 'kept',
    note: 'the signature image is evidence of the visit',
  },
  { table: 'visit_reports', column: 'photos', kind: 'attachment', of: 'party', onErasure: 'kept' },
  // Field service (issue 17): a customer's sites and a partner's technicians.
  { table: 'sites', column: 'address_zh', kind: 'address', of: 'party', onErasure: 'replaced' },
  { table: 'sites', column: 'address_en', kind: 'address', of: 'party', onErasure: 'replaced' },
  { table: 'sites', column: 'contact_name', kind: 'name', of: 'party', onErasure: 'replaced' },
  { table: 'sites', column: 'contact_phone', kind: 'phone', of: 'party', onErasure: 'cleared' },
  {
    table: 'sites',
    column: 'name',
    kind: 'name',
    of: 'party',
    onErasure: 'replaced',
    note: 'a business names its site; a person’s site may carry their name, so it is replaced with the address',
  },
  {
    table: 'technicians',
    column: 'name',
    kind: 'name',
    of: 'user',
    onErasure: 'kept',
    note: 'a partner’s employee named on the dispatch record; kept while the partner keeps the technician (removal is not yet an endpoint)',
  },
  {
    table: 'technicians',
    column: 'phone',
    kind: 'phone',
    of: 'user',
    onErasure: 'kept',
    note: 'a work phone the partner gives for its technician; as the name',
  },
  // Escalation ladders (issue 16): a supplier's or partner's people the brand contacts at each level.
  ...(['name', 'email', 'phone'] as const).map(
    (column): PersonalColumn => ({
      table: 'escalation_contacts',
      column,
      kind: column,
      of: 'user',
      onErasure: 'kept',
      note: 'a counterparty’s employee given as its business contact, not a party of the brand; removed by setting the ladder again (the old rows are deleted); kept out of the evidence record (ladder changes record levels and titles only)',
    }),
  ),
  {
    table: 'work_orders',
    column: 'signed_by',
    kind: 'name',
    of: 'party',
    onErasure: 'kept',
    note: 'the name under a signed installation or maintenance: evidence of the cover start',
  },
  {
    table: 'work_orders',
    column: 'signature_sha256',
    kind: 'signature',
    of: 'party',
    onErasure: 'kept',
    note: 'the signature image is evidence of the installation',
  },
  {
    table: 'unit_registrations',
    column: 'proof_name',
    kind: 'attachment',
    of: 'party',
    onErasure: 'kept',
    note: 'proof of purchase: evidence of the warranty start',
  },
  {
    table: 'mail_inbound',
    column: 'from_address',
    kind: 'email',
    of: 'party',
    onErasure: 'kept',
    note: 'the sender of a mail received: evidence of the case (its raw .eml is a blob)',
  },
  {
    table: 'mail_deliveries',
    column: 'address',
    kind: 'email',
    of: 'user',
    onErasure: 'kept',
    note: 'the address a mail went to: evidence that notice was given',
  },
  { table: 'mail_bounced_addresses', column: 'address', kind: 'email', of: 'user', onErasure: 'row_deleted' },
  {
    table: 'invoices',
    column: 'fapiao',
    kind: 'name',
    of: 'party',
    onErasure: 'kept',
    note: 'the fapiao title (a consumer’s name) and tax id: tax records the law keeps (invoices, issue 18)',
  },
  {
    table: 'quotes',
    column: 'decline_reason',
    kind: 'message',
    of: 'party',
    onErasure: 'kept',
    note: 'the customer’s reason for declining a quote: evidence of why the work stopped',
  },
  {
    table: 'attempt_limits',
    column: 'key',
    kind: 'network',
    of: 'user',
    onErasure: 'kept',
    note: 'hashed, expires',
  },
];

export const NOT_PERSONAL: readonly NotPersonalColumn[] = [
  { table: 'service_plans', column: 'name', notPersonal: 'a plan for sale' },
  { table: 'service_plans', column: 'name_zh', notPersonal: 'a plan for sale' },
  { table: 'price_list', column: 'name', notPersonal: 'a priced part or service' },
  { table: 'price_list', column: 'name_zh', notPersonal: 'a priced part or service' },
  { table: 'tenants', column: 'name', notPersonal: 'the company running the service' },
  { table: 'products', column: 'name', notPersonal: 'a product' },
  { table: 'products', column: 'name_zh', notPersonal: 'a product' },
  { table: 'product_parts', column: 'name', notPersonal: 'a part' },
  { table: 'api_tokens', column: 'name', notPersonal: "the token's own label" },
  { table: 'documents', column: 'source_name', notPersonal: 'a file name of terms' },
  { table: 'calendar_versions', column: 'name', notPersonal: 'a calendar' },
  { table: 'calendar_versions', column: 'source_name', notPersonal: 'a file name' },
  { table: 'official_holiday_years', column: 'source_name', notPersonal: 'a file name' },
  { table: 'agreement_versions', column: 'source_name', notPersonal: 'a file name' },
  { table: 'spare_parts', column: 'name', notPersonal: 'a spare part' },
  { table: 'spare_parts', column: 'name_zh', notPersonal: 'a spare part' },
  { table: 'standard_times', column: 'name', notPersonal: 'a standard repair time' },
  { table: 'standard_times', column: 'name_zh', notPersonal: 'a standard repair time' },
  { table: 'stock_locations', column: 'name', notPersonal: 'a stock location' },
  { table: 'stock_locations', column: 'name_zh', notPersonal: 'a stock location' },
  { table: 'evidence_tree_heads', column: 'signature', notPersonal: 'the server’s signature of a tree head' },
  {
    table: 'timeline_checkpoints',
    column: 'signature',
    notPersonal: 'the server’s signature of a checkpoint',
  },
  {
    table: 'canned_replies',
    column: 'body',
    notPersonal: "a saved answer's text with blanks; names are filled in only when a reply is written",
  },
  {
    table: 'webhook_deliveries',
    column: 'body',
    notPersonal: 'an event sent to the brand’s own systems: ids and states, no names',
  },
  { table: 'kysely_migration', column: 'name', notPersonal: 'a migration' },
  {
    table: 'troubleshooting_trees',
    column: 'source_name',
    notPersonal: 'the file a troubleshooting guide was imported from',
  },
];

/** A column named like personal data: the test asks the register about each one. */
export const PERSONAL_LOOKING =
  /(^|_)(name|name_zh|email|e_mail|phone|mobile|address|body|signed_by|signature|contact|photos)($|_)/;

export function registerEntry(table: string, column: string): PersonalColumn | NotPersonalColumn | undefined {
  return (
    PERSONAL_DATA_REGISTER.find((c) => c.table === table && c.column === column) ??
    NOT_PERSONAL.find((c) => c.table === table && c.column === column)
  );
}

/** The top-level payload fields that are personal, per entry type: sealed when written, redacted on erasure. */
export const PERSONAL_PAYLOAD_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'party.created': ['name', 'nameZh', 'email', 'phone'],
  'party.changed': ['name', 'nameZh', 'email', 'phone'],
  'user.created': ['name', 'email'],
  'user.changed': ['name', 'email'],
  'customer.signed_up': ['name', 'email', 'phone'],
};

export const CONSENT_PURPOSE_LABELS = {
  service: { en: 'Handling service requests', zh: '处理服务请求' },
  marketing: { en: 'News and offers', zh: '资讯与优惠' },
  cross_border_transfer: { en: 'Transfer outside mainland China', zh: '向中国境外提供' },
  telemetry: { en: 'Remote monitoring of the product', zh: '产品远程监测' },
} as const satisfies Record<string, Label>;
export type ConsentPurpose = keyof typeof CONSENT_PURPOSE_LABELS;

export const CONSENT_STATE_LABELS = {
  given: { en: 'Given', zh: '已同意' },
  withdrawn: { en: 'Withdrawn', zh: '已撤回' },
} as const satisfies Record<string, Label>;

export const ERASED_FIELD_LABELS = {
  name: { en: 'name', zh: '姓名' },
  nameZh: { en: 'Chinese name', zh: '中文姓名' },
  email: { en: 'e-mail', zh: '电子邮件' },
  phone: { en: 'phone', zh: '电话' },
  address: { en: 'address', zh: '地址' },
} as const satisfies Record<string, Label>;
export type ErasedField = keyof typeof ERASED_FIELD_LABELS;

/** What stands in for an erased name: says that it was erased, and names no one. */
export function erasedName(partyKey: string): Label {
  return { en: `Erased person (${partyKey})`, zh: `已删除个人信息（${partyKey}）` };
}
