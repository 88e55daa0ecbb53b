/**
 * Warranty cover: a warranty with no cover, no start, open-ended exclusions, no remedy or no order
 * of remedies, nothing for repeat failures or for repairs.
 */
import { type Agreement, CUSTOMER_FACING, refOf } from '../agreement.ts';
import { FAILURE_CAUSE_LABELS, REMEDY_LABELS } from '../labels.ts';
import { add, type Ctx, inCN, inEU, inTerritory, isConsumer, keyName, nameOf, refsOf } from './context.ts';
import { shorterThan } from './durations.ts';
import { human, list, listZh, START_TEXT, t } from './texts.ts';

const OPEN_CAUSES = new Set([
  'any_other_cause',
  'other',
  'other_causes',
  'any',
  'any_cause',
  'etc',
  'others',
]);

export function checkCover(ctx: Ctx): void {
  for (const a of ctx.set) {
    const c = a.coverage;
    const facing = CUSTOMER_FACING.has(a.kind);
    if (!c) {
      if (a.kind === 'warranty') {
        add(ctx, {
          code: 'cover.none',
          severity: 'high',
          group: 'cover',
          agreements: [refOf(a)],
          refs: [],
          message: t(
            `${nameOf(a)} is a warranty with no coverage section.`,
            `${nameOf(a)} 是保修协议，但没有保修范围条款。`,
          ),
          fix: t(
            'Add a coverage section (`coverage`): when cover starts, how long it runs, the causes covered and the remedies.',
            '增加保修范围条款（`coverage`）：起算点、期限、保修原因和补救方式。',
          ),
        });
      }
      continue;
    }
    const ref = refsOf(a, c.ref);
    if (!c.starts_at) {
      add(ctx, {
        code: 'cover.no_start',
        severity: 'high',
        group: 'cover',
        agreements: [refOf(a)],
        refs: ref,
        message: t(
          `${nameOf(a)} does not say from which event the cover runs.`,
          `${nameOf(a)} 未规定保修期从何时起算。`,
        ),
        fix: t(
          'Say which event starts the cover: the sale, delivery, installation or registration (`starts_at`), and a fallback.',
          '写明保修自哪个事件起算：销售、交付、安装或注册（`starts_at`），以及替代起算点。',
        ),
      });
    } else if ((c.starts_at === 'installation' || c.starts_at === 'registration') && !c.if_not_recorded) {
      add(ctx, {
        code: 'cover.start_may_be_unknown',
        severity: 'medium',
        group: 'cover',
        agreements: [refOf(a)],
        refs: ref,
        message: t(
          `${nameOf(a)} starts cover at ${START_TEXT[c.starts_at].en}, which often goes unrecorded, and gives no fallback.`,
          `${nameOf(a)} 以${START_TEXT[c.starts_at].zh}为保修起算点，该日期常无记录，且未规定替代起算点。`,
        ),
        fix: t(
          'Give a fallback when the date goes unrecorded, e.g. delivery plus 60 days (`if_not_recorded: { starts_at: delivery, plus: P60D }`), so every unit has a cover end.',
          '规定日期无记录时的替代起算点，例如交付后 60 天（`if_not_recorded: { starts_at: delivery, plus: P60D }`），使每台设备都有明确的保修到期日。',
        ),
      });
    }
    for (const [i, x] of (c.excludes ?? []).entries()) {
      const open =
        OPEN_CAUSES.has(x.cause) || /any other|other causes?|\betc\b|其他|其它|等原因/i.test(x.text ?? '');
      if (!open) continue;
      const cause = keyName(FAILURE_CAUSE_LABELS, x.cause);
      add(ctx, {
        code: 'cover.open_exclusion',
        severity: 'high',
        group: 'cover',
        agreements: [refOf(a)],
        refs: refsOf(a, x.ref ?? c.ref),
        message: t(
          `${nameOf(a)}: exclusion no. ${i + 1} ("${cause.en}") is open-ended: it lets the provider refuse any claim, and a court or regulator may strike it.`,
          `${nameOf(a)}：第 ${i + 1} 项除外条款（"${cause.zh}"）为开放式除外条款：提供方可据此拒绝任何索赔，且可能被法院或监管机构认定无效。`,
        ),
        fix: t('List each excluded cause; drop the catch-all.', '逐项列明除外原因，删除兜底条款。'),
        details: { field: `coverage.excludes[${i}]` },
      });
    }
    if (!facing) continue;
    const remedies = c.remedies ?? [];
    if (remedies.length === 0) {
      add(ctx, {
        code: 'cover.no_remedy',
        severity: 'high',
        group: 'cover',
        agreements: [refOf(a)],
        refs: ref,
        message: t(
          `${nameOf(a)} covers failures but names no remedy.`,
          `${nameOf(a)} 规定了保修，但未规定补救方式。`,
        ),
        fix: t(
          'List the remedies (repair, replace, refund) and their order.',
          '列明补救方式（维修、更换、退款）及其先后顺序。',
        ),
      });
    } else if (remedies.length > 1 && !c.remedy_order) {
      const offered = remedies.map((r) => keyName(REMEDY_LABELS, r));
      add(ctx, {
        code: 'cover.no_remedy_order',
        severity: 'medium',
        group: 'cover',
        agreements: [refOf(a)],
        refs: ref,
        message: t(
          `${nameOf(a)} offers ${list(offered.map((r) => r.en))} but does not say in which order, or who chooses: customers will ask for the costliest.`,
          `${nameOf(a)} 提供${listZh(offered.map((r) => r.zh))}，但未规定先后顺序或由谁选择：客户会要求成本最高的方式。`,
        ),
        fix: t(
          `Say in which order the remedies apply: repair first, replace when repair fails, refund last (\`remedy_order: [${remedies.join(', ')}]\`).`,
          `写明补救方式的先后顺序：先修，修不好再换，最后退款（\`remedy_order: [${remedies.join(', ')}]\`）。`,
        ),
      });
    }
    if (!c.repeat_failure) {
      const cnConsumer = isConsumer(a) && inTerritory(a, inCN);
      add(ctx, {
        code: 'cover.no_repeat_failure_remedy',
        severity: cnConsumer ? 'high' : 'medium',
        group: 'cover',
        agreements: [refOf(a)],
        refs: ref,
        message: t(
          `${nameOf(a)} does not say what happens when the same fault returns after repair.${cnConsumer ? " China's rules give the consumer a replacement after two repairs of the same fault." : ''}`,
          `${nameOf(a)} 未规定同一故障维修后再次出现时如何处理。${cnConsumer ? '按中国三包规定，同一故障经两次修理仍不能正常使用的，消费者有权更换。' : ''}`,
        ),
        fix: t(
          'Say what a repeat failure gives, e.g. a replacement after two repairs of the same fault within the cover period (`repeat_failure: { after: 2, remedy: replace }`).',
          '写明重复故障的处理，例如保修期内同一故障修理两次后予以更换（`repeat_failure: { after: 2, remedy: replace }`）。',
        ),
      });
    }
    if (!c.repair_warranty) {
      add(ctx, {
        code: 'cover.no_repair_warranty',
        severity: 'low',
        group: 'cover',
        agreements: [refOf(a)],
        refs: ref,
        message: t(
          `${nameOf(a)} gives no warranty on repairs: a part replaced near the end of cover is unprotected the next day.`,
          `${nameOf(a)} 未对维修提供保修：保修期末更换的部件次日即无保障。`,
        ),
        fix: t(
          'Warrant repairs, e.g. for 90 days or the rest of the cover, whichever is longer (`repair_warranty: { duration: P90D }`).',
          '为维修提供保修，例如 90 天或剩余保修期，取较长者（`repair_warranty: { duration: P90D }`）。',
        ),
      });
    }
  }
}

