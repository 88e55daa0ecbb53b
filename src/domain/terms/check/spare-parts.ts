/** Spare parts: how long parts stay available, against each market's floor. */
import { type Agreement, refOf } from '../agreement.ts';
import { add, type Ctx, inEU, nameOf, refsOf } from './context.ts';
import { shorterThan } from './durations.ts';
import { SPARE_PARTS_FLOORS } from './options.ts';
import { human, t } from './texts.ts';

/** The spare-parts period of a customer-facing agreement, in every market it covers. */
export function checkSparePartsPeriod(ctx: Ctx, a: Agreement): void {
  const floors = ctx.options.sparePartsFloors ?? SPARE_PARTS_FLOORS;
  const markets = new Set<string>();
  for (const code of a.scope?.territory ?? []) {
    if (inEU(code)) markets.add('EU');
    else markets.add(code.slice(0, 2));
  }
  for (const market of markets) {
    const floor = floors[market];
    if (!floor) continue;
    const available = a.spare_parts?.available_for;
    if (!shorterThan(available, floor)) continue;
    add(ctx, {
      code: 'statutory.spare_parts_period',
      severity: available ? 'high' : 'medium',
      group: 'statutory',
      agreements: [refOf(a)],
      refs: refsOf(a, a.spare_parts?.ref),
      message: available
        ? t(
            `${nameOf(a)} keeps spare parts for ${human(available).en}; the ${market} market requires at least ${human(floor).en}.`,
            `${nameOf(a)} 备件供应期为 ${human(available).zh}；${market} 市场要求至少 ${human(floor).zh}。`,
          )
        : t(
            `${nameOf(a)} does not say how long spare parts stay available; the ${market} market requires at least ${human(floor).en}.`,
            `${nameOf(a)} 未规定备件供应期限；${market} 市场要求至少 ${human(floor).zh}。`,
          ),
      fix: t(
        `Set spare_parts.available_for to at least ${floor} after the end of production.`,
        `将 spare_parts.available_for 设为停产后至少 ${floor}。`,
      ),
      details: { field: 'spare_parts.available_for', market, value: available ?? null, floor },
    });
  }
}
