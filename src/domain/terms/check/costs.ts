/** Costs: parts, labour, travel and shipping with nobody named to bear them. */
import { COST_ITEMS, type CostItem, CUSTOMER_FACING, refOf } from '../agreement.ts';
import { COST_ITEM_LABELS, COST_TABLE_LABELS } from '../labels.ts';
import { add, type Ctx, keyName, nameOf, partyName, refsOf } from './context.ts';
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
    // "shipping in warranty" / "保修期内运输": the cost item, then the table it is missing from.
    const words = missing.map((m) => {
      const [table, item] = m.split('.') as [string, string];
      const what = keyName(COST_ITEM_LABELS, item);
      const when = keyName(COST_TABLE_LABELS, table);
      return t(`${what.en} ${when.en}`, `${when.zh}${what.zh}`);
    });
    const [provider, recipient] = [partyName(ctx, a.provider), partyName(ctx, a.recipient)];
    const bearers = t(`${provider.en} / ${recipient.en}`, `${provider.zh} / ${recipient.zh}`);
    add(ctx, {
      code: 'costs.no_bearer',
      severity: facing ? 'high' : 'medium',
      group: 'costs',
      agreements: [refOf(a)],
      refs: refsOf(a, a.costs?.ref),
      message: t(
        `${nameOf(a)} does not say who bears ${list(words.map((w) => w.en))}: each becomes a negotiation case by case.`,
        `${nameOf(a)} 未规定${listZh(words.map((w) => w.zh))}由谁承担：每个案件都要重新协商。`,
      ),
      fix: t(
        `Name who bears each (${bearers.en}) in the costs section (\`costs\`).`,
        `在费用条款（\`costs\`）中为每项指定承担方（${bearers.zh}）。`,
      ),
      details: { missing },
    });
  }
}
