/**
 * SLA back to back: what a brand promises customers against what its service partners commit to
 * in the same area, target by target; and the partners that count on another clock or calendar.
 */
import { territoryWithin } from '../../unit/index.ts';
import {
  type Agreement,
  CUSTOMER_FACING,
  refOf,
  type ServiceLevels,
  TARGET_KINDS,
  type TargetKind,
} from '../agreement.ts';
import { CLOCK_LABELS } from '../labels.ts';
import { overlap, uncoveredParts } from '../territories.ts';
import { add, type Ctx, keyName, nameOf, partyName, productName, refsOf, severityName } from './context.ts';
import { targetSeconds } from './durations.ts';
import type { Text } from './finding.ts';
import { hoursText, human, list, listZh, TARGET_TEXT, t } from './texts.ts';

/** A block's clock and calendar in words ("business hours of cn-shanghai"). */
function showClock(s: ServiceLevels): Text {
  const clock = s.clock ? keyName(CLOCK_LABELS, s.clock) : t('an unstated clock', '未说明的计时方式');
  if (!s.calendar) return clock;
  const calendar = keyName({}, s.calendar);
  return t(`${clock.en} of the ${calendar.en} calendar`, `${calendar.zh} 日历的${clock.zh}`);
}

function blocksFor(a: Agreement, product: string): ServiceLevels[] {
  return (a.service_levels ?? []).filter((s) => !s.products || s.products.includes(product));
}

