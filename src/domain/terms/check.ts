/**
 * The terms check: reads a set of agreements together and reports the gaps that cost money
 * later. The costliest ones lie between agreements (a customer promise no partner underpins, a
 * customer cover longer than the supplier's), so the rules look at the set, not file by file.
 *
 * Every finding has a stable `code`, a severity, the agreements and refs involved, a message and
 * a suggested fix in English and Chinese, and, where it applies, an operating caution: a promise
 * not to make to customers until the service path is aligned.
 *
 * SLA targets are compared as durations (days as 24 hours) between blocks that count on the same
 * clock and calendar; where the clocks or calendars differ, that is reported on its own.
 */
import { type Duration, duration, fixedSeconds, formatDuration } from '../time/duration.ts';
import { territoryWithin } from '../unit/territory.ts';
import {
  type Agreement,
  type AgreementRef,
  COST_ITEMS,
  type CostItem,
  CUSTOMER_FACING,
  type EscalationRule,
  latestVersions,
  refOf,
  type ServiceLevels,
  type StartEvent,
  TARGET_KINDS,
  type TargetKind,
} from './agreement.ts';
import { EU_MEMBERS, overlap, uncoveredParts } from './territories.ts';

export type Severity = 'high' | 'medium' | 'low';
export type FindingGroup =
  | 'back_to_back'
  | 'upstream'
  | 'clocks'
  | 'wording'
  | 'cover'
  | 'statutory'
  | 'costs'
  | 'partners'
  | 'disputes'
  | 'escalation';

export interface Text {
  en: string;
  zh: string;
}

export interface Finding {
  code: string;
  severity: Severity;
  group: FindingGroup;
  agreements: AgreementRef[];
  refs: { agreement: string; ref: string }[];
  message: Text;
  fix: Text;
  /** A promise not to make to customers until the service path is aligned. */
  caution?: Text;
  /** The facts behind the message, for programs (product, territories, shortfall, ...). */
  details?: Record<string, unknown>;
}

export interface EscalationTrigger {
  agreement: AgreementRef;
  ref: string | null;
  level: string;
  trigger: Text;
  act_within: string | null;
}

export interface EscalationOverview {
  agreement: AgreementRef;
  title: string;
  defined: EscalationTrigger[];
  /** Kinds of trigger a customer-facing or partner agreement lacks. */
  lacking: { kind: string; text: Text }[];
}

export interface CheckReport {
  agreements: (AgreementRef & { title: string; kind: string })[];
  findings: Finding[];
  counts: Record<Severity, number>;
  escalation: EscalationOverview[];
}

/** A part number and its category, and the products it goes into: the link between supply and warranty. */
export interface PartCatalogEntry {
  part: string;
  part_category: string;
  products?: string[];
}

export interface CheckOptions {
  /** Bills of parts. Without them, every part a supplier covers may be inside any of the brand's products. */
  parts?: readonly PartCatalogEntry[];
  /** Minimum spare-parts availability per market (country code or `EU`); defaults to SPARE_PARTS_FLOORS. */
  sparePartsFloors?: Readonly<Record<string, string>>;
  /**
   * Seconds in one business day of a calendar (its standard working day), so that `P5D` under a
   * business clock compares with `PT72H` as the calendar engine counts it. Without it, or for a
   * calendar it does not know, a business day is taken as 8 hours.
   */
  businessDaySeconds?: (calendar: string | undefined) => number | undefined;
}

/** A business day when the calendar is not at hand: an 8-hour working day. */
export const DEFAULT_BUSINESS_DAY_SECONDS = 8 * 3600;

/**
 * How long spare parts must stay available, by market, as a default the caller may replace:
 * EU ecodesign rules ask 7 to 10 years for household appliances (7 is the floor);
 * China's after-sales rules ask for parts through the product's service life, which we take as
 * at least 5 years unless the tenant says otherwise.
 */
export const SPARE_PARTS_FLOORS: Readonly<Record<string, string>> = { EU: 'P7Y', CN: 'P5Y' };

/** Time to gather each kind of claim evidence (unknown kinds: 3 days). */
export const EVIDENCE_LEAD_TIME: Readonly<Record<string, string>> = {
  photos: 'P1D',
  replaced_part_serial: 'P1D',
  customer_signature: 'P1D',
  service_report: 'P2D',
  proof_of_purchase: 'P3D',
  invoice: 'P7D',
  defective_part: 'P14D',
  failed_part_return: 'P14D',
  failure_analysis: 'P30D',
  lab_report: 'P30D',
};

const VAGUE_EN = [
  'reasonable',
  'reasonably',
  'promptly',
  'prompt',
  'as soon as possible',
  'as soon as practicable',
  'from time to time',
  'timely',
  'in a timely manner',
  'without undue delay',
  'best efforts',
  'best endeavours',
  'in due course',
  'as agreed',
  'to be agreed',
  'where appropriate',
  'adequate',
];
const VAGUE_ZH = ['合理', '及时', '尽快', '另行协商', '适当', '尽力', '视情况'];

const OPEN_CAUSES = new Set([
  'any_other_cause',
  'other',
  'other_causes',
  'any',
  'any_cause',
  'etc',
  'others',
]);

const t = (en: string, zh: string): Text => ({ en, zh });

function seconds(d: string): number {
  return fixedSeconds(duration(d));
}

/**
 * A target's length as its clock counts it: under a `business` clock a day (and a week, five
 * days) is a working day of the calendar, under a `calendar` clock 24 hours.
 */
