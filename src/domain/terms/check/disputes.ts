/** Disputes: no governing law, no forum, an incomplete arbitration clause, no notice. */
import { refOf } from '../agreement.ts';
import { add, type Ctx, nameOf, refsOf } from './context.ts';
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
          'Add `disputes` with governing law, forum and notice.',
          '增加 `disputes`：适用法律、争议解决机构和通知程序。',
        ),
      );
      continue;
    }
    if (!d.governing_law) {
      f(
        'disputes.no_governing_law',
        'high',
        t(`${nameOf(a)} names no governing law.`, `${nameOf(a)} 未规定适用法律。`),
        t('State `governing_law`.', '写明 `governing_law`。'),
      );
    }
    if (!d.forum) {
      f(
        'disputes.no_forum',
        'high',
        t(
          `${nameOf(a)} names no forum: a dispute with ${a.provider === a.recipient ? 'the other party' : a.provider} starts with a fight over where to fight.`,
          `${nameOf(a)} 未规定争议解决机构：与 ${a.provider} 的争议将先为在哪里解决而争执。`,
        ),
        t(
          'Name a court, or arbitration with an institution and a seat (e.g. CIETAC, Shanghai).',
          '指定法院，或指定仲裁机构及仲裁地（例如中国国际经济贸易仲裁委员会，上海）。',
        ),
      );
    } else if (d.forum.type === 'arbitration' && (!d.forum.institution || !d.forum.seat)) {
      const missing = [!d.forum.institution && 'institution', !d.forum.seat && 'seat'].filter(
        Boolean,
      ) as string[];
      f(
        'disputes.arbitration_incomplete',
        'high',
        t(
          `${nameOf(a)} provides for arbitration with no ${list(missing)}; in China an arbitration clause without an institution may be invalid.`,
          `${nameOf(a)} 约定仲裁但未写明 ${listZh(missing)}；在中国，未约定仲裁机构的仲裁条款可能无效。`,
        ),
        t('Name the institution and the seat.', '写明仲裁机构和仲裁地。'),
      );
    } else if (d.forum.type === 'court' && !d.forum.place) {
      f(
        'disputes.court_unnamed',
        'medium',
        t(`${nameOf(a)} chooses the courts but names none.`, `${nameOf(a)} 选择诉讼但未指明法院。`),
        t('Name the court (`forum.place`).', '写明管辖法院（`forum.place`）。'),
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
          'Add `notice: { form: written, cure_period: P30D }`.',
          '增加 `notice: { form: written, cure_period: P30D }`。',
        ),
      );
    }
  }
}
