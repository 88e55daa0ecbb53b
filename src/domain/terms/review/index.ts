/**
 * The first-pass review a China after-sales lawyer delivers, from terms as data: a one-page risk
 * summary ordered by money at stake per year and grouped by the four lenses of the founding
 * document (warranty cost, customer expectations, service-partner leverage, escalation timing),
 * a clause mark-up with replacement wording, operating cautions, and escalation triggers as one
 * management set the case escalation engine evaluates. Pure: the caller reads files and writes
 * documents.
 */
import type { Label } from '../../label.ts';
import { type Agreement, CUSTOMER_FACING, type EscalationRule } from '../agreement.ts';
import type { CheckOptions, Finding } from '../check/index.ts';
import { checkOptionsOf, type ReviewData } from './data.ts';
import { LENS_LABELS, type Lens, type RiskLine, riskLines } from './exposure.ts';
import { type Markup, markUp } from './markup.ts';
import { CN_TERRITORIES, type Names } from './wording.ts';

export {
  applyConfirmed,
  type ConfirmedClause,
  type ConfirmedValue,
  type ConfirmProblem,
  nextVersionOf,
} from './confirm.ts';
export { checkOptionsOf, DEFAULT_ASSUMPTIONS, DEFAULT_RATES, type ReviewData } from './data.ts';
export { type ProposedClause, type ProposedValue, readDraft } from './draft.ts';
export { LENS_LABELS, type Lens, type RiskLine } from './exposure.ts';
export type { ClauseEdit, Markup } from './markup.ts';
export { diffTokens } from './redline.ts';

export interface Caution {
  topic: 'distributor_promises' | 'refunds_returns' | 'service_credits' | 'suspension' | 'customer_promises';
  text: Label;
  clauses: Label;
}

export interface ManagementTrigger extends EscalationRule {
  /** The trigger in words, for the people who act on it. */
  label: Label;
}

export interface Review {
  lines: RiskLine[];
  markup: Markup;
  cautions: Caution[];
  triggers: ManagementTrigger[];
  currency: string;
}

export const CAUTION_TOPICS: Record<Caution['topic'], Label> = {
  distributor_promises: { en: 'What the distributor may promise', zh: '经销商可作出的承诺' },
  customer_promises: { en: 'Promises to customers', zh: '对客户的承诺' },
  refunds_returns: { en: 'Refunds and returns', zh: '退款与退货' },
  service_credits: { en: 'Service credits', zh: '服务赔付' },
  suspension: { en: 'Suspension of service', zh: '暂停服务' },
};

/** Names for wording and summaries, from the tenant's data and the label maps the caller gives. */
export function namesOf(
  data: ReviewData,
  labels: {
    severities?: Readonly<Record<string, Label>>;
    partCategories?: Readonly<Record<string, Label>>;
  } = {},
): Names {
  const lower = (l: Label): Label => ({ en: l.en.charAt(0).toLowerCase() + l.en.slice(1), zh: l.zh });
  return {
    party: (k) => data.parties?.[k] ?? { en: k, zh: k },
    product: (k) => data.products?.[k]?.name ?? { en: k, zh: k },
    calendar: (k) => data.calendars?.[k] ?? { en: k, zh: k },
    severity: (k) => (labels.severities?.[k] ? lower(labels.severities[k]) : { en: k, zh: k }),
    category: (k) =>
      labels.partCategories?.[k] ? lower(labels.partCategories[k]) : { en: k.replace(/_/g, ' '), zh: k },
    territory: (k) => CN_TERRITORIES[k] ?? { en: k, zh: k },
  };
}

/** How people cite a clause: the customer terms by their products, partner terms by the partner. */
export function clauseNamer(
  set: readonly Agreement[],
  names: Names,
): (agreement: string, ref: string) => Label {
  const byId = new Map(set.map((a) => [a.id, a]));
  return (id, ref) => {
    const a = byId.get(id);
    if (!a) return { en: `${id} ${ref}`, zh: `${id} ${ref}` };
    if (CUSTOMER_FACING.has(a.kind)) {
      const p = (a.scope?.products ?? []).map(names.product);
      const first = p[0] ?? { en: a.title, zh: a.title };
      const en = p.length > 1 ? first.en.replace(/\s*\d+.*$/, '').trim() || first.en : first.en;
      return {
        en: `${en} warranty ${ref}`.trim(),
        zh: `${p.length > 1 ? first.zh.replace(/\s*\d+\s*/, '') : first.zh}保修条款 ${ref}`.trim(),
      };
    }
    const party = names.party(a.provider);
    const kind = {
      service_partner: { en: 'service agreement', zh: '服务协议' },
      distribution: { en: 'distribution agreement', zh: '经销协议' },
      supply: { en: 'supply agreement', zh: '供货协议' },
    }[a.kind as 'supply'] ?? { en: 'agreement', zh: '协议' };
    return { en: `${party.en} ${kind.en} ${ref}`.trim(), zh: `${party.zh}${kind.zh} ${ref}`.trim() };
  };
}