function targetSeconds(
  ctx: Ctx,
  value: string,
  clock: string | undefined,
  calendar: string | undefined,
): number {
  const d = duration(value);
  if (clock !== 'business') return fixedSeconds(d);
  const day = ctx.options.businessDaySeconds?.(calendar) ?? DEFAULT_BUSINESS_DAY_SECONDS;
  return (d.weeks * 5 + d.days) * day + d.hours * 3600 + d.minutes * 60 + d.seconds;
}

/** Approximate length in days, for comparing covers (a month is 30.44 days, a year 365.25). */
function approxDays(d: Duration): number {
  return (
    d.years * 365.25 +
    d.months * 30.4375 +
    d.weeks * 7 +
    d.days +
    fixedSeconds({ ...d, years: 0, months: 0, weeks: 0, days: 0 }) / 86400
  );
}

/** The difference of two durations, when both are whole months (or years), as a duration. */
function monthsBetween(longer: Duration, shorter: Duration): Duration | null {
  const pure = (d: Duration) => d.weeks === 0 && d.days === 0 && fixedSeconds(d) === 0;
  if (!pure(longer) || !pure(shorter)) return null;
  const months = longer.years * 12 + longer.months - (shorter.years * 12 + shorter.months);
  return {
    years: Math.floor(months / 12),
    months: months % 12,
    weeks: 0,
    days: 0,
    hours: 0,
    minutes: 0,
    seconds: 0,
  };
}

function human(d: string): Text {
  const p = duration(d);
  const parts: [number, string, string][] = [
    [p.years, 'year', '年'],
    [p.months, 'month', '个月'],
    [p.weeks, 'week', '周'],
    [p.days, 'day', '天'],
    [p.hours, 'hour', '小时'],
    [p.minutes, 'minute', '分钟'],
    [p.seconds, 'second', '秒'],
  ];
  const used = parts.filter(([n]) => n > 0);
  if (used.length === 0) return t('0', '0');
  return t(
    used.map(([n, en]) => `${n} ${en}${n === 1 ? '' : 's'}`).join(' '),
    used.map(([n, , zh]) => `${n}${zh}`).join(''),
  );
}

function hoursText(sec: number, business = false): Text {
  if (business) {
    const h = Math.round((sec / 3600) * 100) / 100;
    return t(`${h} business hour${h === 1 ? '' : 's'}`, `${h} 个工作小时`);
  }
  if (sec % 86400 === 0 && sec >= 86400) {
    const days = sec / 86400;
    return t(`${days} day${days === 1 ? '' : 's'}`, `${days} 天`);
  }
  const h = Math.round((sec / 3600) * 100) / 100;
  return t(`${h} hour${h === 1 ? '' : 's'}`, `${h} 小时`);
}

const TARGET_TEXT: Record<TargetKind, Text> = {
  response: t('response', '响应'),
  onsite: t('on-site arrival', '上门'),
  resolution: t('resolution', '解决'),
};

const START_TEXT: Record<StartEvent, Text> = {
  sale: t('the sale', '销售'),
  delivery: t('delivery', '交付'),
  installation: t('installation', '安装'),
  registration: t('registration', '注册'),
};

const list = (items: readonly string[]) => items.join(', ');
const listZh = (items: readonly string[]) => items.join('、');

function refsOf(a: Agreement, ...refs: (string | undefined)[]): { agreement: string; ref: string }[] {
  return refs.filter((r): r is string => r !== undefined).map((ref) => ({ agreement: a.id, ref }));
}

function nameOf(a: Agreement): string {
  return `${a.id} v${a.version}`;
}

function isConsumer(a: Agreement): boolean {
  const stated = a.scope?.customers;
  if (stated) return stated.includes('consumer');
  return (
    CUSTOMER_FACING.has(a.kind) &&
    /consumer|end-customer|end-user|individual|retail|household/.test(a.recipient)
  );
}

function inTerritory(a: Agreement, test: (code: string) => boolean): boolean {
  return (a.scope?.territory ?? []).some(test);
}

const inCN = (code: string) => code === 'CN' || territoryWithin(code, 'CN');
const inEU = (code: string) => EU_MEMBERS.has(code.slice(0, 2)) || code === 'EU';

interface Ctx {
  set: Agreement[];
  options: CheckOptions;
  findings: Finding[];
}

function add(ctx: Ctx, finding: Finding): void {
  ctx.findings.push(finding);
}

// ---------------------------------------------------------------------------------------------
// Back to back: customer service levels against the service partners' commitments

function blocksFor(a: Agreement, product: string): ServiceLevels[] {
  return (a.service_levels ?? []).filter((s) => !s.products || s.products.includes(product));
}

