/** Spare parts: how long parts stay available, against each market's floor. */
import { type Agreement, refOf } from '../agreement.ts';
import { add, type Ctx, inEU, nameOf, refsOf } from './context.ts';
import { shorterThan } from './durations.ts';
import type { Text } from './finding.ts';
import { SPARE_PARTS_FLOORS } from './options.ts';
import { human, t } from './texts.ts';

const MARKET_TEXT: Record<string, Text> = { EU: t('EU', '欧盟'), CN: t('Chinese', '中国') };

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
    const where = MARKET_TEXT[market] ?? t(market, market);
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
            `${nameOf(a)} keeps spare parts for ${human(available).en}; the ${where.en} market requires at least ${human(floor).en}.`,
            `${nameOf(a)} 备件供应期为 ${human(available).zh}；${where.zh}市场要求至少 ${human(floor).zh}。`,
          )
        : t(
            `${nameOf(a)} does not say how long spare parts stay available; the ${where.en} market requires at least ${human(floor).en}.`,
            `${nameOf(a)} 未规定备件供应期限；${where.zh}市场要求至少 ${human(floor).zh}。`,
          ),
      fix: t(
        `Keep spare parts for at least ${human(floor).en} after the end of production (\`spare_parts: { available_for: ${floor} }\`).`,
        `停产后备件至少供应 ${human(floor).zh}（\`spare_parts: { available_for: ${floor} }\`）。`,
      ),
      details: { field: 'spare_parts.available_for', market, value: available ?? null, floor },
    });
  }
}
