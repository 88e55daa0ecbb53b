import { ERASED_FIELD_LABELS, type ErasedField } from '../../domain/privacy/index.ts';
import type { AppDeps } from '../context.ts';
import { erasureNotes } from '../privacy/index.ts';
import type { DossierScope } from './dossier-subject.ts';
import type { DossierZip } from './dossier-zip.ts';

/**
 * `redactions.json` and `redactions.md`: when personal data of the dossier's people (the cases'
 * customers, or the party itself) was erased, which fields, under which request, why, when, and
 * the entry that records it; so a reader knows why a name reads "Erased person" and why some
 * entries carry `{"$redacted": …}` in place of a value.
 */
export async function addRedactionNotes(
  deps: AppDeps,
  zip: DossierZip,
  scope: DossierScope,
): Promise<number> {
  const people = new Set<string>();
  if (scope.subject.type === 'party') {
    const party = await deps.db
      .selectFrom('parties')
      .select('party_id')
      .where('tenant_id', '=', scope.tenantId)
      .where('key', '=', scope.subject.key)
      .executeTakeFirst();
    if (party) people.add(party.party_id);
  }
  if (scope.caseIds.length > 0) {
    const customers = await deps.db
      .selectFrom('cases')
      .select('customer_party_id')
      .distinct()
      .where('tenant_id', '=', scope.tenantId)
      .where('case_id', 'in', scope.caseIds)
      .execute();
    for (const c of customers) people.add(c.customer_party_id);
  }
  const notes = await erasureNotes(deps.db, scope.tenantId, [...people]);
  if (notes.length === 0) return 0;
  zip.addJson('redactions.json', notes);
  const label = (f: string, lang: 'en' | 'zh') => ERASED_FIELD_LABELS[f as ErasedField]?.[lang] ?? f;
  const lines = [
    '# Redactions / 个人信息删除说明',
    '',
    ...notes.flatMap((n) => [
      `- ${n.erasedAt}: the ${n.fields.map((f) => label(f, 'en')).join(', ')} of a customer in this dossier were erased under request "${n.request}" (${n.reason}); evidence entry ${n.evidenceSeq} records it. Entries that held them carry {"$redacted": salted hash} in their place; their hashes still verify.`,
      `  ${n.erasedAt}：本证据包中一位客户的${n.fields.map((f) => label(f, 'zh')).join('、')}已依请求"${n.request}"删除（${n.reason}），见第 ${n.evidenceSeq} 条证据记录。原记录中的相应字段以 {"$redacted": 加盐哈希} 代替，哈希校验仍然成立。`,
    ]),
    '',
  ];
  zip.add('redactions.md', lines.join('\n'));
  return notes.length;
}
