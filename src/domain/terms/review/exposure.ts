/**
 * Money at stake per year for each risk the check found, from the tenant's data (installed base,
 * part costs, failure rates, rates, credits) or stated assumptions, with the arithmetic written
 * out so a reader can redo it. Findings about the same thing (one partner slower on two targets,
 * one distributor's vague duties and returns) make one risk line.
 */
import type { Label } from '../../label.ts';
import { duration } from '../../time/index.ts';
import { territoryWithin } from '../../unit/index.ts';
import { type Agreement, CUSTOMER_FACING } from '../agreement.ts';
import { approxDays } from '../check/durations.ts';
import type { Finding, FindingCode } from '../check/index.ts';
import { type Assumptions, assumptionsOf, DEFAULT_RATES, type ReviewData } from './data.ts';

export type Lens = 'warranty_cost' | 'customer_expectations' | 'partner_leverage' | 'escalation_timing';

export const LENS_LABELS: Record<Lens, Label> = {
  warranty_cost: { en: 'Warranty cost', zh: '保修成本' },
  customer_expectations: { en: 'Customer expectations', zh: '客户预期' },
  partner_leverage: { en: 'Service-partner leverage', zh: '服务伙伴约束力' },
  escalation_timing: { en: 'Escalation timing', zh: '升级时机' },
};

const LENS_OF: Partial<Record<FindingCode, Lens>> = {
  'sla.partner_slower': 'partner_leverage',
  'sla.onsite_no_partner': 'partner_leverage',
  'sla.clock_mismatch': 'partner_leverage',
  'credits.unfunded': 'partner_leverage',
  'duties.unmeasurable': 'partner_leverage',
  'duties.no_reporting': 'partner_leverage',
  'returns.unmeasurable': 'partner_leverage',
  'wording.vague': 'partner_leverage',
  'claims.window_too_short': 'partner_leverage',
  'disputes.none': 'partner_leverage',
  'disputes.no_forum': 'partner_leverage',
  'disputes.no_governing_law': 'partner_leverage',
  'disputes.no_notice': 'partner_leverage',
  'disputes.arbitration_incomplete': 'partner_leverage',
  'disputes.court_unnamed': 'partner_leverage',
  'sla.business_hours_read_as_wall_time': 'customer_expectations',
  'sla.targets_contradict': 'customer_expectations',
  'sla.no_clock': 'customer_expectations',
  'sla.severity_without_targets': 'customer_expectations',
  'sla.no_default_levels': 'customer_expectations',
  'statutory.cn_returns_window': 'customer_expectations',
  'statutory.cn_replacement_window': 'customer_expectations',
  'statutory.cn_sanbao_fault_refund': 'customer_expectations',
  'statutory.cn_sanbao_repair_time': 'customer_expectations',
  'cover.no_remedy_order': 'customer_expectations',
  'cover.safety_suspended': 'escalation_timing',
  'escalation.none': 'escalation_timing',
  'escalation.missing_triggers': 'escalation_timing',
};

export function lensOf(code: FindingCode): Lens {
  return LENS_OF[code] ?? 'warranty_cost';
}

export interface RiskLine {
  lens: Lens;
  /** What the risk is, in one sentence. */
  risk: Label;
  /** The clauses, as people cite them ("CH-900 warranty §4.6"). */
  clauses: Label;
  /** CNY a year; 0 when the data gives no basis (the line says so). */
  amount: number;
  /** The arithmetic and the figures it used, each marked as the tenant's or a default. */
  basis: Label;
  fix: Label;
  findings: Finding[];
  severity: Finding['severity'];
}

