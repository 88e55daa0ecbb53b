/**
 * Risks a China after-sales lawyer looks for on first reading, beyond the gaps between
 * agreements: targets that contradict each other, service credits that no partner funds,
 * business-hour targets a customer reads as clock hours, no limitation of liability, safety-critical
 * service suspended for non-payment, and China's 三包 floors (whole product and main parts by
 * category, 7-day refund and 15-day replacement for a performance fault, the repair time limit),
 * each floor with its source.
 */
import { duration } from '../../time/index.ts';
import { type Agreement, CUSTOMER_FACING, refOf, type ServiceLevels, TARGET_KINDS } from '../agreement.ts';
import { COVER_CONDITION_LABELS } from '../labels.ts';
import {
  add,
  type Ctx,
  categoryName,
  inCN,
  inTerritory,
  isConsumer,
  keyName,
  nameOf,
  partyName,
  productsText,
  refsOf,
  severityName,
} from './context.ts';
import { approxDays, shorterThan, targetSeconds } from './durations.ts';
import { DEFAULT_BUSINESS_DAY_SECONDS, SANBAO_FLOORS } from './options.ts';
import { human, listZh, TARGET_TEXT, t } from './texts.ts';

export function checkContractRisks(ctx: Ctx): void {
  for (const a of ctx.set) {
    checkContradictions(ctx, a);
    checkWallTime(ctx, a);
    checkLiability(ctx, a);
    checkSafetySuspension(ctx, a);
    if (CUSTOMER_FACING.has(a.kind) && isConsumer(a) && inTerritory(a, inCN)) checkSanbao(ctx, a);
  }
  checkUnfundedCredits(ctx);
}

/** Per severity: a later step promised sooner than an earlier one (resolution before arrival). */
function checkContradictions(ctx: Ctx, a: Agreement): void {
  for (const block of a.service_levels ?? []) {
    for (const [sev, targets] of Object.entries(block.targets ?? {})) {
      if (!targets) continue;
      const present = TARGET_KINDS.filter((k) => targets[k]);
      for (let i = 0; i < present.length; i++) {
        for (let j = i + 1; j < present.length; j++) {
          const early = present[i]!;
          const late = present[j]!;
          const e = targetSeconds(ctx, targets[early]!, block.clock, block.calendar);
          const l = targetSeconds(ctx, targets[late]!, block.clock, block.calendar);
          if (l >= e) continue;
          const sevName = severityName(ctx, sev);
          add(ctx, {
            code: 'sla.targets_contradict',
            severity: CUSTOMER_FACING.has(a.kind) ? 'high' : 'medium',
            group: 'clocks',
            agreements: [refOf(a)],
            refs: refsOf(a, block.ref),
            message: t(
              `${nameOf(a)} promises ${TARGET_TEXT[late].en} of ${sevName.en} cases within ${human(targets[late]!, block.clock).en} (${l / 3600} business hours), before ${TARGET_TEXT[early].en} within ${human(targets[early]!, block.clock).en} (${e / 3600} business hours): both cannot be met, and the customer will hold the company to the shorter one.`,
              `${nameOf(a)} 承诺${sevName.zh}案件在 ${human(targets[late]!, block.clock).zh}（${l / 3600} 个工作小时）内${TARGET_TEXT[late].zh}，早于 ${human(targets[early]!, block.clock).zh}（${e / 3600} 个工作小时）内${TARGET_TEXT[early].zh}：两者无法同时满足，客户会按较短的时限追责。`,
            ),
            fix: t(
              `Make ${TARGET_TEXT[early].en} come before ${TARGET_TEXT[late].en}: shorten ${TARGET_TEXT[early].en} or lengthen ${TARGET_TEXT[late].en}.`,
              `使${TARGET_TEXT[early].zh}时限早于${TARGET_TEXT[late].zh}时限：缩短${TARGET_TEXT[early].zh}时限或延长${TARGET_TEXT[late].zh}时限。`,
            ),
            details: {
              agreement: a.id,
              severity: sev,
              earlier: early,
              later: late,
              earlier_value: targets[early],
              later_value: targets[late],
            },
          });
        }
      }
    }
  }
}

