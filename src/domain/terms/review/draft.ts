/**
 * A draft read into clauses: text (from a Word file or typed) cut at its numbering ("2.3", "§4",
 * "第五条"), and the structured values the wording suggests (durations, hours, territories, "within
 * 24 hours" / "24小时内", "2 years" / "两年") proposed for a person to confirm. Nothing here is stored.
 */
export interface ProposedValue {
  /** What the wording suggests: a duration, a territory, a percentage. */
  kind: 'duration' | 'territory' | 'percent';
  /** The words it was read from. */
  quote: string;
  /** The value as the terms format writes it (`PT24H`, `P2Y`, `CN-SH`, `2`). */
  value: string;
  /** Where it probably goes, when the wording says (`service_levels.targets.*.response`). */
  field: string | null;
  /** Counted on a business clock ("working days", "工作日"). */
  business?: boolean;
}

export interface ProposedClause {
  ref: string;
  heading: string;
  text: string;
  proposed: ProposedValue[];
}

const ZH_DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

function zhNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  let total = 0;
  const ten = s.indexOf('十');
  if (ten >= 0) {
    const tens = ten === 0 ? 1 : ZH_DIGITS[s[0]!];
    const ones = s.slice(ten + 1) ? ZH_DIGITS[s.slice(ten + 1)] : 0;
    if (tens === undefined || ones === undefined) return null;
    return tens * 10 + ones;
  }
  for (const ch of s) {
    const d = ZH_DIGITS[ch];
    if (d === undefined) return null;
    total = total * 10 + d;
  }
  return total;
}

const EN_NUM: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  ten: 10,
  twelve: 12,
  fifteen: 15,
  thirty: 30,
};

const UNIT: Record<string, 'Y' | 'M' | 'D' | 'H' | 'W'> = {
  year: 'Y',
  years: 'Y',
  年: 'Y',
  month: 'M',
  months: 'M',
  个月: 'M',
  月: 'M',
  week: 'W',
  weeks: 'W',
  周: 'W',
  星期: 'W',
  day: 'D',
  days: 'D',
  天: 'D',
  日: 'D',
  工作日: 'D',
  hour: 'H',
  hours: 'H',
  小时: 'H',
  个小时: 'H',
  工作小时: 'H',
};

function iso(n: number, unit: 'Y' | 'M' | 'D' | 'H' | 'W'): string {
  return unit === 'H' ? `PT${n}H` : `P${n}${unit}`;
}

function fieldFor(context: string): string | null {
  const c = context.toLowerCase();
  if (/respon|响应/.test(c)) return 'service_levels.targets.*.response';
  if (/on-site|onsite|arriv|到场|上门/.test(c)) return 'service_levels.targets.*.onsite';
  if (/resol|repair|修复|解决/.test(c)) return 'service_levels.targets.*.resolution';
  if (/no reason|without reason|无理由/.test(c)) return 'returns.no_reason_window';
  if (/replace|换货/.test(c)) return 'returns.replacement_window';
  if (/refund|退货/.test(c)) return 'returns.fault_refund_window';
  if (/spare|备件/.test(c)) return 'spare_parts.available_for';
  if (/compressor|压缩机/.test(c)) return 'coverage.components[compressor].duration';
  if (/motor|电机/.test(c)) return 'coverage.components[motor].duration';
  if (/warrant|保修|质保/.test(c)) return 'coverage.duration';
  if (/claim|索赔/.test(c)) return 'compensation.claims.submit_within';
  return null;
}

const PROVINCES: Record<string, string> = {
  shanghai: 'CN-SH',
  上海: 'CN-SH',
  jiangsu: 'CN-JS',
  江苏: 'CN-JS',
  zhejiang: 'CN-ZJ',
  浙江: 'CN-ZJ',
  anhui: 'CN-AH',
  安徽: 'CN-AH',
  guangdong: 'CN-GD',
  广东: 'CN-GD',
  beijing: 'CN-BJ',
  北京: 'CN-BJ',
  'mainland china': 'CN',
  中国大陆: 'CN',
  中华人民共和国境内: 'CN',
};

/** The values a clause's wording suggests, in the order they appear. */
export function proposeValues(text: string): ProposedValue[] {
  const out: ProposedValue[] = [];
  const en =
    /(\d+|one|two|three|four|five|six|seven|ten|twelve|fifteen|thirty)\s*(?:\(\d+\)\s*)?(business\s+|working\s+|calendar\s+)?(years?|months?|weeks?|days?|hours?)/gi;
  for (const m of text.matchAll(en)) {
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : EN_NUM[m[1]!.toLowerCase()]!;
    const unit = UNIT[m[3]!.toLowerCase()]!;
    const start = Math.max(0, m.index! - 60);
    const business = /business|working/i.test(m[2] ?? '');
    out.push({
      kind: 'duration',
      quote: m[0],
      value: iso(n, unit),
      field: fieldFor(text.slice(start, m.index! + m[0].length + 20)),
      ...(business ? { business } : {}),
    });
  }
  const zh =
    /([0-9]+|[零一二两三四五六七八九十]+)\s*(个工作小时|工作小时|个小时|小时|个工作日|工作日|个月|年|月|周|天|日)/g;
  for (const m of text.matchAll(zh)) {
    const n = zhNumber(m[1]!);
    if (n === null) continue;
    const unitKey = m[2]!.replace(/^个/, '');
    const unit = UNIT[unitKey] ?? UNIT[m[2]!]!;
    if (!unit) continue;
    const start = Math.max(0, m.index! - 20);
    const business = /工作/.test(m[2]!);
    out.push({
      kind: 'duration',
      quote: m[0],
      value: iso(n, unit),
      field: fieldFor(text.slice(start, m.index! + m[0].length + 10)),
      ...(business ? { business } : {}),
    });
  }
  const lower = text.toLowerCase();
  for (const [name, code] of Object.entries(PROVINCES)) {
    const at = /[a-z]/.test(name) ? lower.indexOf(name) : text.indexOf(name);
    if (at >= 0 && !out.some((v) => v.kind === 'territory' && v.value === code))
      out.push({
        kind: 'territory',
        quote: text.slice(at, at + name.length),
        value: code,
        field: 'scope.territory',
      });
  }
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*(%|％|per ?cent)/g))
    out.push({
      kind: 'percent',
      quote: m[0],
      value: m[1]!,
      field: /credit|赔付|fee|费/.test(text)
        ? 'service_levels.credits.per_breach.percent_of_annual_fee'
        : null,
    });
  return out;
}

/** Splits a draft at its clause numbers; text before the first number is the preamble (ref ""). */
export function readDraft(text: string): ProposedClause[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const clauses: ProposedClause[] = [];
  const head =
    /^(?:(?:§|Clause\s+|Section\s+|Article\s+)?(\d+(?:\.\d+)*)\.?|第([零一二两三四五六七八九十百]+|\d+)条)\s*(.*)$/i;
  let current: ProposedClause | null = null;
  for (const line of lines) {
    const m = head.exec(line);
    if (m && (m[1] || m[2])) {
      const ref = m[1] ? `§${m[1]}` : `§${zhNumber(m[2]!) ?? m[2]}`;
      current = { ref, heading: (m[3] ?? '').slice(0, 80), text: m[3] ?? '', proposed: [] };
      clauses.push(current);
    } else if (current) current.text += `${current.text ? ' ' : ''}${line}`;
    else {
      current = { ref: '', heading: line.slice(0, 80), text: line, proposed: [] };
      clauses.push(current);
    }
  }
  for (const c of clauses) c.proposed = proposeValues(c.text);
  return clauses;
}
