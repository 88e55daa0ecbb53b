/** Vague wording: words in free text ("reasonable", "及时") where a number is needed. */
import { type Agreement, refOf } from '../agreement.ts';
import { add, type Ctx, keyName, nameOf, refsOf } from './context.ts';
import type { Text } from './finding.ts';
import { list, listZh, t } from './texts.ts';

/** The sections of a terms file, as people call them; the path stays in `details.field`. */
const SECTIONS: Record<string, Text> = {
  scope: t('scope', '适用范围'),
  coverage: t('coverage', '保修范围'),
  service_levels: t('service levels', '服务时限'),
  support: t('support', '支持服务'),
  duties: t('duties', '义务'),
  returns: t('returns', '退货'),
  spare_parts: t('spare parts', '备件'),
  costs: t('costs', '费用'),
  compensation: t('compensation', '报酬'),
  disputes: t('disputes', '争议解决'),
  escalation: t('escalation', '升级'),
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

export function checkWording(ctx: Ctx): void {
  for (const a of ctx.set) {
    walkStrings(a, '', (path, text) => {
      if (path === 'title') return;
      const words = findVague(text);
      if (words.length === 0) return;
      const quoted = words.map((w) => `"${w}"`);
      const section = keyName(SECTIONS, path.split(/[.[]/)[0]!);
      add(ctx, {
        code: 'wording.vague',
        severity: a.kind === 'distribution' || a.kind === 'service_partner' ? 'high' : 'medium',
        group: 'wording',
        agreements: [refOf(a)],
        refs: refsOf(a, sectionRef(a, path)),
        message: t(
          `${nameOf(a)}, in its ${section.en} section, uses ${list(quoted)} where a number is needed: "${text.trim().slice(0, 160)}"`,
          `${nameOf(a)} 的${section.zh}条款使用了 ${listZh(quoted)}，此处应写明具体数字：「${text.trim().slice(0, 160)}」`,
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
