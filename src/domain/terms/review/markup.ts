/**
 * The mark-up: for every finding a clause change cures, the structured change, the clause's
 * wording before and after in English and Chinese, and a short reason; then a re-check of the
 * changed set. Cures run in rounds (a cure may expose the next finding: an on-site time brought
 * forward must then be met by the partner), at most four, and a later change to the same field
 * wins. Accepting the mark-up gives each changed agreement its next version.
 */
import type { Label } from '../../label.ts';
import { duration } from '../../time/index.ts';
import type { Agreement } from '../agreement.ts';
import { targetSeconds } from '../check/durations.ts';
import { type CheckOptions, type CheckReport, checkTerms, type Finding } from '../check/index.ts';
import { DEFAULT_BUSINESS_DAY_SECONDS } from '../check/options.ts';
import type { ReviewData } from './data.ts';
import { type Names, sectionWording } from './wording.ts';

type Path = (string | number)[];

export interface Patch {
  agreement: string;
  /** The clause the change sits in, as the format names it (`service_levels.0`, `liability`). */
  section: string;
  /** The field changed, from the top of the agreement; `value: undefined` removes it. */
  path: Path;
  value: unknown;
  reason: Label;
  code: string;
}

export interface ClauseEdit {
  agreement: string;
  title: string;
  ref: string;
  section: string;
  before: Label;
  after: Label;
  reasons: Label[];
  /** The structured change: each field with its value before and after. */
  fields: { path: string; before: unknown; after: unknown }[];
  /** Finding codes this edit cures. */
  cures: string[];
}

export interface Markup {
  edits: ClauseEdit[];
  /** The next version of each changed agreement, wording included. */
  next: Agreement[];
  before: CheckReport;
  after: CheckReport;
  /** Findings of `before` that `after` no longer has. */
  cured: Finding[];
}

const clone = <T>(x: T): T => structuredClone(x);

function getAt(obj: unknown, path: Path): unknown {
  let cur = obj as Record<string | number, unknown> | undefined;
  for (const k of path) {
    if (cur === undefined || cur === null) return undefined;
    cur = cur[k] as Record<string | number, unknown> | undefined;
  }
  return cur;
}

function setAt(obj: unknown, path: Path, value: unknown): void {
  let cur = obj as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    if (cur[k] === undefined || cur[k] === null) cur[k] = typeof path[i + 1] === 'number' ? [] : {};
    cur = cur[k] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = clone(value);
}

/** The next free sub-clause of a ref (`§3` → `§3.5` when §3.1–§3.4 are used). */
function nextRef(a: Agreement, parent: string | undefined): string {
  const refs = new Set<string>();
  JSON.stringify(a, (k, v) => {
    if (k === 'ref' && typeof v === 'string') refs.add(v);
    return v;
  });
  if (!parent) {
    let top = 1;
    for (const r of refs) {
      const m = /^§(\d+)/.exec(r);
      if (m) top = Math.max(top, Number(m[1]) + 1);
    }
    return `§${top}`;
  }
  let i = 1;
  while (refs.has(`${parent}.${i}`)) i++;
  return `${parent}.${i}`;
}

const R = (en: string, zh: string): Label => ({ en, zh });