interface Env {
  data: ReviewData;
  a: Assumptions;
  stated: Set<string>;
  set: Map<string, Agreement>;
  rates: typeof DEFAULT_RATES;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

function units(env: Env, product: string, territories?: readonly string[]): number {
  const base = env.data.products?.[product]?.installed_base ?? {};
  let total = 0;
  for (const [area, count] of Object.entries(base)) {
    if (!territories || territories.some((t) => t === area || territoryWithin(area, t))) total += count;
  }
  return total;
}

function productsOf(a: Agreement | undefined): string[] {
  return a?.scope?.products ?? [];
}

const ASSUMPTION_ZH: Record<keyof Assumptions, string> = {
  share_of_targets_missed: '未达时限比例',
  breaches_per_unit_year: '每台每年违约次数',
  disputes_share_business_hours: '发生争议的比例',
  goodwill_per_dispute: '每次争议的商誉补偿（元）',
  repeat_failure_share: '重复故障比例',
  consequential_claims_per_1000_units: '每千台间接损失索赔数',
  consequential_claim: '每次间接损失索赔额',
  overdue_share: '逾期付款设备比例',
  harm_probability: '造成人身损害的概率',
  harm_damages: '人身损害赔偿额',
  distributor_return_rate: '经销商退货率',
  distributor_share_of_sales: '经销商销售占比',
  unrecovered_return_share: '无法追回的退货比例',
  legal_dispute_cost: '每次争议法律费用',
  disputes_per_year: '每年争议数',
};

/** An assumption's value, with "(default)" when the tenant did not state it. */
function as(env: Env, key: keyof Assumptions): { v: number; note: Label } {
  const v = env.a[key];
  const mark = env.stated.has(key) ? { en: '', zh: '' } : { en: ' (default)', zh: '（默认）' };
  return {
    v,
    note: { en: `${key.replace(/_/g, ' ')} ${v}${mark.en}`, zh: `${ASSUMPTION_ZH[key]} ${v}${mark.zh}` },
  };
}

function creditPerBreach(env: Env, c: Agreement | undefined, product: string): number {
  const per = c?.service_levels?.find((b) => b.credits?.per_breach)?.credits?.per_breach;
  const fee = env.data.products?.[product]?.annual_service_fee ?? 0;
  if (!per) return 0;
  if (per.amount !== undefined) return per.amount;
  return ((per.percent_of_annual_fee ?? per.percent_of_fee ?? 0) / 100) * fee;
}

function casesPerUnit(env: Env, product: string, severity: string): number {
  return env.data.products?.[product]?.cases_per_unit_year?.[severity] ?? 0.5;
}

const L = (en: string, zh: string): Label => ({ en, zh });

/** Yearly money for one finding, with its basis; null when the data has nothing to go on. */
function price(env: Env, f: Finding): { amount: number; basis: Label } | null {
  const d = (f.details ?? {}) as Record<string, unknown>;
  const c = env.set.get(String(d.customer ?? d.agreement ?? f.agreements[0]?.id));
  switch (f.code) {
    case 'sla.partner_slower': {
      const product = String(d.product);
      const u = units(env, product, d.territories as string[]);
      const cases = casesPerUnit(env, product, String(d.severity));
      const miss = as(env, 'share_of_targets_missed');
      const credit = creditPerBreach(env, c, product) || env.a.goodwill_per_dispute;
      return {
        amount: u * cases * miss.v * credit,
        basis: L(
          `${u} units × ${cases} ${d.severity} cases/unit/yr × ${miss.note.en} × ${n(credit)} CNY credit per breach`,
          `${u} 台 × 每台每年 ${cases} 件 × ${miss.note.zh} × 每次赔付 ${n(credit)} 元`,
        ),
      };
    }
    case 'sla.onsite_no_partner': {
      const product = String(d.product);
      const covered = (d.covered as string[]) ?? [];
      const base = env.data.products?.[product]?.installed_base ?? {};
      const u = Object.entries(base)
        .filter(([area]) => !covered.some((cv) => area === cv || territoryWithin(area, cv)))
        .reduce((s, [, k]) => s + k, 0);
      const sevs = (d.severities as string[]) ?? [];
      const cases = sevs.reduce((s, sev) => s + casesPerUnit(env, product, sev), 0);
      const visit = env.rates.long_distance_visit;
      return {
        amount: u * cases * visit,
        basis: L(
          `${u} units outside partner areas × ${cases} on-site cases/unit/yr × ${n(visit)} CNY per long-distance visit`,
          `${u} 台位于无服务伙伴地区 × 每台每年 ${cases} 次上门 × 每次远程派员 ${n(visit)} 元`,
        ),
      };
    }
    case 'credits.unfunded': {
      const products = (d.products as string[]) ?? productsOf(c);
      const block = c?.service_levels?.find((b) => b.credits?.per_breach);
      const capPct = block?.credits?.cap?.percent_of_annual_fee;
      const breaches = as(env, 'breaches_per_unit_year');
      let amount = 0;
      const parts: string[] = [];
      const partsZh: string[] = [];
      for (const p of products) {
        const u = units(env, p);
        const fee = env.data.products?.[p]?.annual_service_fee ?? 0;
        const per = creditPerBreach(env, c, p);
        const perUnit = Math.min(
          per * breaches.v,
          capPct !== undefined ? (capPct / 100) * fee : Number.POSITIVE_INFINITY,
        );
        amount += u * perUnit;
        parts.push(
          `${u} units × min(${breaches.note.en} × ${n(per)} CNY, cap ${capPct ?? '-'} % of ${n(fee)} CNY)`,
        );
        partsZh.push(
          `${u} 台 × min(${breaches.note.zh} × ${n(per)} 元, 上限 ${n(fee)} 元的 ${capPct ?? '-'}%)`,
        );
      }
      return { amount, basis: L(parts.join(' + '), partsZh.join(' + ')) };
    }
    case 'upstream.cover_longer': {
      const category = d.part_category ? String(d.part_category) : null;
      const customerYears = approxDays(duration(String(d.customer_cover))) / 365.25;
      const supplierYears = approxDays(duration(String(d.supplier_cover))) / 365.25;
      const share = Math.max(0, (customerYears - supplierYears) / customerYears);
      let amount = 0;
      const en: string[] = [];
      const zh: string[] = [];
      for (const part of env.data.parts ?? []) {
        if (category && part.part_category !== category) continue;
        for (const p of part.products ?? productsOf(c)) {
          if (!productsOf(c).includes(p)) continue;
          const u = units(env, p);
          const rate = part.failure_rate_per_year ?? 0.02;
          const each =
            (part.cost ?? 0) +
            (part.repair_hours ?? 2) * env.rates.labor_per_hour +
            env.rates.travel_per_visit;
          amount += u * share * rate * each;
          en.push(
            `${u} ${p} × ${pct(share)} of units past the supplier's cover × ${pct(rate)} ${part.part} failures/yr × ${n(each)} CNY (part, labor, travel)`,
          );
          zh.push(
            `${u} 台 ${p} × ${pct(share)} 超出供应商保修 × 年故障率 ${pct(rate)} × 每次 ${n(each)} 元（部件、人工、差旅）`,
          );
        }
      }
      return en.length ? { amount, basis: L(en.join(' + '), zh.join(' + ')) } : null;
    }
    case 'cover.no_repeat_failure_remedy': {
      const share = as(env, 'repeat_failure_share');
      let amount = 0;
      const en: string[] = [];
      const zh: string[] = [];
      for (const p of productsOf(c)) {
        const prod = env.data.products?.[p];
        const rate =
          (env.data.parts ?? [])
            .filter((x) => x.products?.includes(p))
            .reduce((s, x) => s + (x.failure_rate_per_year ?? 0), 0) || 0.02;
        const u = units(env, p);
        amount += u * rate * share.v * (prod?.price ?? 0);
        en.push(
          `${u} ${p} × ${pct(rate)} failures/yr × ${share.note.en} × ${n(prod?.price ?? 0)} CNY replacement`,
        );
        zh.push(`${u} 台 ${p} × 年故障率 ${pct(rate)} × ${share.note.zh} × 换机 ${n(prod?.price ?? 0)} 元`);
      }
      return {
        amount,
        basis: L(
          `${en.join(' + ')}: replacements the law grants anyway, unbudgeted and disputed`,
          `${zh.join(' + ')}：法律本已给予、但未列预算且易生争议的换机`,
        ),
      };
    }
    case 'liability.none': {
      if (!c || !CUSTOMER_FACING.has(c.kind)) return null;
      const rate = as(env, 'consequential_claims_per_1000_units');
      const claim = as(env, 'consequential_claim');
      const u = productsOf(c).reduce((s, p) => s + units(env, p), 0);
      return {
        amount: (u / 1000) * rate.v * claim.v,
        basis: L(
          `${u} units × ${rate.note.en} × ${claim.note.en} CNY`,
          `${u} 台 × ${rate.note.zh} × ${claim.note.zh} 元`,
        ),
      };
    }
    case 'cover.safety_suspended': {
      const overdue = as(env, 'overdue_share');
      const harm = as(env, 'harm_probability');
      const damages = as(env, 'harm_damages');
      let amount = 0;
      const en: string[] = [];
      for (const p of productsOf(c)) {
        const u = units(env, p);
        const crit = casesPerUnit(env, p, 'critical');
        amount += u * overdue.v * crit * harm.v * damages.v;
        en.push(`${u} units × ${overdue.note.en} × ${crit} critical failures/unit/yr`);
      }
      return {
        amount,
        basis: L(
          `${en.join(' + ')} × ${harm.note.en} × ${damages.note.en} CNY`,
          `${en.join(' + ')} × ${harm.note.zh} × ${damages.note.zh} 元`,
        ),
      };
    }
    case 'sla.business_hours_read_as_wall_time': {
      const share = as(env, 'disputes_share_business_hours');
      const goodwill = as(env, 'goodwill_per_dispute');
      let amount = 0;
      const en: string[] = [];
      const zh: string[] = [];
      const sevs = new Set(((d.traps as { severity: string }[]) ?? []).map((x) => x.severity));
      for (const p of productsOf(c)) {
        const u = units(env, p);
        const cases = [...sevs].reduce((s, sev) => s + casesPerUnit(env, p, sev), 0);
        const credit = creditPerBreach(env, c, p);
        amount += u * cases * share.v * (credit + goodwill.v);
        en.push(
          `${u} units × ${cases} cases/unit/yr × ${share.note.en} × (${n(credit)} CNY credit + ${goodwill.note.en})`,
        );
        zh.push(
          `${u} 台 × 每台每年 ${cases} 件 × ${share.note.zh} × （赔付 ${n(credit)} 元 + ${goodwill.note.zh}）`,
        );
      }
      return { amount, basis: L(en.join(' + '), zh.join(' + ')) };
    }
    case 'sla.targets_contradict': {
      if (!c || !CUSTOMER_FACING.has(c.kind)) return null;
      const miss = as(env, 'share_of_targets_missed');
      let amount = 0;
      const en: string[] = [];
      const zh: string[] = [];
      for (const p of productsOf(c)) {
        const u = units(env, p);
        const cases = casesPerUnit(env, p, String(d.severity));
        const credit = creditPerBreach(env, c, p) || env.a.goodwill_per_dispute;
        amount += u * cases * miss.v * credit;
        en.push(`${u} units × ${cases} ${d.severity} cases/unit/yr × ${miss.note.en} × ${n(credit)} CNY`);
        zh.push(`${u} 台 × 每台每年 ${cases} 件 × ${miss.note.zh} × ${n(credit)} 元`);
      }
      return en.length ? { amount, basis: L(en.join(' + '), zh.join(' + ')) } : null;
    }
    case 'duties.unmeasurable':
    case 'returns.unmeasurable':
    case 'wording.vague': {
      const a = env.set.get(f.agreements[0]!.id);
      if (a?.kind !== 'distribution') return null;
      const share = as(env, 'distributor_share_of_sales');
      const rr = as(env, 'distributor_return_rate');
      const lost = as(env, 'unrecovered_return_share');
      let sales = 0;
      for (const p of productsOf(a))
        sales += (env.data.products?.[p]?.sold_per_year ?? 0) * (env.data.products?.[p]?.price ?? 0);
      return {
        amount: sales * share.v * rr.v * lost.v,
        basis: L(
          `${n(sales)} CNY sales/yr × ${share.note.en} × ${rr.note.en} × ${lost.note.en}`,
          `年销售额 ${n(sales)} 元 × ${share.note.zh} × ${rr.note.zh} × ${lost.note.zh}`,
        ),
      };
    }
    case 'statutory.cn_sanbao_fault_refund':
    case 'statutory.cn_returns_window':
    case 'statutory.cn_replacement_window': {
      let sales = 0;
      for (const p of productsOf(c))
        sales += (env.data.products?.[p]?.sold_per_year ?? 0) * (env.data.products?.[p]?.price ?? 0);
      const share = as(env, 'disputes_share_business_hours');
      const early = 0.005;
      return {
        amount: sales * early * share.v,
        basis: L(
          `${n(sales)} CNY sales/yr × 0.5 % early faults × ${share.note.en} contested (before fines under Consumer Law art. 56)`,
          `年销售额 ${n(sales)} 元 × 早期故障 0.5% × ${share.note.zh} 发生争议（未计《消费者权益保护法》第五十六条罚款）`,
        ),
      };
    }
    case 'disputes.no_forum':
    case 'disputes.none':
    case 'disputes.no_governing_law': {
      const cost = as(env, 'legal_dispute_cost');
      const per = as(env, 'disputes_per_year');
      return {
        amount: cost.v * per.v,
        basis: L(
          `${per.note.en} × ${cost.note.en} CNY spent on where to fight`,
          `${per.note.zh} × ${cost.note.zh} 元用于管辖之争`,
        ),
      };
    }
    default:
      return null;
  }
}

/** The risk in words: the finding's name and, where it helps, the figures that make it. */
function subject(f: Finding, env: Env): Label {
  const d = (f.details ?? {}) as Record<string, unknown>;
  const name = (k: string) => env.data.parties?.[k] ?? { en: k, zh: k };
  if (f.code === 'sla.business_hours_read_as_wall_time') {
    const traps = (d.traps as { hours: number; days: number }[]) ?? [];
    return L(
      `${f.label.en}: ${traps.map((x) => `"${x.hours} hours" = ${x.hours} business hours = ${x.days} working days`).join('; ')}`,
      `${f.label.zh}：${traps.map((x) => `“${x.hours}小时” = ${x.hours} 个工作小时 = ${x.days} 个工作日`).join('；')}`,
    );
  }
  if (f.code === 'credits.unfunded') {
    const c = env.set.get(String(d.customer));
    const cr = c?.service_levels?.find((b) => b.credits?.per_breach)?.credits;
    const partners = ((d.partners as string[]) ?? []).map((id) => name(env.set.get(id)?.provider ?? id));
    return L(
      `${f.label.en}: ${cr?.per_breach?.percent_of_annual_fee ?? ''} % per breach, cap ${cr?.cap?.percent_of_annual_fee ?? '-'} %, not recovered from ${partners.map((p) => p.en).join(', ')}`,
      `${f.label.zh}：每次 ${cr?.per_breach?.percent_of_annual_fee ?? ''}%，上限 ${cr?.cap?.percent_of_annual_fee ?? '-'}%，无法向${partners.map((p) => p.zh).join('、')}追偿`,
    );
  }
  if (
    f.code === 'sla.partner_slower' ||
    f.code === 'sla.onsite_no_partner' ||
    f.code === 'duties.unmeasurable'
  ) {
    const who = f.agreements
      .map((a) => env.set.get(a.id))
      .filter((a) => a && !CUSTOMER_FACING.has(a.kind))
      .map((a) => name(a!.provider));
    if (who.length)
      return L(
        `${f.label.en} (${who.map((w) => w.en).join(', ')})`,
        `${f.label.zh}（${who.map((w) => w.zh).join('、')}）`,
      );
  }
  return f.label;
}

/** Which findings make one line: same code family over the same agreements, and a distributor's wording, duties and returns together. */
function groupKey(f: Finding, set: Map<string, Agreement>): string {
  const first = set.get(f.agreements[0]!.id);
  if (
    ['duties.unmeasurable', 'returns.unmeasurable', 'wording.vague'].includes(f.code) &&
    first?.kind === 'distribution'
  )
    return `distributor:${first.id}`;
  if (f.code === 'sla.partner_slower') return `${f.code}:${f.agreements.map((a) => a.id).join(',')}`;
  return `${f.code}:${f.agreements.map((a) => a.id).join(',')}:${f.refs.map((r) => r.ref).join(',')}`;
}

const SEV_RANK = { high: 0, medium: 1, low: 2 } as const;

/** The risk lines of a check's findings, largest money first. */
export function riskLines(
  findings: readonly Finding[],
  agreements: readonly Agreement[],
  data: ReviewData,
  clauseName: (agreement: string, ref: string) => Label,
): RiskLine[] {
  const { values, stated } = assumptionsOf(data);
  const env: Env = {
    data,
    a: values,
    stated,
    set: new Map(agreements.map((a) => [a.id, a])),
    rates: { ...DEFAULT_RATES, ...data.rates },
  };
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = groupKey(f, env.set);
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const lines: RiskLine[] = [];
  for (const fs of groups.values()) {
    const priced = fs
      .map((f) => price(env, f))
      .filter((p): p is { amount: number; basis: Label } => p !== null);
    // Findings on one thing overlap: the line is the largest of them, not their sum.
    const best = priced.sort((x, y) => y.amount - x.amount)[0];
    const first = fs.sort((x, y) => SEV_RANK[x.severity] - SEV_RANK[y.severity])[0]!;
    const refs = [
      ...new Map(
        fs
          .flatMap((f) => (f.refs.length ? f.refs : f.agreements.map((a) => ({ agreement: a.id, ref: '' }))))
          .map((r) => [`${r.agreement}${r.ref}`, r]),
      ).values(),
    ];
    const names = refs.map((r) => clauseName(r.agreement, r.ref));
    lines.push({
      lens: lensOf(first.code),
      risk: subject(first, env),
      clauses: { en: names.map((x) => x.en).join('; '), zh: names.map((x) => x.zh).join('；') },
      amount: best ? Math.round(best.amount) : 0,
      basis: best?.basis ?? { en: 'not priced: no figures in the data', zh: '未估算：数据中无相关数字' },
      fix: first.fix,
      findings: fs,
      severity: first.severity,
    });
  }
  return lines.sort((x, y) => y.amount - x.amount || SEV_RANK[x.severity] - SEV_RANK[y.severity]);
}