/** A business-clock target written in hours of a day or more: "72 hours" reads as three days. */
function checkWallTime(ctx: Ctx, a: Agreement): void {
  if (!CUSTOMER_FACING.has(a.kind)) return;
  for (const block of a.service_levels ?? []) {
    if (block.clock !== 'business') continue;
    const day = ctx.options.businessDaySeconds?.(block.calendar) ?? DEFAULT_BUSINESS_DAY_SECONDS;
    const traps: { severity: string; kind: string; value: string; hours: number; days: number }[] = [];
    for (const [sev, targets] of Object.entries(block.targets ?? {})) {
      for (const kind of TARGET_KINDS) {
        const value = targets?.[kind];
        if (!value) continue;
        const d = duration(value);
        if (d.days || d.weeks || d.months || d.years) continue;
        const hours = d.hours + d.minutes / 60;
        if (hours < 24) continue;
        traps.push({ severity: sev, kind, value, hours, days: Math.round(((hours * 3600) / day) * 10) / 10 });
      }
    }
    if (!traps.length) continue;
    const en = traps
      .map(
        (x) =>
          `${TARGET_TEXT[x.kind as keyof typeof TARGET_TEXT].en} of ${severityName(ctx, x.severity).en} cases in "${x.hours} hours" = ${x.hours} business hours = ${x.days} working days, where a customer expects ${x.hours / 24} days`,
      )
      .join('; ');
    const zh = traps
      .map(
        (x) =>
          `${severityName(ctx, x.severity).zh}案件“${x.hours}小时”${TARGET_TEXT[x.kind as keyof typeof TARGET_TEXT].zh} = ${x.hours} 个工作小时 = ${x.days} 个工作日，而客户理解为 ${x.hours / 24} 天`,
      )
      .join('；');
    add(ctx, {
      code: 'sla.business_hours_read_as_wall_time',
      severity: 'high',
      group: 'clocks',
      agreements: [refOf(a)],
      refs: refsOf(a, block.ref),
      message: t(
        `${nameOf(a)} counts business hours of the ${block.calendar ?? 'unstated'} calendar: ${en}. The gap becomes a dispute on the first critical case.`,
        `${nameOf(a)} 按 ${block.calendar ?? '未说明'} 日历的工作时间计时：${zh}。首个紧急案件就会引发争议。`,
      ),
      fix: t(
        'Write each such target in working days ("within 9 working days") and say which hours count, or promise clock hours and staff for them.',
        '将此类时限写为工作日（如“9 个工作日内”）并写明计时的工作时间，或承诺自然小时并配备相应人手。',
      ),
      caution: t(
        `Do not quote ${nameOf(a)}'s targets to customers as "${traps.map((x) => `${x.hours} hours`).join('", "')}": say working days.`,
        `对客户介绍 ${nameOf(a)} 的时限时不要说“${traps.map((x) => `${x.hours}小时`).join('”“')}”，应说工作日。`,
      ),
      details: { agreement: a.id, block: block.ref ?? null, traps },
    });
  }
}

/** B2B cover and partner agreements with no cap and no exclusion of consequential loss. */
function checkLiability(ctx: Ctx, a: Agreement): void {
  if (CUSTOMER_FACING.has(a.kind) && isConsumer(a)) return; // consumer law limits what a cap may do
  const customer = CUSTOMER_FACING.has(a.kind);
  const l = a.liability;
  if (!l?.cap && !l?.excludes_consequential) {
    add(ctx, {
      code: 'liability.none',
      severity: customer ? 'high' : 'medium',
      group: 'cover',
      agreements: [refOf(a)],
      refs: refsOf(a, l?.ref),
      message: customer
        ? t(
            `${nameOf(a)} has no limitation of liability and no exclusion of consequential loss: a failed ${productsText(ctx, a.scope?.products ?? []).en} can bring a claim for the customer's lost production or spoiled stock, with no ceiling.`,
            `${nameOf(a)} 没有责任限制，也未排除间接损失：${productsText(ctx, a.scope?.products ?? []).zh} 一旦故障，客户可就停产或货物损失索赔，且无上限。`,
          )
        : t(
            `${nameOf(a)} has no limitation of liability: what ${partyName(ctx, a.provider).en} owes for a failure is open.`,
            `${nameOf(a)} 没有责任限制条款：${partyName(ctx, a.provider).zh} 对故障承担的责任没有边界。`,
          ),
      fix: t(
        'Cap liability (e.g. at the fees of the last 12 months), exclude indirect and consequential loss, and keep personal injury and gross negligence outside the cap (Civil Code art. 506).',
        '约定责任上限（如前 12 个月费用总额），排除间接损失，并将人身伤害及重大过失排除在上限之外（《民法典》第五百零六条）。',
      ),
      details: { agreement: a.id },
    });
  } else if (!l.excludes_consequential) {
    add(ctx, {
      code: 'liability.consequential_open',
      severity: 'medium',
      group: 'cover',
      agreements: [refOf(a)],
      refs: refsOf(a, l.ref),
      message: t(
        `${nameOf(a)} caps liability but does not exclude consequential loss.`,
        `${nameOf(a)} 约定了责任上限，但未排除间接损失。`,
      ),
      fix: t('Exclude indirect and consequential loss.', '排除间接损失。'),
      details: { agreement: a.id },
    });
  }
}

