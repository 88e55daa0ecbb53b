import { MAIL_OUTCOME_LABELS } from '../../domain/mail/index.ts';
import type { AppDeps } from '../context.ts';
import type { DossierScope } from './dossier-subject.ts';
import type { DossierZip } from './dossier-zip.ts';

interface Auth {
  dkim?: { domain: string; result: string }[];
  spf?: { result: string };
  dmarc?: { result: string };
  arc?: { result: string };
  authenticatedDomain?: string | null;
}

/**
 * `mail/index.md` and `mail/index.json`: every e-mail received on the dossier's cases, with its
 * Message-ID, when it came, and whether its sender's domain authenticated it (DKIM, SPF, DMARC,
 * ARC). The raw messages themselves are among `files/`, named by the SHA-256 listed here.
 */
export async function addMail(
  deps: Pick<AppDeps, 'db'>,
  zip: DossierZip,
  scope: DossierScope,
): Promise<void> {
  if (scope.caseIds.length === 0) return;
  const rows = await deps.db
    .selectFrom('mail_inbound')
    .innerJoin('cases', (j) =>
      j
        .onRef('cases.tenant_id', '=', 'mail_inbound.tenant_id')
        .onRef('cases.case_id', '=', 'mail_inbound.case_id'),
    )
    .select([
      'mail_inbound.mail_id',
      'mail_inbound.message_key',
      'mail_inbound.received_at',
      'mail_inbound.via',
      'mail_inbound.from_address',
      'mail_inbound.subject',
      'mail_inbound.outcome',
      'mail_inbound.raw_sha256',
      'mail_inbound.authentication',
      'mail_inbound.evidence_seq',
      'cases.number',
    ])
    .where('mail_inbound.tenant_id', '=', scope.tenantId)
    .where('mail_inbound.case_id', 'in', scope.caseIds)
    .orderBy('mail_inbound.received_at')
    .execute();
  if (rows.length === 0) return;
  const mails = rows.map((r) => {
    const auth = r.authentication as Auth;
    return {
      case: r.number,
      receivedAt: r.received_at.toISOString(),
      via: r.via,
      from: r.from_address,
      subject: r.subject,
      messageId: r.message_key.startsWith('sha256:') ? null : `<${r.message_key}>`,
      outcome: r.outcome,
      raw: r.raw_sha256 ? `files/${r.raw_sha256}` : null,
      evidenceSeq: r.evidence_seq === null ? null : Number(r.evidence_seq),
      dkim: (auth.dkim ?? []).map((d) => `${d.domain}: ${d.result}`).join(', ') || 'none',
      spf: auth.spf?.result ?? 'none',
      dmarc: auth.dmarc?.result ?? 'none',
      arc: auth.arc?.result ?? 'none',
      authenticatedDomain: auth.authenticatedDomain ?? null,
    };
  });
  zip.addJson('mail/index.json', mails);
  const lines = [
    '# E-mail received / 收到的电子邮件',
    '',
    '| Case 服务单 | Received 收到 | From 发件人 | Subject 主题 | Message-ID | DKIM | SPF | DMARC | ARC | Authenticated by 验证域 | What became of it 处理 | Entry 记录 |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...mails.map((m) => {
      const outcome = MAIL_OUTCOME_LABELS[m.outcome as keyof typeof MAIL_OUTCOME_LABELS];
      const cell = (s: string | null) => (s ?? '—').replace(/\|/g, '\\|').replace(/\n/g, ' ');
      return `| ${m.case} | ${m.receivedAt} | ${cell(m.from)} | ${cell(m.subject)} | ${cell(m.messageId)} | ${m.dkim} | ${m.spf} | ${m.dmarc} | ${m.arc} | ${m.authenticatedDomain ?? 'not authenticated / 未验证'} | ${outcome ? `${outcome.en} / ${outcome.zh}` : m.outcome} | ${m.evidenceSeq ?? '—'} |`;
    }),
    '',
    'The raw messages are in files/, by the SHA-256 in mail/index.json. 原始邮件见 files/ 目录（按 mail/index.json 中的 SHA-256 命名）。',
    '',
  ];
  zip.add('mail/index.md', lines.join('\n'));
}
