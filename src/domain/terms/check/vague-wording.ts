/** Vague wording: words in free text ("reasonable", "及时") where a number is needed. */
import { type Agreement, refOf } from '../agreement.ts';
import { add, type Ctx, nameOf, refsOf } from './context.ts';
import { list, listZh, t } from './texts.ts';

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