function isSafetyCritical(ctx: Ctx, a: Agreement): boolean {
  if (a.scope?.safety_critical) return true;
  return (a.scope?.products ?? []).some((p) => ctx.options.products?.[p]?.safety_critical);
}

/** Cover suspended for unpaid invoices on equipment whose failure puts people at risk. */
function checkSafetySuspension(ctx: Ctx, a: Agreement): void {
  if (!isSafetyCritical(ctx, a)) return;
  for (const s of a.coverage?.suspended_while ?? []) {
    if (s.safety_work_continues) continue;
    const products = productsText(ctx, a.scope?.products ?? []);
    const condition = keyName(COVER_CONDITION_LABELS, s.condition);
    add(ctx, {
      code: 'cover.safety_suspended',
      severity: 'high',
      group: 'cover',
      agreements: [refOf(a)],
      refs: refsOf(a, s.ref),
      message: t(
        `${nameOf(a)} suspends all service on ${products.en} while ${condition.en}${s.beyond ? ` beyond ${human(s.beyond).en}` : ''}, including work that keeps the equipment safe: if someone is harmed while service is withheld, the company answers for it whatever the invoice says (Civil Code art. 506).`,
        `${nameOf(a)} 在${condition.zh}${s.beyond ? `超过 ${human(s.beyond).zh}` : ''}时暂停 ${products.zh} 的全部服务，包括保障设备安全的工作：暂停服务期间如造成人身损害，无论欠款与否公司均须担责（《民法典》第五百零六条）。`,
      ),
      fix: t(
        'Keep safety work going during any suspension and invoice it; suspend only scheduled and non-safety work, after written notice.',
        '暂停期间继续提供安全相关服务并另行收费；书面通知后仅暂停计划性及非安全相关服务。',
      ),
      caution: t(
        `Do not stop a service visit to ${products.en} for an unpaid invoice without management approval.`,
        `未经管理层批准，不得因欠款停止 ${products.zh} 的上门服务。`,
      ),
      details: { agreement: a.id, condition: s.condition },
    });
  }
}