/** The EU's two-year legal guarantee, for a customer-facing agreement with consumers in the EU. */
export function checkEuLegalGuarantee(ctx: Ctx, a: Agreement): void {
  if (!(isConsumer(a) && inTerritory(a, inEU) && shorterThan(a.coverage?.duration, 'P2Y'))) return;
  add(ctx, {
    code: 'statutory.eu_two_years',
    severity: 'high',
    group: 'statutory',
    agreements: [refOf(a)],
    refs: refsOf(a, a.coverage?.ref),
    message: t(
      `${nameOf(a)} covers consumers in the EU for ${a.coverage?.duration ? human(a.coverage.duration).en : 'no stated period'}; the EU's legal guarantee is two years.`,
      `${nameOf(a)} 对欧盟消费者的保修为 ${a.coverage?.duration ? human(a.coverage.duration).zh : '未规定期限'}；欧盟法定保证期为两年。`,
    ),
    fix: t(
      'Cover EU consumers for at least two years (`coverage: { duration: P2Y }`).',
      '对欧盟消费者的保修期至少为两年（`coverage: { duration: P2Y }`）。',
    ),
    caution: t('Do not offer EU consumers less than two years.', '不要向欧盟消费者提供少于两年的保修。'),
    details: { field: 'coverage.duration', value: a.coverage?.duration ?? null, floor: 'P2Y' },
  });
}