function checkBackToBack(ctx: Ctx): void {
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
      const productT = product === '*' ? '' : ` ${product}`;
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
              const show = (s: ServiceLevels) => `${s.clock ?? '?'} / ${s.calendar ?? '?'}`;
              add(ctx, {
                code: 'sla.clock_mismatch',
                severity: 'medium',
                group: 'back_to_back',
                agreements: [refOf(c), refOf(partner)],
                refs: [...refsOf(c, block.ref), ...refsOf(partner, pb.ref)],
                message: t(
                  `${partner.provider} counts its targets on ${show(pb)}, but ${c.provider} promises customers on ${show(block)} (${nameOf(c)}): the same number of hours ends at different times.`,
                  `${partner.provider} 按 ${show(pb)} 计时，而 ${c.provider} 对客户的承诺按 ${show(block)} 计时（${nameOf(c)}）：同样的小时数到期时间不同。`,
                ),
                fix: t(
                  `Put the partner agreement on the customer's clock and calendar (${show(block)}), or shorten its targets to cover the difference.`,
                  `将服务伙伴协议改为与客户相同的计时方式和日历（${show(block)}），或缩短其时限以弥补差异。`,
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
            best: { partner: Agreement; value: string | null; ref?: string }[];
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
              const best: { partner: Agreement; value: string | null; ref?: string }[] = [];
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
                  const item: { partner: Agreement; value: string | null; ref?: string } = {
                    partner,
                    value: offered ?? null,
                  };
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
          const partnersText = g.best.map((b) => b.partner.provider);
          const offered = g.best[0]?.value ?? null;
          const shortfall = g.shortfall !== null ? hoursText(g.shortfall, block.clock === 'business') : null;
          const wantH = human(g.want);
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
                  `${c.provider} promises${productT} customers ${kindT.en} within ${wantH.en} (${g.sev}) in ${list(cellsT)} (${nameOf(c)} ${block.ref ?? ''}); the best service-partner commitment there is ${human(offered).en} (${list(partnersText)}): ${shortfall!.en} short.`,
                  `${c.provider} 向${productT}客户承诺 ${g.sev} 级 ${wantH.zh} 内${kindT.zh}（${listZh(cellsT)}，${nameOf(c)} ${block.ref ?? ''}）；当地服务伙伴的最佳承诺为 ${human(offered).zh}（${listZh(partnersText)}），相差 ${shortfall!.zh}。`,
                )
              : t(
                  `${c.provider} promises${productT} customers ${kindT.en} within ${wantH.en} (${g.sev}) in ${list(cellsT)} (${nameOf(c)}); the service partner there (${list(partnersText)}) commits to no ${kindT.en} target for ${g.sev}.`,
                  `${c.provider} 向${productT}客户承诺 ${g.sev} 级 ${wantH.zh} 内${kindT.zh}（${listZh(cellsT)}，${nameOf(c)}）；当地服务伙伴（${listZh(partnersText)}）对 ${g.sev} 级未承诺任何${kindT.zh}时限。`,
                ),
            fix: t(
              `Have ${list(partnersText)} commit to ${kindT.en} within ${wantH.en} for ${g.sev} cases in ${list(cellsT)}, or lower the customer promise to what the partner delivers.`,
              `要求 ${listZh(partnersText)} 在 ${listZh(cellsT)} 对 ${g.sev} 级案件承诺 ${wantH.zh} 内${kindT.zh}，或将对客户的承诺降至服务伙伴能做到的水平。`,
            ),
            caution: t(
              `Do not promise${productT} customers in ${list(cellsT)} ${kindT.en} within ${wantH.en} for ${g.sev} cases until ${list(partnersText)} commit to it.`,
              `在 ${listZh(partnersText)} 作出承诺之前，不要向 ${listZh(cellsT)} 的${productT}客户承诺 ${g.sev} 级 ${wantH.zh} 内${kindT.zh}。`,
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
            const where = rest ? `${list(missing)} (outside ${list(onsiteCells)})` : list(missing);
            const whereZh = rest ? `${listZh(missing)}（${listZh(onsiteCells)} 以外）` : listZh(missing);
            add(ctx, {
              code: 'sla.onsite_no_partner',
              severity: 'high',
              group: 'back_to_back',
              agreements: [refOf(c)],
              refs: refsOf(c, block.ref),
              message: t(
                `${c.provider} promises${productT} customers on-site service (${list(onsiteSevs)}) across ${list(areas)} (${nameOf(c)} ${block.ref ?? ''}), but no service partner commits to on-site service in ${where}.`,
                `${c.provider} 在 ${listZh(areas)} 向${productT}客户承诺上门服务（${listZh(onsiteSevs)}）（${nameOf(c)} ${block.ref ?? ''}），但在 ${whereZh} 没有服务伙伴承诺上门服务。`,
              ),
              fix: t(
                `Appoint service partners with on-site targets for ${where}, or limit the on-site promise to ${list(onsiteCells) || 'the areas a partner covers'}.`,
                `在 ${whereZh} 指定有上门时限承诺的服务伙伴，或将上门承诺限于 ${listZh(onsiteCells) || '有服务伙伴覆盖的地区'}。`,
              ),
              caution: t(
                `Do not promise on-site service for${productT} in ${where} until a partner covers it.`,
                `在有服务伙伴覆盖之前，不要在 ${whereZh} 承诺${productT}上门服务。`,
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

// ---------------------------------------------------------------------------------------------
// Upstream: customer covers against the supplier's cover of the parts inside

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

function checkUpstream(ctx: Ctx): void {
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
        const what = cover.category
          ? t(`${cover.category} cover`, `${cover.category}保修`)
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
            ? t(`delivery to ${s.recipient}`, `交付给 ${s.recipient}`)
            : START_TEXT[sStart];
        const lag = t(`the time from ${startS.en} to ${startC.en}`, `从${startS.zh}到${startC.zh}的时间`);
        const spanD = longer ? monthsBetween(cDur, sDur) : monthsBetween(sDur, cDur);
        const span = spanD ? human(formatDuration(spanD)) : null;
        let message: Text;
        if (longer) {
          message = t(
            `${c.provider} gives customers ${human(cover.dur).en} of ${what.en} from ${startC.en} (${nameOf(c)} ${cover.ref ?? ''}); ${s.provider} covers the parts for ${human(sc.duration!).en} from ${startS.en} (${nameOf(s)} ${sc.ref ?? ''})${partsNote.en}. Uncovered: ${span ? `at least ${span.en}` : 'the difference'}${startsLater ? `, plus ${lag.en}` : ''}, which ${c.provider} carries alone.`,
            `${c.provider} 向客户提供自${startC.zh}起 ${human(cover.dur).zh}的${what.zh}（${nameOf(c)} ${cover.ref ?? ''}）；${s.provider} 对部件的保修为自${startS.zh}起 ${human(sc.duration!).zh}（${nameOf(s)} ${sc.ref ?? ''}）${partsNote.zh}。未覆盖部分：${span ? `至少 ${span.zh}` : '两者之差'}${startsLater ? `，另加${lag.zh}` : ''}，由 ${c.provider} 独自承担。`,
          );
        } else {
          message = t(
            `${c.provider}'s ${what.en} runs ${human(cover.dur).en} from ${startC.en} (${nameOf(c)} ${cover.ref ?? ''}); ${s.provider}'s runs ${human(sc.duration!).en} from ${startS.en} (${nameOf(s)} ${sc.ref ?? ''})${partsNote.en}. The customer cover starts later: ${span && approxDays(spanD!) > 0 ? `any unit where ${lag.en} exceeds ${span.en} has an uncovered tail` : `every unit has an uncovered tail as long as ${lag.en}`}.`,
            `${c.provider} 的${what.zh}自${startC.zh}起 ${human(cover.dur).zh}（${nameOf(c)} ${cover.ref ?? ''}）；${s.provider} 的保修自${startS.zh}起 ${human(sc.duration!).zh}（${nameOf(s)} ${sc.ref ?? ''}）${partsNote.zh}。客户保修起算较晚：${span && approxDays(spanD!) > 0 ? `凡${lag.zh}超过 ${span.zh}的设备，末段无上游保障` : `每台设备的末段均无上游保障，长度等于${lag.zh}`}。`,
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
                `Negotiate ${human(cover.dur).en} from ${startC.en} with ${s.provider} for these parts, or shorten the customer cover, or price the uncovered span into the product.`,
                `与 ${s.provider} 协商将这些部件的保修延长为自${startC.zh}起 ${human(cover.dur).zh}，或缩短对客户的保修，或把未覆盖期间的成本计入产品价格。`,
              )
            : t(
                `Have ${s.provider}'s cover start at ${startC.en} (with a latest date), or keep parts stock turning faster than ${span ? span.en : 'the margin'}.`,
                `要求 ${s.provider} 的保修自${startC.zh}起算（并设最迟日期），或使库存周转快于 ${span ? span.zh : '两者之差'}。`,
              ),
          ...(longer
            ? {
                caution: t(
                  `Do not extend or advertise the ${what.en} of ${list(c.scope?.products ?? [c.id])} beyond ${human(sc.duration!).en} without budgeting the cost ${s.provider} will not carry.`,
                  `在未为 ${s.provider} 不承担的成本做预算之前，不要将 ${listZh(c.scope?.products ?? [c.id])} 的${what.zh}延长或宣传为超过 ${human(sc.duration!).zh}。`,
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

// ---------------------------------------------------------------------------------------------
// Clocks

function checkClocks(ctx: Ctx): void {
  for (const a of ctx.set) {
    for (const [i, s] of (a.service_levels ?? []).entries()) {
      const where = a.service_levels!.length > 1 ? `service_levels[${i}]` : 'service_levels';
      const hasTargets = Object.values(s.targets ?? {}).some((v) => v && Object.keys(v).length > 0);
      if (hasTargets && (!s.clock || (s.clock === 'business' && !s.calendar))) {
        const missing = !s.clock ? 'clock' : 'calendar';
        add(ctx, {
          code: 'sla.no_clock',
          severity: 'medium',
          group: 'clocks',
          agreements: [refOf(a)],
          refs: refsOf(a, s.ref),
          message: t(
            `${nameOf(a)} ${where} sets targets with no ${missing}: nobody can say when "${Object.keys(s.targets ?? {})[0]}" cases are late.`,
            `${nameOf(a)} ${where} 设定了时限但未规定${missing === 'clock' ? '计时方式' : '工作日历'}：无法判断案件何时超时。`,
          ),
          fix: t(
            'State `clock: business` with a `calendar`, or `clock: calendar` (wall time).',
            '写明 `clock: business` 并指定 `calendar`，或写明 `clock: calendar`（自然时间）。',
          ),
          details: { field: `${where}.${missing}` },
        });
      }
      for (const [sev, targets] of Object.entries(s.targets ?? {})) {
        if (targets && Object.keys(targets).length > 0) continue;
        add(ctx, {
          code: 'sla.severity_without_targets',
          severity: 'medium',
          group: 'clocks',
          agreements: [refOf(a)],
          refs: refsOf(a, s.ref),
          message: t(
            `${nameOf(a)} names the severity "${sev}" but sets no response, on-site or resolution target for it.`,
            `${nameOf(a)} 列出了 "${sev}" 级别，但未设定任何响应、上门或解决时限。`,
          ),
          fix: t(
            `Give "${sev}" at least a response and a resolution target, or remove it.`,
            `为 "${sev}" 至少设定响应和解决时限，或删除该级别。`,
          ),
          details: { field: `${where}.targets.${sev}` },
        });
      }
    }
    const timed: [string, string | undefined, string | undefined, string | undefined][] = [
      ['support', a.support?.response ?? a.support?.resolution, a.support?.clock, a.support?.calendar],
      [
        'returns.approval',
        a.returns?.approval?.decide_within,
        a.returns?.approval?.clock,
        a.returns?.approval?.calendar,
      ],
    ];
    for (const [field, target, clock, calendar] of timed) {
      if (!target || (clock && (clock === 'calendar' || calendar))) continue;
      const missing = !clock ? 'clock' : 'calendar';
      add(ctx, {
        code: 'sla.no_clock',
        severity: 'medium',
        group: 'clocks',
        agreements: [refOf(a)],
        refs: refsOf(a, field === 'support' ? a.support?.ref : (a.returns?.approval?.ref ?? a.returns?.ref)),
        message: t(
          `${nameOf(a)} ${field} sets a time limit (${target}) with no ${missing}.`,
          `${nameOf(a)} ${field} 设定了时限（${target}）但未规定${missing === 'clock' ? '计时方式' : '工作日历'}。`,
        ),
        fix: t(
          'State the clock (and the calendar for business time).',
          '写明计时方式（按工作时间计时时还需指定日历）。',
        ),
        details: { field: `${field}.${missing}` },
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Vague words in free text

function findVague(value: string): string[] {
  const lower = value.toLowerCase();
  const found: string[] = [];
  for (const word of VAGUE_EN) {
    const re = new RegExp(`(^|[^a-z])${word.replace(/ /g, '\\s+')}([^a-z]|$)`);
    if (re.test(lower) && !found.some((f) => f.includes(word))) found.push(word);
  }
  for (const word of VAGUE_ZH) if (value.includes(word)) found.push(word);
  return found;
}

function walkStrings(value: unknown, path: string, visit: (path: string, text: string) => void): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) walkStrings(v, `${path}[${i}]`, visit);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'ref' || k === 'id') continue;
      walkStrings(v, path ? `${path}.${k}` : k, visit);
    }
  }
}

function sectionRef(a: Agreement, path: string): string | undefined {
  const section = path.split(/[.[]/)[0]!;
  const value = (a as unknown as Record<string, unknown>)[section];
  if (value && typeof value === 'object' && 'ref' in value) return String((value as { ref: unknown }).ref);
  return undefined;
}

function checkWording(ctx: Ctx): void {
  for (const a of ctx.set) {
    walkStrings(a, '', (path, text) => {
      if (path === 'title') return;
      const words = findVague(text);
      if (words.length === 0) return;
      const quoted = words.map((w) => `"${w}"`);
      add(ctx, {
        code: 'wording.vague',
        severity: a.kind === 'distribution' || a.kind === 'service_partner' ? 'high' : 'medium',
        group: 'wording',
        agreements: [refOf(a)],
        refs: refsOf(a, sectionRef(a, path)),
        message: t(
          `${nameOf(a)} ${path} uses ${list(quoted)} where a number is needed: "${text.trim().slice(0, 160)}"`,
          `${nameOf(a)} ${path} 使用了 ${listZh(quoted)}，此处应写明具体数字：「${text.trim().slice(0, 160)}」`,
        ),
        fix: t(
          'Replace each vague word with a duration, a count or a percentage (e.g. "forward warranty cases within 1 business day").',
          '将每个含糊用语替换为具体时限、数量或比例（例如"在 1 个工作日内转交保修案件"）。',
        ),
        details: { field: path, words },
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Cover

function checkCover(ctx: Ctx): void {
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
            'Add `coverage` with start, duration, causes covered and remedies.',
            '增加 `coverage`：起算点、期限、保修原因和补救方式。',
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
          'State `starts_at` (sale, delivery, installation or registration) and a fallback.',
          '写明 `starts_at`（销售、交付、安装或注册）及替代起算点。',
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
          'Add `if_not_recorded: { starts_at: delivery, plus: P60D }` or similar, so every unit has a cover end.',
          '增加 `if_not_recorded: { starts_at: delivery, plus: P60D }` 等，使每台设备都有明确的保修到期日。',
        ),
      });
    }
    for (const [i, x] of (c.excludes ?? []).entries()) {
      const open =
        OPEN_CAUSES.has(x.cause) || /any other|other causes?|\betc\b|其他|其它|等原因/i.test(x.text ?? '');
      if (!open) continue;
      add(ctx, {
        code: 'cover.open_exclusion',
        severity: 'high',
        group: 'cover',
        agreements: [refOf(a)],
        refs: refsOf(a, x.ref ?? c.ref),
        message: t(
          `${nameOf(a)} coverage.excludes[${i}] ("${x.cause}") is open-ended: it lets the provider refuse any claim, and a court or regulator may strike it.`,
          `${nameOf(a)} coverage.excludes[${i}]（"${x.cause}"）为开放式除外条款：提供方可据此拒绝任何索赔，且可能被法院或监管机构认定无效。`,
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
      add(ctx, {
        code: 'cover.no_remedy_order',
        severity: 'medium',
        group: 'cover',
        agreements: [refOf(a)],
        refs: ref,
        message: t(
          `${nameOf(a)} offers ${list(remedies)} but does not say in which order, or who chooses: customers will ask for the costliest.`,
          `${nameOf(a)} 提供 ${listZh(remedies)}，但未规定先后顺序或由谁选择：客户会要求成本最高的方式。`,
        ),
        fix: t(
          `Add \`remedy_order: [${remedies.join(', ')}]\` (repair first, replace when repair fails, refund last).`,
          `增加 \`remedy_order: [${remedies.join(', ')}]\`（先修，修不好再换，最后退款）。`,
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
          'Add `repeat_failure: { after: 2, remedy: replace }` (within the cover period).',
          '增加 `repeat_failure: { after: 2, remedy: replace }`（在保修期内）。',
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
          'Add `repair_warranty: { duration: P90D }` (the longer of it and the remaining cover).',
          '增加 `repair_warranty: { duration: P90D }`（取其与剩余保修期中较长者）。',
        ),
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Statutory floors

function checkStatutory(ctx: Ctx): void {
  const floors = ctx.options.sparePartsFloors ?? SPARE_PARTS_FLOORS;
  for (const a of ctx.set) {
    if (!CUSTOMER_FACING.has(a.kind)) continue;
    const consumer = isConsumer(a);
    const cn = inTerritory(a, inCN);
    const eu = inTerritory(a, inEU);
    const below = (value: string | undefined, floor: string) =>
      !value || approxDays(duration(value)) < approxDays(duration(floor));
    if (consumer && cn) {
      const windows: [string, string | undefined, string, Text][] = [
        [
          'no_reason_window',
          a.returns?.no_reason_window,
          'P7D',
          t('returns without reason (online and distance sales)', '七日无理由退货（网络及远程销售）'),
        ],
        [
          'replacement_window',
          a.returns?.replacement_window,
          'P15D',
          t('replacement for a performance fault', '性能故障更换'),
        ],
      ];
      for (const [field, value, floor, what] of windows) {
        if (!below(value, floor)) continue;
        add(ctx, {
          code:
            field === 'no_reason_window' ? 'statutory.cn_returns_window' : 'statutory.cn_replacement_window',
          severity: value ? 'high' : 'medium',
          group: 'statutory',
          agreements: [refOf(a)],
          refs: refsOf(a, a.returns?.ref),
          message: value
            ? t(
                `${nameOf(a)} returns.${field} is ${human(value).en}; Chinese law gives consumers ${human(floor).en} for ${what.en}.`,
                `${nameOf(a)} returns.${field} 为 ${human(value).zh}；中国法律规定${what.zh}期限为 ${human(floor).zh}。`,
              )
            : t(
                `${nameOf(a)} sells to consumers in China but does not state ${what.en} (at least ${human(floor).en} by law).`,
                `${nameOf(a)} 面向中国消费者销售，但未写明${what.zh}（法定至少 ${human(floor).zh}）。`,
              ),
          fix: t(`Set returns.${field} to at least ${floor}.`, `将 returns.${field} 设为至少 ${floor}。`),
          caution: t(
            `Do not tell consumers in China that ${what.en} is shorter than ${human(floor).en}.`,
            `不要告诉中国消费者${what.zh}短于 ${human(floor).zh}。`,
          ),
          details: { field: `returns.${field}`, value: value ?? null, floor },
        });
      }
    }
    if (consumer && eu && below(a.coverage?.duration, 'P2Y')) {
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
          'Set coverage.duration to at least P2Y for EU consumers.',
          '将欧盟消费者的 coverage.duration 设为至少 P2Y。',
        ),
        caution: t('Do not offer EU consumers less than two years.', '不要向欧盟消费者提供少于两年的保修。'),
        details: { field: 'coverage.duration', value: a.coverage?.duration ?? null, floor: 'P2Y' },
      });
    }
    const markets = new Set<string>();
    for (const code of a.scope?.territory ?? []) {
      if (inEU(code)) markets.add('EU');
      else markets.add(code.slice(0, 2));
    }
    for (const market of markets) {
      const floor = floors[market];
      if (!floor) continue;
      const available = a.spare_parts?.available_for;
      if (!below(available, floor)) continue;
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
}

// ---------------------------------------------------------------------------------------------
// Costs

function checkCosts(ctx: Ctx): void {
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

// ---------------------------------------------------------------------------------------------
// Partners and distributors

const FREQUENCY = /^(daily|weekly|biweekly|monthly|quarterly|annual|yearly)_/;
const DUTY_TARGET: Record<string, TargetKind> = {
  first_line_support: 'response',
  remote_support: 'response',
  phone_support: 'response',
  hotline: 'response',
  onsite_repair: 'onsite',
  onsite_service: 'onsite',
  field_service: 'onsite',
  repair: 'resolution',
};

function checkPartners(ctx: Ctx): void {
  for (const a of ctx.set) {
    const isPartner = a.kind === 'service_partner' || a.kind === 'distribution';
    if (isPartner) {
      const hasTarget = (kind: TargetKind) =>
        (a.service_levels ?? []).some((s) => Object.values(s.targets ?? {}).some((v) => v?.[kind]));
      const unmeasured: string[] = [];
      for (const item of a.duties?.items ?? []) {
        if (typeof item !== 'string') {
          if (!item.within && !item.every && item.target === undefined) unmeasured.push(item.duty);
          continue;
        }
        if (FREQUENCY.test(item)) continue;
        const target = DUTY_TARGET[item];
        if (target && hasTarget(target)) continue;
        unmeasured.push(item);
      }
      if (unmeasured.length > 0) {
        add(ctx, {
          code: 'duties.unmeasurable',
          severity: 'high',
          group: 'partners',
          agreements: [refOf(a)],
          refs: refsOf(a, a.duties?.ref),
          message: t(
            `${nameOf(a)} makes ${a.provider} responsible for ${list(unmeasured)} with no time, frequency or level to measure them by: a failure cannot be shown.`,
            `${nameOf(a)} 要求 ${a.provider} 负责 ${listZh(unmeasured)}，但没有可衡量的时限、频率或标准：无法证明其违约。`,
          ),
          fix: t(
            'Give each duty a measure: `{ duty: first_line_support, within: PT4H }`, a service-level target, or a frequency.',
            '为每项义务设定衡量标准：`{ duty: first_line_support, within: PT4H }`、服务时限或频率。',
          ),
          details: { duties: unmeasured },
        });
      }
      const reports =
        a.duties?.reporting !== undefined ||
        (a.duties?.items ?? []).some((i) => /report/.test(typeof i === 'string' ? i : i.duty));
      if (!reports) {
        add(ctx, {
          code: 'duties.no_reporting',
          severity: 'medium',
          group: 'partners',
          agreements: [refOf(a)],
          refs: refsOf(a, a.duties?.ref),
          message: t(
            `${nameOf(a)} does not oblige ${a.provider} to report on service (cases, failures, parts used): problems surface only as complaints.`,
            `${nameOf(a)} 未要求 ${a.provider} 报告服务情况（案件、故障、用件）：问题只会以投诉形式暴露。`,
          ),
          fix: t(
            'Add a reporting duty, e.g. `reporting: { every: P1M }`.',
            '增加报告义务，例如 `reporting: { every: P1M }`。',
          ),
        });
      }
    }
    if (a.returns) {
      const r = a.returns;
      const measured =
        r.no_reason_window ||
        r.replacement_window ||
        r.approval?.decide_within ||
        r.defective_parts?.report_within ||
        r.defective_parts?.credit_within;
      if (!measured) {
        add(ctx, {
          code: 'returns.unmeasurable',
          severity: isPartner ? 'high' : 'medium',
          group: 'partners',
          agreements: [refOf(a)],
          refs: refsOf(a, r.ref),
          message: t(
            `${nameOf(a)} returns set no window and no decision time: returns become leverage in every commercial discussion.`,
            `${nameOf(a)} 的退货条款没有期限，也没有审批时限：退货会成为每次商务谈判的筹码。`,
          ),
          fix: t(
            'State the return windows, who approves within how long, and who pays for shipping.',
            '写明退货期限、由谁在多长时间内审批，以及运费由谁承担。',
          ),
        });
      }
    }
    const windows: [string, string | undefined, string[] | undefined, string | undefined][] = [
      [
        'compensation.claims.submit_within',
        a.compensation?.claims?.submit_within,
        a.compensation?.claims?.evidence,
        a.compensation?.claims?.ref ?? a.compensation?.ref,
      ],
      [
        'returns.defective_parts.report_within',
        a.returns?.defective_parts?.report_within,
        a.returns?.defective_parts?.evidence,
        a.returns?.defective_parts?.ref ?? a.returns?.ref,
      ],
    ];
    for (const [field, within, evidence, ref] of windows) {
      if (!within || !evidence?.length) continue;
      const gather = Math.max(...evidence.map((e) => seconds(EVIDENCE_LEAD_TIME[e] ?? 'P3D')));
      const work = Math.max(
        0,
        ...(a.service_levels ?? []).flatMap((s) =>
          Object.values(s.targets ?? {}).map((v) => (v?.resolution ? seconds(v.resolution) : 0)),
        ),
      );
      const needed = gather + work;
      if (seconds(within) >= needed) continue;
      add(ctx, {
        code: 'claims.window_too_short',
        severity: 'medium',
        group: 'partners',
        agreements: [refOf(a)],
        refs: refsOf(a, ref),
        message: t(
          `${nameOf(a)} ${field} is ${human(within).en}, but finishing the work and gathering ${list(evidence)} takes about ${hoursText(needed).en}: valid claims will be late.`,
          `${nameOf(a)} ${field} 为 ${human(within).zh}，但完成维修并收集 ${listZh(evidence)} 约需 ${hoursText(needed).zh}：合理的索赔也会逾期。`,
        ),
        fix: t(
          `Allow at least ${hoursText(needed).en}, counted from the end of the repair.`,
          `至少给予 ${hoursText(needed).zh}，自维修完成起算。`,
        ),
        details: { field, window: within, needed_seconds: needed },
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Disputes

function checkDisputes(ctx: Ctx): void {
  for (const a of ctx.set) {
    const d = a.disputes;
    const f = (code: string, severity: Severity, message: Text, fix: Text) =>
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

// ---------------------------------------------------------------------------------------------
// Escalation

const TRIGGER_KINDS: {
  kind: string;
  text: Text;
  has: (r: NonNullable<Agreement['escalation']>['rules']) => boolean;
  customerOnly: boolean;
}[] = [
  {
    kind: 'sla_breach',
    text: t('a breached service-level target', '服务时限违约'),
    has: (r) => !!r?.some((x) => x.when.breached),
    customerOnly: false,
  },
  {
    kind: 'repeat_failures',
    text: t('repeat failures on one unit', '同一设备重复故障'),
    has: (r) => !!r?.some((x) => x.when.repeat_failures),
    customerOnly: true,
  },
  {
    kind: 'batch_failure',
    text: t('a batch failure rate', '批量故障率'),
    has: (r) => !!r?.some((x) => x.when.batch_failure_rate !== undefined),
    customerOnly: true,
  },
  {
    kind: 'safety_issue',
    text: t('a safety issue', '安全问题'),
    has: (r) => !!r?.some((x) => x.when.safety_issue),
    customerOnly: true,
  },
  {
    kind: 'legal_threat',
    text: t(
      'a customer threatening legal action, the media or a regulator',
      '客户威胁诉讼、媒体曝光或向监管机构投诉',
    ),
    has: (r) => !!r?.some((x) => x.when.customer_threatens?.length),
    customerOnly: true,
  },
];

function describeTrigger(w: EscalationRule): Text {
  const parts: Text[] = [];
  const when = w.when;
  if (when.breached)
    parts.push(
      t(`${TARGET_TEXT[when.breached].en} target breached`, `${TARGET_TEXT[when.breached].zh}时限违约`),
    );
  if (when.repeat_failures)
    parts.push(
      t(
        `${when.repeat_failures} failures on one unit${when.within ? ` within ${human(when.within).en}` : ''}`,
        `同一设备${when.within ? ` ${human(when.within).zh}内` : ''}故障 ${when.repeat_failures} 次`,
      ),
    );
  if (when.batch_failure_rate !== undefined)
    parts.push(
      t(
        `failure rate above ${when.batch_failure_rate * 100}%${when.window ? ` over ${human(when.window).en}` : ''}`,
        `${when.window ? `${human(when.window).zh}内` : ''}故障率超过 ${when.batch_failure_rate * 100}%`,
      ),
    );
  if (when.safety_issue) parts.push(t('a safety issue', '安全问题'));
  if (when.customer_threatens?.length)
    parts.push(
      t(`customer threatens ${list(when.customer_threatens)}`, `客户威胁 ${listZh(when.customer_threatens)}`),
    );
  if (when.complaints) parts.push(t(`${when.complaints} complaints`, `投诉 ${when.complaints} 次`));
  return t(parts.map((p) => p.en).join(' and ') || 'unstated', parts.map((p) => p.zh).join('且') || '未说明');
}

function checkEscalation(ctx: Ctx): EscalationOverview[] {
  const overview: EscalationOverview[] = [];
  for (const a of ctx.set) {
    const facing = CUSTOMER_FACING.has(a.kind);
    const partner = a.kind === 'service_partner' || a.kind === 'distribution';
    const rules = a.escalation?.rules;
    const defined: EscalationTrigger[] = (rules ?? []).map((r) => ({
      agreement: refOf(a),
      ref: r.ref ?? a.escalation?.ref ?? null,
      level: r.level,
      trigger: describeTrigger(r),
      act_within: r.act_within ?? null,
    }));
    const lacking =
      facing || partner
        ? TRIGGER_KINDS.filter((k) => (facing || !k.customerOnly) && !k.has(rules)).map((k) => ({
            kind: k.kind,
            text: k.text,
          }))
        : [];
    overview.push({ agreement: refOf(a), title: a.title, defined, lacking });
    if (!(facing || partner)) continue;
    if (!rules?.length) {
      add(ctx, {
        code: 'escalation.none',
        severity: 'medium',
        group: 'escalation',
        agreements: [refOf(a)],
        refs: [],
        message: t(
          `${nameOf(a)} defines no escalation: service failures under it reach management only as disputes.`,
          `${nameOf(a)} 未规定升级机制：其下的服务问题只会以争议形式到达管理层。`,
        ),
        fix: t(
          'Add `escalation.rules`: breached targets to a supervisor, repeat failures and safety issues to management.',
          '增加 `escalation.rules`：时限违约升级至主管，重复故障和安全问题升级至管理层。',
        ),
      });
    } else if (lacking.length > 0) {
      const safety = lacking.some((l) => l.kind === 'safety_issue');
      add(ctx, {
        code: 'escalation.missing_triggers',
        severity: safety ? 'medium' : 'low',
        group: 'escalation',
        agreements: [refOf(a)],
        refs: refsOf(a, a.escalation?.ref),
        message: t(
          `${nameOf(a)} escalates nothing on ${list(lacking.map((l) => l.text.en))}.`,
          `${nameOf(a)} 对${listZh(lacking.map((l) => l.text.zh))}未规定升级。`,
        ),
        fix: t(
          'Add a rule for each, with a level and a time to act.',
          '为每种情形增加升级规则，写明级别和处理时限。',
        ),
        details: { lacking: lacking.map((l) => l.kind) },
      });
    }
  }
  return overview;
}

// ---------------------------------------------------------------------------------------------

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
const GROUP_ORDER: FindingGroup[] = [
  'back_to_back',
  'upstream',
  'statutory',
  'cover',
  'costs',
  'partners',
  'wording',
  'clocks',
  'disputes',
  'escalation',
];

/**
 * Checks agreements as one set. When several versions of an agreement are given, the newest is
 * checked (the set as it stands). Pure: the same set gives the same findings in the same order.
 */
export function checkTerms(agreements: readonly Agreement[], options: CheckOptions = {}): CheckReport {
  const set = latestVersions(agreements);
  const ctx: Ctx = { set, options, findings: [] };
  checkBackToBack(ctx);
  checkUpstream(ctx);
  checkClocks(ctx);
  checkWording(ctx);
  checkCover(ctx);
  checkStatutory(ctx);
  checkCosts(ctx);
  checkPartners(ctx);
  checkDisputes(ctx);
  const escalation = checkEscalation(ctx);
  const findings = ctx.findings
    .map((f, i) => ({ f, i }))
    .sort(
      (x, y) =>
        SEVERITY_ORDER[x.f.severity] - SEVERITY_ORDER[y.f.severity] ||
        GROUP_ORDER.indexOf(x.f.group) - GROUP_ORDER.indexOf(y.f.group) ||
        x.i - y.i,
    )
    .map(({ f }) => f);
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    agreements: set.map((a) => ({ ...refOf(a), title: a.title, kind: a.kind })),
    findings,
    counts,
    escalation,
  };
}