function cautionsOf(
  set: readonly Agreement[],
  findings: readonly Finding[],
  names: Names,
  cite: (a: string, r: string) => Label,
): Caution[] {
  const out: Caution[] = [];
  const join = (fs: { agreement: string; ref: string }[]) => {
    const xs = fs.map((r) => cite(r.agreement, r.ref));
    return { en: xs.map((x) => x.en).join('; '), zh: xs.map((x) => x.zh).join('；') };
  };
  const TOPIC: Partial<Record<string, Caution['topic']>> = {
    'credits.unfunded': 'service_credits',
    'cover.safety_suspended': 'suspension',
    'statutory.cn_sanbao_fault_refund': 'refunds_returns',
    'statutory.cn_returns_window': 'refunds_returns',
    'statutory.cn_replacement_window': 'refunds_returns',
  };
  const seen = new Set<string>();
  for (const f of findings) {
    if (!f.caution || seen.has(f.caution.en)) continue;
    seen.add(f.caution.en);
    out.push({ topic: TOPIC[f.code] ?? 'customer_promises', text: f.caution, clauses: join(f.refs) });
  }
  // What each distributor may promise: only what the customer terms and the partners underpin.
  for (const d of set.filter((a) => a.kind === 'distribution')) {
    const dist = names.party(d.provider);
    const brand = names.party(d.recipient);
    const customer = set.filter((a) => CUSTOMER_FACING.has(a.kind) && a.provider === d.recipient);
    const cites = customer.map((c) => cite(c.id, c.service_levels?.[0]?.ref ?? c.coverage?.ref ?? ''));
    const citeText = { en: cites.map((c) => c.en).join('; '), zh: cites.map((c) => c.zh).join('；') };
    out.push(
      {
        topic: 'distributor_promises',
        text: {
          en: `${dist.en} may promise customers only ${brand.en}'s published warranty and service times (${citeText.en}); no longer cover, faster visits, refunds or service credits without ${brand.en}'s written consent.`,
          zh: `${dist.zh}对客户只能承诺${brand.zh}已公布的保修及服务时限（${citeText.zh}）；未经${brand.zh}书面同意，不得承诺更长保修、更快上门、退款或服务赔付。`,
        },
        clauses: cite(d.id, d.duties?.ref ?? ''),
      },
      {
        topic: 'refunds_returns',
        text: {
          en: `${dist.en} takes in returns and forwards them to ${brand.en}; it may not accept a refund on ${brand.en}'s account beyond the statutory 7-day windows until ${brand.en} has decided.`,
          zh: `${dist.zh}负责接收退货并转交${brand.zh}；在${brand.zh}作出决定前，除法定七日期限外不得代${brand.zh}同意退款。`,
        },
        clauses: cite(d.id, d.returns?.ref ?? ''),
      },
    );
  }
  for (const c of set.filter((a) => CUSTOMER_FACING.has(a.kind) && a.coverage?.suspended_while?.length)) {
    out.push({
      topic: 'suspension',
      text: {
        en: `Suspend service for non-payment only after written notice and management approval; never withhold safety work.`,
        zh: '因欠款暂停服务须先书面通知并经管理层批准；任何情况下不得停止安全相关服务。',
      },
      clauses: cite(c.id, c.coverage!.suspended_while![0]!.ref ?? ''),
    });
  }
  const order: Caution['topic'][] = [
    'distributor_promises',
    'customer_promises',
    'refunds_returns',
    'service_credits',
    'suspension',
  ];
  return out.sort((x, y) => order.indexOf(x.topic) - order.indexOf(y.topic));
}

