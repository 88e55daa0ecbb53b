import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';

export type DossierSubject =
  | { type: 'case'; number: string }
  | { type: 'party'; key: string }
  | { type: 'agreement'; key: string }
  | { type: 'matter'; number: string };

/** What a dossier is about, as the record names it. */
export interface DossierScope {
  tenantId: string;
  subject: DossierSubject;
  title: { en: string; zh: string };
  /** The subjects whose entries the dossier carries with their contents, as the timeline names them. */
  subjectIds: string[];
  /** The cases among them: their clocks, agreements and costs go in too. */
  caseIds: string[];
}

/** Finds the case, party or agreement a dossier is about, with the cases and units it spans. */
export async function resolveDossierScope(
  deps: Pick<AppDeps, 'db'>,
  tenantId: string,
  subject: DossierSubject,
): Promise<DossierScope> {
  const db = deps.db;
  const t = tenantId;
  if (subject.type === 'case') {
    const row = await db
      .selectFrom('cases')
      .select(['case_id', 'unit_id', 'number'])
      .where('tenant_id', '=', t)
      // The internal number or the reference customers quote (both unique per tenant, indexed).
      .where((eb) => eb.or([eb('number', '=', subject.number), eb('public_ref', '=', subject.number)]))
      .executeTakeFirst();
    if (!row) throw notFound({ en: `No case ${subject.number}.`, zh: `没有服务单 ${subject.number}。` });
    return {
      tenantId,
      subject,
      title: { en: `Case ${row.number}`, zh: `服务单 ${row.number}` },
      subjectIds: [row.case_id, ...(row.unit_id ? [row.unit_id] : [])],
      caseIds: [row.case_id],
    };
  }
  if (subject.type === 'matter') {
    // A dispute matter (issue 16): its own entries, its notices, its supplier requests with their
    // messages (where the response clocks are recorded), and its cases with their clocks and costs.
    const m = await db
      .selectFrom('dispute_matters')
      .select(['matter_id', 'number', 'title'])
      .where('tenant_id', '=', t)
      .where('number', '=', subject.number)
      .executeTakeFirst();
    if (!m) throw notFound({ en: `No matter ${subject.number}.`, zh: `没有争议案件 ${subject.number}。` });
    const links = await db
      .selectFrom('matter_links')
      .select(['link_type', 'link_id'])
      .where('tenant_id', '=', t)
      .where('matter_id', '=', m.matter_id)
      .execute();
    const of = (type: string) => links.filter((l) => l.link_type === type).map((l) => l.link_id);
    const requestIds = of('supplier_request');
    const messages =
      requestIds.length === 0
        ? []
        : await db
            .selectFrom('supplier_request_messages')
            .select('message_id')
            .where('tenant_id', '=', t)
            .where('request_id', 'in', requestIds)
            .execute();
    const caseIds = of('case');
    return {
      tenantId,
      subject,
      title: { en: `Dispute ${m.number}: ${m.title}`, zh: `争议案件 ${m.number}：${m.title}` },
      subjectIds: [
        m.matter_id,
        ...of('notice'),
        ...requestIds,
        ...messages.map((x) => x.message_id),
        ...caseIds,
      ],
      caseIds,
    };
  }
  if (subject.type === 'party') {
    const party = await db
      .selectFrom('parties')
      .select(['party_id', 'name', 'name_zh'])
      .where('tenant_id', '=', t)
      .where('key', '=', subject.key)
      .executeTakeFirst();
    if (!party) throw notFound({ en: `No party ${subject.key}.`, zh: `没有当事方 ${subject.key}。` });
    const cases = await db
      .selectFrom('cases')
      .select('case_id')
      .where('tenant_id', '=', t)
      .where((eb) =>
        eb.or([eb('customer_party_id', '=', party.party_id), eb('service_party_id', '=', party.party_id)]),
      )
      .execute();
    const units = await db
      .selectFrom('units')
      .select('unit_id')
      .where('tenant_id', '=', t)
      .where('owner_party_id', '=', party.party_id)
      .execute();
    const caseIds = cases.map((c) => c.case_id);
    return {
      tenantId,
      subject,
      title: { en: `Party ${party.name}`, zh: `当事方 ${party.name_zh ?? party.name}` },
      subjectIds: [party.party_id, ...caseIds, ...units.map((u) => u.unit_id)],
      caseIds,
    };
  }
  const versions = await db
    .selectFrom('agreement_versions')
    .select('title')
    .where('tenant_id', '=', t)
    .where('agreement_key', '=', subject.key)
    .execute();
  if (versions.length === 0)
    throw notFound({ en: `No agreement ${subject.key}.`, zh: `没有协议 ${subject.key}。` });
  const cases = await db
    .selectFrom('case_clocks')
    .select('case_id')
    .distinct()
    .where('tenant_id', '=', t)
    .where('agreement_id', '=', subject.key)
    .execute();
  const caseIds = cases.map((c) => c.case_id);
  return {
    tenantId,
    subject,
    title: { en: `Agreement ${subject.key}`, zh: `协议 ${subject.key}` },
    subjectIds: [subject.key, ...caseIds],
    caseIds,
  };
}