/** Patches that cure one finding in the set as it now stands; none when no clause change cures it. */
function cure(f: Finding, set: Map<string, Agreement>, data: ReviewData, options: CheckOptions): Patch[] {
  const d = (f.details ?? {}) as Record<string, unknown>;
  const out: Patch[] = [];
  const p = (agreement: string, section: string, path: Path, value: unknown, reason: Label) =>
    out.push({ agreement, section, path, value, reason, code: f.code });
  const proposeMonthlyReporting = (agreement: string) =>
    p(
      agreement,
      'duties',
      ['duties', 'reporting'],
      { every: 'P1M' },
      R(
        'Monthly reporting shows problems before they become complaints.',
        '每月报告可在问题演变为投诉前发现问题。',
      ),
    );
  const firstBlock = (a: Agreement | undefined) => (a?.service_levels?.length ? 0 : -1);
  switch (f.code) {
    case 'sla.partner_slower': {
      for (const id of (d.partners as string[]) ?? []) {
        const a = set.get(id);
        const i = firstBlock(a);
        if (!a || i < 0) continue;
        p(
          id,
          `service_levels.${i}`,
          ['service_levels', i, 'targets', String(d.severity), String(d.target)],
          d.promised,
          R(
            `The partner must meet the time promised to customers, or every case it handles late is a breach by the brand.`,
            '服务伙伴须达到对客户承诺的时限，否则其每一次延误都构成品牌方对客户的违约。',
          ),
        );
      }
      break;
    }
    case 'sla.onsite_no_partner': {
      const a = set.get(String(d.customer));
      const i = (a?.service_levels ?? []).findIndex((b) => b.mode === 'onsite');
      if (a && i >= 0)
        p(
          a.id,
          `service_levels.${i}`,
          ['service_levels', i, 'territory'],
          d.covered,
          R(
            'On-site times are promised only where a partner is appointed to meet them.',
            '仅在已委任服务伙伴的地区承诺上门时限。',
          ),
        );
      break;
    }
    case 'credits.unfunded': {
      const c = set.get(String(d.customer));
      const block = c?.service_levels?.find((b) => b.credits?.per_breach);
      const per = block?.credits?.per_breach;
      let amount = per?.amount ?? 0;
      for (const prod of (d.products as string[]) ?? []) {
        const fee = data.products?.[prod]?.annual_service_fee ?? 0;
        amount = Math.max(amount, ((per?.percent_of_annual_fee ?? 0) / 100) * fee);
      }
      for (const id of (d.partners as string[]) ?? []) {
        const a = set.get(id);
        const i = firstBlock(a);
        if (!a || i < 0) continue;
        p(
          id,
          `service_levels.${i}`,
          ['service_levels', i, 'credits'],
          {
            ref: `${a.service_levels![i]!.ref ?? '§3'}.6`,
            per_breach: { amount: Math.round(amount) },
            cap: { percent_of_fee: block?.credits?.cap?.percent_of_annual_fee ?? 20 },
          },
          R(
            'Each credit the brand pays a customer is recovered from the partner who missed the time.',
            '品牌方向客户支付的每笔赔付，均向未达时限的服务伙伴追偿。',
          ),
        );
      }
      break;
    }
    case 'upstream.cover_longer': {
      const s = set.get(String(d.supplier));
      if (!s?.coverage) break;
      const current = s.coverage.duration ? duration(s.coverage.duration) : null;
      const want = duration(String(d.customer_cover));
      const longer = !current || want.years * 12 + want.months > current.years * 12 + current.months;
      if (longer)
        p(
          s.id,
          'coverage',
          ['coverage', 'duration'],
          d.customer_cover,
          R(
            'The supplier carries its parts for as long as the brand carries them for customers.',
            '供应商对其部件的保修期与品牌方对客户的保修期一致。',
          ),
        );
      if (d.customer_start === 'installation')
        p(
          s.id,
          'coverage',
          ['coverage', 'starts_at'],
          'installation',
          R(
            'The supplier cover starts when the customer cover starts, with a long-stop date.',
            '供应商保修与客户保修同时起算，并设最迟日期。',
          ),
        );
      break;
    }
    case 'cover.no_repeat_failure_remedy': {
      const a = set.get(f.agreements[0]!.id);
      if (!a?.coverage) break;
      p(
        a.id,
        'coverage.repeat_failure',
        ['coverage', 'repeat_failure'],
        { after: 2, remedy: 'replace', ref: nextRef(a, a.coverage.ref) },
        R(
          "China's 三包 rules give a replacement after two failed repairs; saying so avoids disputes and sets the budget.",
          '三包规定两次修理仍不能正常使用的应予换货；写明可避免争议并便于预算。',
        ),
      );
      break;
    }
    case 'liability.none': {
      const a = set.get(f.agreements[0]!.id);
      if (!a) break;
      p(
        a.id,
        'liability',
        ['liability'],
        {
          ref: nextRef(a, undefined),
          cap: { percent_of_annual_fee: 100 },
          excludes_consequential: true,
          carve_outs: ['personal_injury', 'gross_negligence', 'wilful_misconduct'],
        },
        R(
          'A ceiling and no consequential loss; what Civil Code art. 506 keeps out of any cap stays out.',
          '设定责任上限并排除间接损失；《民法典》第五百零六条规定不得免除的责任除外。',
        ),
      );
      break;
    }
    case 'cover.safety_suspended': {
      const a = set.get(f.agreements[0]!.id);
      const i = (a?.coverage?.suspended_while ?? []).findIndex((s) => s.condition === d.condition);
      if (a && i >= 0)
        p(
          a.id,
          `coverage.suspended_while.${i}`,
          ['coverage', 'suspended_while', i, 'safety_work_continues'],
          true,
          R(
            'Unpaid invoices may stop routine work, never the work that keeps people safe.',
            '欠款可暂停常规服务，但不得暂停保障人身安全的服务。',
          ),
        );
      break;
    }
    case 'sla.business_hours_read_as_wall_time': {
      const a = set.get(String(d.agreement));
      const i = (a?.service_levels ?? []).findIndex((b) => (b.ref ?? null) === d.block);
      const block = a?.service_levels?.[i];
      if (!a || !block) break;
      const day = options.businessDaySeconds?.(block.calendar) ?? DEFAULT_BUSINESS_DAY_SECONDS;
      for (const trap of (d.traps as { severity: string; kind: string; hours: number }[]) ?? []) {
        const secs = trap.hours * 3600;
        if (secs % day !== 0) continue;
        p(
          a.id,
          `service_levels.${i}`,
          ['service_levels', i, 'targets', trap.severity, trap.kind],
          `P${secs / day}D`,
          R(
            `"${trap.hours} hours" on a business clock is ${secs / day} working days; the clause now says so.`,
            `按工作时间计的“${trap.hours}小时”即 ${secs / day} 个工作日；条款现如实写明。`,
          ),
        );
      }
      break;
    }
    case 'sla.targets_contradict': {
      const a = set.get(String(d.agreement));
      if (!a) break;
      const i = (a.service_levels ?? []).findIndex(
        (b) => b.targets?.[String(d.severity)]?.[d.later as 'resolution'],
      );
      const block = a.service_levels?.[i];
      if (!block) break;
      const later = targetSeconds(
        { set: [], options, findings: [] },
        String(d.later_value),
        block.clock,
        block.calendar,
      );
      const day =
        block.clock === 'business'
          ? (options.businessDaySeconds?.(block.calendar) ?? DEFAULT_BUSINESS_DAY_SECONDS)
          : 86400;
      const half = later / 2;
      const value =
        half >= day ? `P${Math.floor(half / day)}D` : `PT${Math.max(1, Math.floor(half / 3600))}H`;
      p(
        a.id,
        `service_levels.${i}`,
        ['service_levels', i, 'targets', String(d.severity), String(d.earlier)],
        value,
        R(
          'Arrival must come before resolution: the earlier step is brought forward, the resolution promise kept.',
          '到场须早于解决：提前前一环节的时限，保留解决时限的承诺。',
        ),
      );
      break;
    }
    case 'duties.unmeasurable': {
      const a = set.get(f.agreements[0]!.id);
      if (!a?.duties) break;
      const WITHIN: Record<string, string> = {
        first_line_support: 'PT4H',
        customer_contact: 'PT8H',
        returns_intake: 'P1D',
        onsite_repair: 'P2D',
      };
      const items = (a.duties.items ?? []).map((it) =>
        typeof it === 'string' && WITHIN[it] ? { duty: it, within: WITHIN[it] } : it,
      );
      p(
        a.id,
        'duties',
        ['duties', 'items'],
        items,
        R(
          'Each duty gets a time, so a failure can be shown and charged.',
          '每项义务都有时限，违约可以证明并追责。',
        ),
      );
      if (a.duties.text) p(a.id, 'duties', ['duties', 'text'], undefined, R('', ''));
      if (!a.duties.reporting) proposeMonthlyReporting(a.id);
      break;
    }
    case 'duties.no_reporting': {
      const a = set.get(f.agreements[0]!.id);
      if (!a) break;
      proposeMonthlyReporting(a.id);
      break;
    }
    case 'returns.unmeasurable': {
      const a = set.get(f.agreements[0]!.id);
      if (!a) break;
      const cal = Object.keys(data.calendars ?? {})[0] ?? 'cn-business';
      p(
        a.id,
        'returns',
        ['returns'],
        {
          ...(a.returns?.ref ? { ref: a.returns.ref } : {}),
          no_reason_window: 'P7D',
          replacement_window: 'P15D',
          approval: { decide_within: 'P2D', clock: 'business', calendar: cal },
          defective_parts: { report_within: 'P7D', credit_within: 'P30D' },
        },
        R(
          'Return windows and a decision time the law and the brand can both live with; returns stop being a bargaining chip.',
          '规定退货期限及审批时限，使退货不再成为谈判筹码。',
        ),
      );
      break;
    }
    case 'wording.vague': {
      const a = set.get(f.agreements[0]!.id);
      const field = String(d.field ?? '');
      if (!a || !field) break;
      const parts: Path = field
        .split(/[.[\]]+/)
        .filter(Boolean)
        .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
      p(
        a.id,
        String(parts[0]),
        parts,
        undefined,
        R(
          'Words like "reasonable" and "promptly" are replaced by times that can be measured.',
          '将“合理”“及时”等用语替换为可衡量的时限。',
        ),
      );
      break;
    }
    case 'disputes.no_forum':
    case 'disputes.none': {
      const a = set.get(f.agreements[0]!.id);
      if (!a) break;
      p(
        a.id,
        'disputes',
        ['disputes'],
        {
          ref: a.disputes?.ref ?? nextRef(a, undefined),
          governing_law: 'CN',
          forum: { type: 'arbitration', institution: 'CIETAC', seat: 'Shanghai' },
          notice: a.disputes?.notice ?? { form: 'written', cure_period: 'P30D' },
        },
        R(
          'A named institution and seat: a dispute starts on its merits, not on where to fight.',
          '写明仲裁机构及地点：争议直接进入实体问题，而非管辖之争。',
        ),
      );
      break;
    }
    case 'disputes.no_notice': {
      const a = set.get(f.agreements[0]!.id);
      if (!a?.disputes) break;
      p(
        a.id,
        'disputes',
        ['disputes', 'notice'],
        { form: 'written', cure_period: 'P30D' },
        R(
          'A written notice and a cure period make clear when a breach becomes a default.',
          '书面通知及补救期明确违约何时构成根本违约。',
        ),
      );
      break;
    }
    case 'statutory.cn_sanbao_fault_refund': {
      const a = set.get(f.agreements[0]!.id);
      if (!a) break;
      p(
        a.id,
        'returns',
        ['returns', 'fault_refund_window'],
        'P7D',
        R(
          "三包: a performance fault within 7 days gives a refund at the consumer's choice.",
          '三包：七日内出现性能故障，消费者可选择退货。',
        ),
      );
      break;
    }
    case 'statutory.cn_returns_window':
    case 'statutory.cn_replacement_window': {
      const a = set.get(f.agreements[0]!.id);
      if (!a) break;
      const field = f.code === 'statutory.cn_returns_window' ? 'no_reason_window' : 'replacement_window';
      p(
        a.id,
        'returns',
        ['returns', field],
        field === 'no_reason_window' ? 'P7D' : 'P15D',
        R('The statutory window.', '法定期限。'),
      );
      break;
    }
    default:
      break;
  }
  return out;
}