/** Customer credits with no back-to-back penalty from the partners who deliver the service. */
function checkUnfundedCredits(ctx: Ctx): void {
  for (const c of ctx.set) {
    if (!CUSTOMER_FACING.has(c.kind)) continue;
    for (const block of c.service_levels ?? []) {
      if (!block.credits?.per_breach) continue;
      const products = block.products ?? c.scope?.products ?? [];
      const partners = ctx.set.filter(
        (p) =>
          p.kind === 'service_partner' &&
          p.recipient === c.provider &&
          (!p.scope?.products ||
            products.length === 0 ||
            products.some((x) => p.scope!.products!.includes(x))),
      );
      const unfunded = partners.filter(
        (p) => !(p.service_levels ?? []).some((b: ServiceLevels) => b.credits?.per_breach),
      );
      if (!unfunded.length && partners.length) continue;
      const per = block.credits.per_breach;
      const cap = block.credits.cap;
      const perText =
        per.percent_of_annual_fee !== undefined
          ? `${per.percent_of_annual_fee} %`
          : `${per.amount ?? per.percent_of_fee}`;
      const capText =
        cap?.percent_of_annual_fee !== undefined
          ? `${cap.percent_of_annual_fee} %`
          : cap?.amount
            ? `${cap.amount}`
            : null;
      const names = unfunded.map((p) => partyName(ctx, p.provider));
      add(ctx, {
        code: 'credits.unfunded',
        severity: 'high',
        group: 'back_to_back',
        agreements: [refOf(c), ...unfunded.map(refOf)],
        refs: [
          ...refsOf(c, block.credits.ref ?? block.ref),
          ...unfunded.flatMap((p) => refsOf(p, p.service_levels?.[0]?.ref)),
        ],
        message: t(
          `${nameOf(c)} pays ${productsText(ctx, products).en} customers a service credit of ${perText} of the annual fee per missed target${capText ? ` (up to ${capText} a year)` : ''}, but ${names.length ? names.map((n) => n.en).join(', ') : 'no service partner'}, who deliver${names.length === 1 ? 's' : ''} the service, pay${names.length === 1 ? 's' : ''} nothing when they miss: every credit comes out of ${partyName(ctx, c.provider).en}'s margin.`,
          `${nameOf(c)} 对 ${productsText(ctx, products).zh} 客户每次未达时限赔付年费的 ${perText}${capText ? `（每年最高 ${capText}）` : ''}，但实际提供服务的${names.length ? listZh(names.map((n) => n.zh)) : '服务伙伴'}未达时限无需承担任何违约金：每笔赔付都由 ${partyName(ctx, c.provider).zh} 自行承担。`,
        ),
        fix: t(
          'Add a back-to-back penalty to each partner agreement: per missed target at least the credit the customer receives, with a cap no lower than the customer cap.',
          '在每份服务伙伴协议中加入对应的违约金：每次未达时限不低于客户所获赔付，上限不低于对客户的上限。',
        ),
        caution: t(
          `Do not offer service credits beyond ${nameOf(c)} §${(block.credits.ref ?? '').replace('§', '')} until partners fund them.`,
          `在服务伙伴承担对应违约金之前，不要在 ${nameOf(c)} 之外另行承诺服务赔付。`,
        ),
        details: { customer: c.id, partners: unfunded.map((p) => p.id), products },
      });
    }
  }
}

