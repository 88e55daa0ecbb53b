/** Disputes: no governing law, no forum, an incomplete arbitration clause, no notice. */
import { refOf } from '../agreement.ts';
import { add, type Ctx, nameOf, partyName, refsOf } from './context.ts';
import type { FindingCode, Severity, Text } from './finding.ts';
import { list, listZh, t } from './texts.ts';

export function checkDisputes(ctx: Ctx): void {
  for (const a of ctx.set) {
    const d = a.disputes;
    const f = (code: FindingCode, severity: Severity, message: Text, fix: Text) =>
      add(ctx, {
        code,
        severity,
        group: 'disputes',
        agreements: [refOf(a)],
        refs: refsOf(a, d?.ref),
        message,
        fix,
      });
    if (!d) {
      f(
        'disputes.none',
        'high',
        t(
          `${nameOf(a)} has no dispute clause: no governing law, no forum, no notice.`,
          `${nameOf(a)} 没有争议解决条款：无适用法律、无管辖机构、无通知程序。`,
        ),
        t(
          'Add a dispute clause (`disputes`): the governing law, a court or arbitration, and how notice is given.',
          '增加争议解决条款（`disputes`）：适用法律、法院或仲裁机构，以及通知方式。',
        ),
      );
      continue;
    }
    if (!d.governing_law) {
      f(
        'disputes.no_governing_law',
        'high',
        t(`${nameOf(a)} names no governing law.`, `${nameOf(a)} 未规定适用法律。`),
        t(
          'State which law governs it, e.g. the law of China (`governing_law: CN`).',
          '写明适用的法律，例如中国法律（`governing_law: CN`）。',
        ),
      );
    }
    if (!d.forum) {
      f(
        'disputes.no_forum',
        'high',
        t(
          `${nameOf(a)} names no forum: a dispute with ${a.provider === a.recipient ? 'the other party' : partyName(ctx, a.provider).en} starts with a fight over where to fight.`,
          `${nameOf(a)} 未规定争议解决机构：与${a.provider === a.recipient ? '对方' : ` ${partyName(ctx, a.provider).zh} `}的争议将先为在哪里解决而争执。`,
        ),
        t(
          'Name a court, or arbitration with an institution and a seat (e.g. CIETAC, Shanghai).',
          '指定法院，或指定仲裁机构及仲裁地（例如中国国际经济贸易仲裁委员会，上海）。',
        ),
      );
    } else if (d.forum.type === 'arbitration' && (!d.forum.institution || !d.forum.seat)) {
      const missing = [
        !d.forum.institution && t('institution', '仲裁机构'),
        !d.forum.seat && t('seat', '仲裁地'),
      ].filter((m): m is Text => !!m);
      f(
        'disputes.arbitration_incomplete',
        'high',
        t(
          `${nameOf(a)} provides for arbitration with no ${list(missing.map((m) => m.en))}; in China an arbitration clause without an institution may be invalid.`,
          `${nameOf(a)} 约定仲裁但未写明${listZh(missing.map((m) => m.zh))}；在中国，未约定仲裁机构的仲裁条款可能无效。`,
        ),
        t('Name the institution and the seat.', '写明仲裁机构和仲裁地。'),
      );
    } else if (d.forum.type === 'court' && !d.forum.place) {
      f(
        'disputes.court_unnamed',
        'medium',
        t(`${nameOf(a)} chooses the courts but names none.`, `${nameOf(a)} 选择诉讼但未指明法院。`),
        t(
          'Name the court, e.g. the courts of Shanghai (`forum: { type: court, place: Shanghai }`).',
          '写明管辖法院，例如上海的法院（`forum: { type: court, place: Shanghai }`）。',
        ),
      );
    }
    if (!d.notice?.form || !d.notice?.cure_period) {
      const missing = [!d.notice?.form && 'form', !d.notice?.cure_period && 'cure period'].filter(
        Boolean,
      ) as string[];
      f(
        'disputes.no_notice',
        'medium',
        t(
          `${nameOf(a)} sets no notice ${list(missing)}: it is unclear when a breach becomes a default.`,
          `${nameOf(a)} 未规定通知${missing.length > 1 ? '形式和补救期' : missing[0] === 'form' ? '形式' : '补救期'}：违约何时构成根本违约并不明确。`,
        ),
        t(
          'Say how notice of a breach is given and how long the other side has to put it right, e.g. in writing, with 30 days to cure (`notice: { form: written, cure_period: P30D }`).',
          '写明违约通知的方式及对方的补救期限，例如书面通知、30 天补救期（`notice: { form: written, cure_period: P30D }`）。',
        ),
      );
    }
  }
}