function sectionOf(a: Agreement, section: string): { ref: string } {
  const value = getAt(
    a,
    section.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)),
  ) as { ref?: string } | undefined;
  const top = getAt(a, [section.split('.')[0]!]) as { ref?: string } | undefined;
  return { ref: value?.ref ?? top?.ref ?? '' };
}

/** The mark-up of a set: cures for every finding a clause change cures, and the re-check. */
export function markUp(
  agreements: readonly Agreement[],
  options: CheckOptions,
  data: ReviewData,
  names: Names,
): Markup {
  const before = checkTerms(agreements, options);
  const original = new Map(
    before.agreements.map((r) => [r.id, agreements.find((a) => a.id === r.id && a.version === r.version)!]),
  );
  const work = new Map([...original].map(([k, v]) => [k, clone(v)]));
  const patches: Patch[] = [];
  let report = before;
  for (let round = 0; round < 4; round++) {
    const fresh = report.findings.flatMap((f) => cure(f, work, data, options));
    if (!fresh.length) break;
    // A business-hours restatement runs before other changes to the same target, which then win.
    fresh.sort(
      (x, y) =>
        Number(y.code === 'sla.business_hours_read_as_wall_time') -
        Number(x.code === 'sla.business_hours_read_as_wall_time'),
    );
    let changed = false;
    for (const patch of fresh) {
      const a = work.get(patch.agreement)!;
      if (JSON.stringify(getAt(a, patch.path)) === JSON.stringify(patch.value)) continue;
      setAt(a, patch.path, patch.value);
      patches.push(patch);
      changed = true;
    }
    if (!changed) break;
    report = checkTerms([...work.values()], options);
  }
  // Clause by clause: wording before and after, the fields changed, the reasons.
  const bySection = new Map<string, Patch[]>();
  for (const patch of patches) {
    const key = `${patch.agreement}|${patch.section}`;
    bySection.set(key, [...(bySection.get(key) ?? []), patch]);
  }
  const edits: ClauseEdit[] = [];
  for (const [key, ps] of bySection) {
    const [id, section] = key.split('|') as [string, string];
    const was = original.get(id)!;
    const now = work.get(id)!;
    const sPath = section.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x));
    const oldClause = getAt(was, sPath) as { wording?: Label; text?: string } | undefined;
    const generatedBefore = oldClause ? sectionWording(was, section, names) : null;
    const beforeText: Label = oldClause?.wording?.en
      ? { en: oldClause.wording.en, zh: oldClause.wording.zh ?? '' }
      : oldClause?.text && !generatedBefore
        ? { en: oldClause.text, zh: '' }
        : oldClause?.text
          ? { en: `${oldClause.text}`, zh: generatedBefore?.zh ?? '' }
          : (generatedBefore ?? { en: '', zh: '' });
    const after = sectionWording(now, section, names) ?? { en: '', zh: '' };
    // The new wording is part of the next version.
    const newClause = getAt(now, sPath) as Record<string, unknown> | undefined;
    if (newClause && typeof newClause === 'object') newClause.wording = { en: after.en, zh: after.zh };
    const fields = new Map<string, { path: string; before: unknown; after: unknown }>();
    for (const patch of ps) {
      if (patch.path.length > 0) {
        const path = patch.path.join('.');
        fields.set(path, {
          path,
          before: getAt(was, patch.path) ?? null,
          after: getAt(now, patch.path) ?? null,
        });
      }
    }
    const reasons = [...new Map(ps.filter((x) => x.reason.en).map((x) => [x.reason.en, x.reason])).values()];
    edits.push({
      agreement: id,
      title: was.title,
      ref: sectionOf(now, section).ref,
      section,
      before: beforeText,
      after,
      reasons,
      fields: [...fields.values()],
      cures: [...new Set(ps.map((x) => x.code))],
    });
  }
  const next = [...work.values()]
    .filter((a) => patches.some((x) => x.agreement === a.id))
    .map((a) => ({
      ...a,
      version: original.get(a.id)!.version + 1,
      supersedes: original.get(a.id)!.version,
    }));
  const after = checkTerms([...work.values()], options);
  const keyOf = (f: Finding) =>
    `${f.code}|${f.refs.map((r) => r.agreement + r.ref).join(',')}|${JSON.stringify(f.details ?? {})}`;
  const remaining = new Set(after.findings.map(keyOf));
  return { edits, next, before, after, cured: before.findings.filter((f) => !remaining.has(keyOf(f))) };
}