/** China's 三包: whole product and main parts by category, refund and replacement windows, repair time. */
function checkSanbao(ctx: Ctx, a: Agreement): void {
  const floors = { ...SANBAO_FLOORS, ...ctx.options.sanbaoFloors };
  const seen = new Set<string>();
  for (const product of a.scope?.products ?? []) {
    const category = ctx.options.products?.[product]?.category;
    const floor = category ? floors[category] : undefined;
    if (!floor || !category) continue;
    const source = floor.source;
    const override = floor.overridable
      ? t(' (a floor the tenant may change)', '（企业可调整此下限）')
      : t('', '');
    const p = productsText(ctx, [product]);
    if (shorterThan(a.coverage?.duration, floor.whole)) {
      add(ctx, {
        code: 'statutory.cn_sanbao_whole',
        severity: 'high',
        group: 'statutory',
        agreements: [refOf(a)],
        refs: refsOf(a, a.coverage?.ref),
        message: t(
          `${nameOf(a)} covers the whole ${p.en} for ${a.coverage?.duration ? human(a.coverage.duration).en : 'no stated period'}; the floor is ${human(floor.whole).en} (${source.en})${override.en}.`,
          `${nameOf(a)} 对 ${p.zh} 整机的保修期为 ${a.coverage?.duration ? human(a.coverage.duration).zh : '未写明'}；下限为 ${human(floor.whole).zh}（${source.zh}）${override.zh}。`,
        ),
        fix: t(
          `Cover the whole product for at least ${human(floor.whole).en}.`,
          `整机保修期至少 ${human(floor.whole).zh}。`,
        ),
        details: {
          agreement: a.id,
          product,
          category,
          floor: floor.whole,
          source,
          overridable: floor.overridable,
        },
      });
    }
    for (const cat of floor.main_parts?.part_categories ?? []) {
      const comp = a.coverage?.components?.find((c) => c.part_category === cat);
      if (!comp) continue;
      const got = comp.covered === false ? undefined : (comp.duration ?? a.coverage?.duration);
      if (!shorterThan(got, floor.main_parts!.duration)) continue;
      add(ctx, {
        code: 'statutory.cn_sanbao_main_parts',
        severity: 'high',
        group: 'statutory',
        agreements: [refOf(a)],
        refs: refsOf(a, comp.ref ?? a.coverage?.ref),
        message: t(
          `${nameOf(a)} covers the ${categoryName(ctx, cat).en} of ${p.en} for ${got ? human(got).en : 'nothing'}; the floor for main parts is ${human(floor.main_parts!.duration).en} (${source.en})${override.en}.`,
          `${nameOf(a)} 对 ${p.zh} 的${categoryName(ctx, cat).zh}保修 ${got ? human(got).zh : '无'}；主要部件下限为 ${human(floor.main_parts!.duration).zh}（${source.zh}）${override.zh}。`,
        ),
        fix: t(
          `Cover the ${categoryName(ctx, cat).en} for at least ${human(floor.main_parts!.duration).en}.`,
          `${categoryName(ctx, cat).zh}保修期至少 ${human(floor.main_parts!.duration).zh}。`,
        ),
        details: { agreement: a.id, product, category, part_category: cat, source },
      });
    }
    if (seen.has('windows')) continue;
    seen.add('windows');
    if (shorterThan(a.returns?.fault_refund_window, floor.fault_refund)) {
      add(ctx, {
        code: 'statutory.cn_sanbao_fault_refund',
        severity: 'high',
        group: 'statutory',
        agreements: [refOf(a)],
        refs: refsOf(a, a.returns?.ref),
        message: t(
          `${nameOf(a)} does not give a refund for a performance fault within ${human(floor.fault_refund).en} of purchase (${source.en}); it gives a replacement within ${a.returns?.replacement_window ? human(a.returns.replacement_window).en : 'no stated period'}.`,
          `${nameOf(a)} 未规定购买后 ${human(floor.fault_refund).zh} 内出现性能故障可退货（${source.zh}）；换货期为 ${a.returns?.replacement_window ? human(a.returns.replacement_window).zh : '未写明'}。`,
        ),
        fix: t(
          `Give a refund, replacement or repair at the customer's choice for a performance fault within ${human(floor.fault_refund).en}, and replacement or repair within ${human(floor.fault_replacement).en}.`,
          `购买后 ${human(floor.fault_refund).zh} 内出现性能故障，由消费者选择退货、换货或修理；${human(floor.fault_replacement).zh} 内可选择换货或修理。`,
        ),
        caution: t(
          `Do not refuse a refund for a performance fault reported within ${human(floor.fault_refund).en} of purchase.`,
          `购买后 ${human(floor.fault_refund).zh} 内报告的性能故障不得拒绝退货。`,
        ),
        details: { agreement: a.id, floor: floor.fault_refund, source },
      });
    }
    const resolutions = (a.service_levels ?? []).flatMap((b) =>
      Object.values(b.targets ?? {}).flatMap((x) =>
        x?.resolution ? [{ value: x.resolution, block: b }] : [],
      ),
    );
    const limitDays = approxDays(duration(floor.repair_within));
    const tooLong = resolutions.filter(({ value, block }) => {
      const d = duration(value);
      // A business day is at most 7/5 calendar days; a business hour counts at a 8-hour day.
      const days =
        block.clock === 'business' ? ((d.weeks * 5 + d.days) * 7) / 5 + (d.hours / 8) * 1.4 : approxDays(d);
      return days > limitDays;
    });
    if (!resolutions.length || tooLong.length) {
      add(ctx, {
        code: 'statutory.cn_sanbao_repair_time',
        severity: 'medium',
        group: 'statutory',
        agreements: [refOf(a)],
        refs: refsOf(a, a.service_levels?.[0]?.ref ?? a.coverage?.ref),
        message: t(
          `${nameOf(a)} sets no repair time within ${human(floor.repair_within).en} (${source.en}).`,
          `${nameOf(a)} 未规定 ${human(floor.repair_within).zh} 以内的维修时限（${source.zh}）。`,
        ),
        fix: t(
          `Promise repairs within ${human(floor.repair_within).en} of taking the product in, else a replacement.`,
          `承诺自接修之日起 ${human(floor.repair_within).zh} 内修复，否则予以换货。`,
        ),
        details: { agreement: a.id, floor: floor.repair_within, source },
      });
    }
  }
}