export function checkBackToBack(ctx: Ctx): void {
  const customers = ctx.set.filter((a) => CUSTOMER_FACING.has(a.kind) && a.service_levels?.length);
  for (const c of customers) {
    const partners = ctx.set.filter(
      (p) =>
        (p.kind === 'service_partner' || p.kind === 'distribution') &&
        p.recipient === c.provider &&
        p.service_levels?.length,
    );
    const mismatchSeen = new Set<string>();
    for (const product of c.scope?.products ?? ['*']) {
      const productName_ = product === '*' ? null : productName(ctx, product);
      const productT = productName_ ? ` ${productName_.en}` : '';
      const productZ = productName_ ? productName_.zh : '';
      for (const block of blocksFor(c, product)) {
        const areas = block.territory ?? c.scope?.territory ?? [];
        // Cells: each partner area inside a customer area, with the partners that cover it.
        const cells = new Map<string, { partner: Agreement; block: ServiceLevels }[]>();
        for (const p of partners) {
          if (product !== '*' && p.scope?.products && !p.scope.products.includes(product)) continue;
          for (const pb of blocksFor(p, product)) {
            for (const pArea of pb.territory ?? p.scope?.territory ?? []) {
              for (const area of areas) {
                const cell = overlap(pArea, area);
                if (!cell) continue;
                const entry = cells.get(cell) ?? [];
                entry.push({ partner: p, block: pb });
                cells.set(cell, entry);
              }
            }
          }
        }
        // A partner covering a wider area also covers the narrower cells inside it.
        for (const [cell, entry] of cells) {
          for (const [other, more] of cells) {
            if (other !== cell && territoryWithin(cell, other)) {
              for (const m of more) if (!entry.includes(m)) entry.push(m);
            }
          }
        }
        // Clocks and calendars that differ.
        for (const entry of cells.values()) {
          for (const { partner, block: pb } of entry) {
            const key = `${c.id}|${partner.id}`;
            if (mismatchSeen.has(key)) continue;
            if (pb.clock !== block.clock || pb.calendar !== block.calendar) {
              mismatchSeen.add(key);
              const show = (s: ServiceLevels) => showClock(s);
              add(ctx, {
                code: 'sla.clock_mismatch',
                severity: 'medium',
                group: 'back_to_back',
                agreements: [refOf(c), refOf(partner)],
                refs: [...refsOf(c, block.ref), ...refsOf(partner, pb.ref)],
                message: t(
                  `${partyName(ctx, partner.provider).en} counts its targets in ${show(pb).en}, but ${partyName(ctx, c.provider).en} promises customers in ${show(block).en} (${nameOf(c)}): the same number of hours ends at different times.`,
                  `${partyName(ctx, partner.provider).zh} 按${show(pb).zh}计时，而 ${partyName(ctx, c.provider).zh} 对客户的承诺按${show(block).zh}计时（${nameOf(c)}）：同样的小时数到期时间不同。`,
                ),
                fix: t(
                  `Put the partner agreement on the customer's clock and calendar (${show(block).en}), or shorten its targets to cover the difference.`,
                  `将服务伙伴协议改为与客户相同的计时方式和日历（${show(block).zh}），或缩短其时限以弥补差异。`,
                ),
                details: {
                  customer: c.id,
                  partner: partner.id,
                  customer_clock: block.clock ?? null,
                  customer_calendar: block.calendar ?? null,
                  partner_clock: pb.clock ?? null,
                  partner_calendar: pb.calendar ?? null,
                },
              });
            }
          }
        }
        // Targets no partner meets, per severity and kind, grouped over the cells.
        const groups = new Map<
          string,
          {
            cells: string[];
            sev: string;
            kind: TargetKind;
            want: string;
            best: { partner: Agreement; value: string | null; ref?: string; clock?: string }[];
            shortfall: number | null;
          }
        >();
        for (const [sev, targets] of Object.entries(block.targets ?? {})) {
          if (!targets) continue;
          for (const kind of TARGET_KINDS) {
            const want = targets[kind];
            if (!want) continue;
            for (const [cell, entry] of cells) {
              let bestSec = Number.POSITIVE_INFINITY;
              const best: { partner: Agreement; value: string | null; ref?: string; clock?: string }[] = [];
              for (const { partner, block: pb } of entry) {
                const offered = pb.targets?.[sev]?.[kind];
                const sec = offered
                  ? targetSeconds(ctx, offered, pb.clock, pb.calendar)
                  : Number.POSITIVE_INFINITY;
                if (sec < bestSec) {
                  bestSec = sec;
                  best.length = 0;
                }
                if (sec === bestSec) {
                  const item: { partner: Agreement; value: string | null; ref?: string; clock?: string } = {
                    partner,
                    value: offered ?? null,
                  };
                  if (pb.clock) item.clock = pb.clock;
                  if (pb.ref) item.ref = pb.ref;
                  best.push(item);
                }
              }
              if (bestSec <= targetSeconds(ctx, want, block.clock, block.calendar)) continue;
              const key = `${sev}|${kind}|${best.map((b) => `${b.partner.id}=${b.value}`).join(',')}`;
              const shortfallSec = Number.isFinite(bestSec)
                ? bestSec - targetSeconds(ctx, want, block.clock, block.calendar)
                : null;
              const group = groups.get(key) ?? { cells: [], sev, kind, want, best, shortfall: shortfallSec };
              group.cells.push(cell);
              groups.set(key, group);
            }
          }
        }
        for (const g of groups.values()) {
          const partnersText = g.best.map((b) => partyName(ctx, b.partner.provider));
          const promiser = partyName(ctx, c.provider);
          const sevT = severityName(ctx, g.sev);
          const offered = g.best[0]?.value ?? null;
          const shortfall = g.shortfall !== null ? hoursText(g.shortfall, block.clock === 'business') : null;
          const wantH = human(g.want, block.clock);
          const offeredH = offered ? human(offered, g.best[0]?.clock) : null;
          const kindT = TARGET_TEXT[g.kind];
          const cellsT = g.cells.sort();
          add(ctx, {
            code: 'sla.partner_slower',
            severity: g.kind === 'resolution' ? 'medium' : 'high',
            group: 'back_to_back',
            agreements: [refOf(c), ...g.best.map((b) => refOf(b.partner))],
            refs: [...refsOf(c, block.ref), ...g.best.flatMap((b) => refsOf(b.partner, b.ref))],
            message: offered
              ? t(
                  `${promiser.en} promises${productT} customers ${kindT.en} within ${wantH.en} (${sevT.en} cases) in ${list(cellsT)} (${nameOf(c)} ${block.ref ?? ''}); the best service-partner commitment there is ${offeredH!.en} (${list(partnersText.map((p) => p.en))}): ${shortfall!.en} short.`,
                  `${promiser.zh} 向${productZ}客户承诺${sevT.zh}案件 ${wantH.zh}内${kindT.zh}（${listZh(cellsT)}，${nameOf(c)} ${block.ref ?? ''}）；当地服务伙伴的最佳承诺为 ${offeredH!.zh}（${listZh(partnersText.map((p) => p.zh))}），相差 ${shortfall!.zh}。`,
                )
              : t(
                  `${promiser.en} promises${productT} customers ${kindT.en} within ${wantH.en} (${sevT.en} cases) in ${list(cellsT)} (${nameOf(c)}); the service partner there (${list(partnersText.map((p) => p.en))}) commits to no ${kindT.en} target for ${sevT.en} cases.`,
                  `${promiser.zh} 向${productZ}客户承诺${sevT.zh}案件 ${wantH.zh}内${kindT.zh}（${listZh(cellsT)}，${nameOf(c)}）；当地服务伙伴（${listZh(partnersText.map((p) => p.zh))}）对${sevT.zh}案件未承诺任何${kindT.zh}时限。`,
                ),
            fix: t(
              `Have ${list(partnersText.map((p) => p.en))} commit to ${kindT.en} within ${wantH.en} for ${sevT.en} cases in ${list(cellsT)}, or lower the customer promise to what the partner delivers.`,
              `要求 ${listZh(partnersText.map((p) => p.zh))} 在 ${listZh(cellsT)} 对${sevT.zh}案件承诺 ${wantH.zh}内${kindT.zh}，或将对客户的承诺降至服务伙伴能做到的水平。`,
            ),
            caution: t(
              `Do not promise${productT} customers in ${list(cellsT)} ${kindT.en} within ${wantH.en} for ${sevT.en} cases until ${list(partnersText.map((p) => p.en))} commit to it.`,
              `在 ${listZh(partnersText.map((p) => p.zh))} 作出承诺之前，不要向 ${listZh(cellsT)} 的${productZ}客户承诺${sevT.zh}案件 ${wantH.zh}内${kindT.zh}。`,
            ),
            details: {
              customer: c.id,
              partners: g.best.map((b) => b.partner.id),
              product,
              territories: cellsT,
              severity: g.sev,
              target: g.kind,
              promised: g.want,
              committed: offered,
              shortfall_seconds: g.shortfall,
              counted_as:
                block.clock === 'business'
                  ? 'business time: a day is a working day of the calendar'
                  : 'wall time',
            },
          });
        }
        // Onsite promises where no partner offers onsite service.
        const onsiteSevs = Object.entries(block.targets ?? {})
          .filter(([, v]) => v?.onsite)
          .map(([k]) => k);
        if (onsiteSevs.length > 0) {
          const onsiteCells = [...cells.entries()]
            .filter(([, entry]) =>
              entry.some(({ block: pb }) => Object.values(pb.targets ?? {}).some((v) => v?.onsite)),
            )
            .map(([cell]) => cell);
          const missing: string[] = [];
          let rest = false;
          for (const area of areas) {
            const u = uncoveredParts(area, onsiteCells);
            missing.push(...u.codes);
            rest ||= u.rest;
          }
          if (missing.length > 0) {
            const promiser = partyName(ctx, c.provider);
            const sevs = onsiteSevs.map((s) => severityName(ctx, s));
            const where = rest ? `${list(missing)} (outside ${list(onsiteCells)})` : list(missing);
            const whereZh = rest ? `${listZh(missing)}（${listZh(onsiteCells)} 以外）` : listZh(missing);
            add(ctx, {
              code: 'sla.onsite_no_partner',
              severity: 'high',
              group: 'back_to_back',
              agreements: [refOf(c)],
              refs: refsOf(c, block.ref),
              message: t(
                `${promiser.en} promises${productT} customers on-site service (${list(sevs.map((s) => s.en))} cases) across ${list(areas)} (${nameOf(c)} ${block.ref ?? ''}), but no service partner commits to on-site service in ${where}.`,
                `${promiser.zh} 在 ${listZh(areas)} 向${productZ}客户承诺上门服务（${listZh(sevs.map((s) => s.zh))}案件）（${nameOf(c)} ${block.ref ?? ''}），但在 ${whereZh} 没有服务伙伴承诺上门服务。`,
              ),
              fix: t(
                `Appoint service partners with on-site targets for ${where}, or limit the on-site promise to ${list(onsiteCells) || 'the areas a partner covers'}.`,
                `在 ${whereZh} 指定有上门时限承诺的服务伙伴，或将上门承诺限于 ${listZh(onsiteCells) || '有服务伙伴覆盖的地区'}。`,
              ),
              caution: t(
                `Do not promise on-site service for${productT} in ${where} until a partner covers it.`,
                `在有服务伙伴覆盖之前，不要在 ${whereZh} 承诺${productZ}上门服务。`,
              ),
              details: {
                customer: c.id,
                product,
                territories: missing,
                covered: onsiteCells,
                severities: onsiteSevs,
              },
            });
          }
        }
      }
    }
  }
}
