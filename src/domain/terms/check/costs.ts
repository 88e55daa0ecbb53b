/** Costs: parts, labour, travel and shipping with nobody named to bear them. */
import { COST_ITEMS, type CostItem, CUSTOMER_FACING, refOf } from '../agreement.ts';
import { add, type Ctx, nameOf, refsOf } from './context.ts';
import { list, listZh, t } from './texts.ts';

export function checkCosts(ctx: Ctx): void {
  for (const a of ctx.set) {
    const missing: string[] = [];
    const facing = CUSTOMER_FACING.has(a.kind);
    const items: readonly CostItem[] = a.kind === 'supply' ? ['parts', 'labor', 'shipping'] : COST_ITEMS;
    const tables: ('in_warranty' | 'out_of_warranty')[] = facing
      ? ['in_warranty', 'out_of_warranty']
      : ['in_warranty'];
    for (const table of tables) {
      for (const item of items) {
        if (a.costs?.[table]?.[item]) continue;
        if (table === 'in_warranty' && a.kind === 'service_partner') {
          // What the brand pays its partner settles who bears those costs.
          if (item === 'labor' && a.compensation?.labor) continue;
          if (item === 'travel' && a.compensation?.travel) continue;
          if (item === 'parts' && (a.compensation?.parts || a.spare_parts?.stocking === 'consignment'))
            continue;
          if (item === 'shipping' && a.compensation?.shipping) continue;
        }
        missing.push(`${table}.${item}`);
      }
    }
    if (missing.length === 0) continue;
    add(ctx, {
      code: 'costs.no_bearer',
      severity: facing ? 'high' : 'medium',
      group: 'costs',
      agreements: [refOf(a)],
      refs: refsOf(a, a.costs?.ref),
      message: t(
        `${nameOf(a)} does not say who bears ${list(missing)}: each becomes a negotiation case by case.`,
        `${nameOf(a)} 未规定 ${listZh(missing)} 由谁承担：每个案件都要重新协商。`,
      ),
      fix: t(
        `Name a bearer (provider or recipient) for ${list(missing)} under \`costs\`.`,
        `在 \`costs\` 下为 ${listZh(missing)} 指定承担方（provider 或 recipient）。`,
      ),
      details: { missing },
    });
  }
}