/** Escalation triggers as one management set, thresholds from the tenant's data. */
function triggersOf(set: readonly Agreement[], data: ReviewData, currency: string): ManagementTrigger[] {
  const partCost = Math.max(0, ...(data.parts ?? []).map((p) => p.cost ?? 0));
  const claimThreshold = partCost > 0 ? Math.ceil((partCost * 1.2) / 1000) * 1000 : 20000;
  const monthlySales =
    Object.values(data.products ?? {}).reduce((s, p) => s + (p.sold_per_year ?? 0), 0) / 12;
  const returnRate = data.assumptions?.distributor_return_rate ?? 0.03;
  const returnThreshold = Math.max(
    10,
    Math.round(monthlySales * returnRate * 1.5 * (data.assumptions?.distributor_share_of_sales ?? 0.3)),
  );
  const ref = 'management set';
  const T = (
    when: EscalationRule['when'],
    level: EscalationRule['level'],
    act_within: string,
    en: string,
    zh: string,
  ): ManagementTrigger => ({
    when,
    level,
    act_within,
    ref,
    label: { en, zh },
  });
  const hasDistributor = set.some((a) => a.kind === 'distribution');
  return [
    T({ safety_issue: true }, 'management', 'PT1H', 'A safety issue on any unit', '任何设备出现安全问题'),
    T(
      { customer_threatens: ['media', 'regulator', 'legal_action'] },
      'legal',
      'PT4H',
      'A customer threatens the media, a regulator or legal action',
      '客户威胁诉诸媒体、监管机构或法律行动',
    ),
    T({ breached: 'onsite' }, 'supervisor', 'PT2H', 'An on-site time missed', '未按时到场'),
    T(
      { complaints: 2, within: 'P30D', by: 'customer' },
      'supervisor',
      'P1D',
      'Two complaints from one customer within 30 days',
      '同一客户 30 天内投诉两次',
    ),
    T(
      { complaints: 3, within: 'P90D', by: 'customer' },
      'management',
      'P2D',
      'Three complaints from one customer within 90 days',
      '同一客户 90 天内投诉三次',
    ),
    ...(hasDistributor
      ? [
          T(
            { complaints: 5, within: 'P30D', by: 'distributor' },
            'management',
            'P2D',
            'Five complaints through one distributor within 30 days',
            '同一经销商 30 天内收到五次投诉',
          ),
        ]
      : []),
    T(
      { repeat_failures: 2, within: 'P30D' },
      'management',
      'P1D',
      'The same unit fails twice within 30 days',
      '同一设备 30 天内两次故障',
    ),
    T(
      { claim_cost_over: claimThreshold },
      'management',
      'P2D',
      `One claim costs more than ${currency} ${claimThreshold.toLocaleString('en-US')}`,
      `单笔索赔成本超过 ${claimThreshold.toLocaleString('en-US')} 元`,
    ),
    T(
      { returns_over: returnThreshold, within: 'P30D', by: 'distributor' },
      'management',
      'P2D',
      `More than ${returnThreshold} returns through one distributor within 30 days`,
      `同一经销商 30 天内退货超过 ${returnThreshold} 件`,
    ),
    T(
      { partner_declines: 2, within: 'P30D' },
      'management',
      'P1D',
      'A service partner declines two cases within 30 days',
      '服务伙伴 30 天内拒绝两个案件',
    ),
    T(
      { partner_missed: 3, within: 'P30D' },
      'management',
      'P2D',
      'A service partner misses three targets within 30 days',
      '服务伙伴 30 天内三次未达时限',
    ),
    T(
      { defective_parts_overdue: 5 },
      'supervisor',
      'P2D',
      'Five defective parts overdue for return from one partner',
      '同一服务伙伴逾期未退回缺陷部件达五件',
    ),
    T(
      { payment_disputed: true },
      'management',
      'P1D',
      'A customer or distributor disputes an invoice or withholds payment (before any suspension)',
      '客户或经销商对发票提出异议或拒付（在任何暂停服务之前）',
    ),
  ];
}

/** The whole review of a set of agreements. */
export function reviewTerms(
  agreements: readonly Agreement[],
  data: ReviewData,
  options: CheckOptions,
  labels: {
    severities?: Readonly<Record<string, Label>>;
    partCategories?: Readonly<Record<string, Label>>;
  } = {},
): Review {
  const base = checkOptionsOf(data);
  const opts: CheckOptions = {
    ...options,
    ...base,
    names: { ...options.names, ...base.names, ...labels },
  };
  const names = namesOf(data, labels);
  const markup = markUp(agreements, opts, data, names);
  const set = agreements.filter((a) =>
    markup.before.agreements.some((r) => r.id === a.id && r.version === a.version),
  );
  const cite = clauseNamer(set, names);
  const lines = riskLines(markup.before.findings, set, data, cite);
  const currency = data.currency ?? 'CNY';
  return {
    lines,
    markup,
    cautions: cautionsOf(set, markup.before.findings, names, cite),
    triggers: triggersOf(set, data, currency),
    currency,
  };
}

/** Lenses in the order of their largest line, so the first line is the largest exposure. */
export function linesByLens(
  lines: readonly RiskLine[],
): { lens: Lens; label: Label; total: number; lines: RiskLine[] }[] {
  const groups = new Map<Lens, RiskLine[]>();
  for (const l of lines) groups.set(l.lens, [...(groups.get(l.lens) ?? []), l]);
  return [...groups]
    .map(([lens, ls]) => ({
      lens,
      label: LENS_LABELS[lens],
      total: ls.reduce((s, l) => s + l.amount, 0),
      lines: ls,
    }))
    .sort((x, y) => (y.lines[0]?.amount ?? 0) - (x.lines[0]?.amount ?? 0));
}
