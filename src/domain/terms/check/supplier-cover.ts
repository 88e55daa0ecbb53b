/**
 * Supplier cover (recovery upstream): a customer cover longer than, or starting later than, the
 * supplier's cover of the parts inside, so the brand carries the difference alone.
 */
import { duration, formatDuration } from '../../time/index.ts';
import { CUSTOMER_FACING, refOf, type StartEvent } from '../agreement.ts';
import { add, type Ctx, categoryName, nameOf, partyName, refsOf } from './context.ts';
import { approxDays, monthsBetween } from './durations.ts';
import type { Text } from './finding.ts';
import { human, list, listZh, START_TEXT, t } from './texts.ts';

/** How late each event comes in a part's life: the supplier's delivery to the brand comes first. */
const SUPPLY_START_ORDER: Record<StartEvent, number> = {
  delivery: 0,
  sale: 1,
  installation: 3,
  registration: 3,
};
const CUSTOMER_START_ORDER: Record<StartEvent, number> = {
  sale: 1,
  delivery: 2,
  installation: 3,
  registration: 3,
};

export function checkUpstream(ctx: Ctx): void {
  const customers = ctx.set.filter((a) => CUSTOMER_FACING.has(a.kind) && a.coverage);
  const supplies = ctx.set.filter((a) => a.kind === 'supply' && a.coverage?.duration);
  for (const c of customers) {
    const cov = c.coverage!;
    for (const s of supplies) {
      if (s.recipient !== c.provider) continue;
      const sc = s.coverage!;
      const sDur = duration(sc.duration!);
      const sStart = sc.starts_at ?? 'delivery';
      const supplyParts = s.scope?.parts;
      // Which part categories of this customer's products the supplier's parts fall in.
      let categories: Set<string> | null = null;
      let partsFor = (_category: string | null): string[] => supplyParts ?? [];
      if (ctx.options.parts) {
        const products = c.scope?.products;
        const entries = ctx.options.parts.filter(
          (e) =>
            (!supplyParts || supplyParts.includes(e.part)) &&
            (!products || !e.products || e.products.some((p) => products.includes(p))),
        );
        if (entries.length === 0) continue;
        categories = new Set(entries.map((e) => e.part_category));
        partsFor = (category) => [
          ...new Set(
            entries.filter((e) => category === null || e.part_category === category).map((e) => e.part),
          ),
        ];
      }
      const covers: {
        category: string | null;
        dur: string;
        start: StartEvent | undefined;
        ref: string | undefined;
      }[] = [];
      const overridden = new Set<string>();
      for (const comp of cov.components ?? []) {
        overridden.add(comp.part_category);
        if (comp.covered === false) continue;
        if (categories && !categories.has(comp.part_category)) continue;
        const dur = comp.duration ?? cov.duration;
        if (dur)
          covers.push({
            category: comp.part_category,
            dur,
            start: comp.starts_at ?? cov.starts_at,
            ref: comp.ref ?? cov.ref,
          });
      }
      const generalCategories = categories ? [...categories].filter((k) => !overridden.has(k)) : null;
      if (cov.duration && (generalCategories === null || generalCategories.length > 0)) {
        covers.push({ category: null, dur: cov.duration, start: cov.starts_at, ref: cov.ref });
      }
      for (const cover of covers) {
        const cDur = duration(cover.dur);
        const longer = approxDays(cDur) > approxDays(sDur) + 0.5;
        const startsLater =
          cover.start !== undefined && CUSTOMER_START_ORDER[cover.start] > SUPPLY_START_ORDER[sStart];
        if (!longer && !startsLater) continue;
        const parts =
          cover.category !== null
            ? partsFor(cover.category)
            : generalCategories
              ? partsFor(null)
              : (supplyParts ?? []);
        const cp = partyName(ctx, c.provider);
        const sp = partyName(ctx, s.provider);
        const category = cover.category ? categoryName(ctx, cover.category) : null;
        const what = category
          ? t(`${category.en} cover`, `${category.zh}保修`)
          : t('general cover', '整机保修');
        const partsNote = ctx.options.parts
          ? t(` (parts ${list(parts)})`, `（部件 ${listZh(parts)}）`)
          : t(
              ` (parts ${list(parts)} may be inside; no bill of parts was given)`,
              `（可能包含部件 ${listZh(parts)}；未提供物料清单）`,
            );
        const startC = cover.start ? START_TEXT[cover.start] : t('an unstated event', '未说明的事件');
        const startS =
          sStart === 'delivery'
            ? t(`delivery to ${partyName(ctx, s.recipient).en}`, `交付给 ${partyName(ctx, s.recipient).zh} `)
            : START_TEXT[sStart];
        const lag = t(`the time from ${startS.en} to ${startC.en}`, `从${startS.zh}到${startC.zh}的时间`);
        const spanD = longer ? monthsBetween(cDur, sDur) : monthsBetween(sDur, cDur);
        const span = spanD ? human(formatDuration(spanD)) : null;
        let message: Text;
        if (longer) {
          message = t(
            `${cp.en} gives customers ${human(cover.dur).en} of ${what.en} from ${startC.en} (${nameOf(c)} ${cover.ref ?? ''}); ${sp.en} covers the parts for ${human(sc.duration!).en} from ${startS.en} (${nameOf(s)} ${sc.ref ?? ''})${partsNote.en}. Uncovered: ${span ? `at least ${span.en}` : 'the difference'}${startsLater ? `, plus ${lag.en}` : ''}, which ${cp.en} carries alone.`,
            `${cp.zh} 向客户提供自${startC.zh}起 ${human(cover.dur).zh}的${what.zh}（${nameOf(c)} ${cover.ref ?? ''}）；${sp.zh} 对部件的保修为自${startS.zh}起 ${human(sc.duration!).zh}（${nameOf(s)} ${sc.ref ?? ''}）${partsNote.zh}。未覆盖部分：${span ? `至少 ${span.zh}` : '两者之差'}${startsLater ? `，另加${lag.zh}` : ''}，由 ${cp.zh} 独自承担。`,
          );
        } else {
          message = t(
            `${cp.en}'s ${what.en} runs ${human(cover.dur).en} from ${startC.en} (${nameOf(c)} ${cover.ref ?? ''}); ${sp.en}'s runs ${human(sc.duration!).en} from ${startS.en} (${nameOf(s)} ${sc.ref ?? ''})${partsNote.en}. The customer cover starts later: ${span && approxDays(spanD!) > 0 ? `any unit where ${lag.en} exceeds ${span.en} has an uncovered tail` : `every unit has an uncovered tail as long as ${lag.en}`}.`,
            `${cp.zh} 的${what.zh}自${startC.zh}起 ${human(cover.dur).zh}（${nameOf(c)} ${cover.ref ?? ''}）；${sp.zh} 的保修自${startS.zh}起 ${human(sc.duration!).zh}（${nameOf(s)} ${sc.ref ?? ''}）${partsNote.zh}。客户保修起算较晚：${span && approxDays(spanD!) > 0 ? `凡${lag.zh}超过 ${span.zh}的设备，末段无上游保障` : `每台设备的末段均无上游保障，长度等于${lag.zh}`}。`,
          );
        }
        const margin = spanD ? approxDays(spanD) : 0;
        add(ctx, {
          code: longer ? 'upstream.cover_longer' : 'upstream.cover_starts_later',
          severity: longer ? 'high' : margin < 90 ? 'medium' : 'low',
          group: 'upstream',
          agreements: [refOf(c), refOf(s)],
          refs: [...refsOf(c, cover.ref), ...refsOf(s, sc.ref)],
          message,
          fix: longer
            ? t(
                `Negotiate ${human(cover.dur).en} from ${startC.en} with ${sp.en} for these parts, or shorten the customer cover, or price the uncovered span into the product.`,
                `与 ${sp.zh} 协商将这些部件的保修延长为自${startC.zh}起 ${human(cover.dur).zh}，或缩短对客户的保修，或把未覆盖期间的成本计入产品价格。`,
              )
            : t(
                `Have ${sp.en}'s cover start at ${startC.en} (with a latest date), or keep parts stock turning faster than ${span ? span.en : 'the margin'}.`,
                `要求 ${sp.zh} 的保修自${startC.zh}起算（并设最迟日期），或使库存周转快于 ${span ? span.zh : '两者之差'}。`,
              ),
          ...(longer
            ? {
                caution: t(
                  `Do not extend or advertise the ${what.en} of ${list(c.scope?.products ?? [nameOf(c)])} beyond ${human(sc.duration!).en} without budgeting the cost ${sp.en} will not carry.`,
                  `在未为 ${sp.zh} 不承担的成本做预算之前，不要将 ${listZh(c.scope?.products ?? [nameOf(c)])} 的${what.zh}延长或宣传为超过 ${human(sc.duration!).zh}。`,
                ),
              }
            : {}),
          details: {
            customer: c.id,
            supplier: s.id,
            part_category: cover.category,
            parts,
            customer_cover: cover.dur,
            customer_start: cover.start ?? null,
            supplier_cover: sc.duration,
            supplier_start: sStart,
            uncovered: spanD && longer ? formatDuration(spanD) : null,
            margin: spanD && !longer ? formatDuration(spanD) : null,
          },
        });
      }
    }
  }
}
