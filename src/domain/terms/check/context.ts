/** What every family of checks shares: the set, the options, the findings so far, and who is who. */
import { type Label, labelOf } from '../../label.ts';
import { territoryWithin } from '../../unit/index.ts';
import { type Agreement, CUSTOMER_FACING } from '../agreement.ts';
import { EU_MEMBERS } from '../territories.ts';
import { FINDING_CODES, type Finding } from './finding.ts';
import type { CheckOptions } from './options.ts';

export function refsOf(a: Agreement, ...refs: (string | undefined)[]): { agreement: string; ref: string }[] {
  return refs.filter((r): r is string => r !== undefined).map((ref) => ({ agreement: a.id, ref }));
}

/** An agreement as people know it: by its title (the id is for programs, in `agreements` and `refs`). */
export function nameOf(a: Agreement): string {
  return a.title;
}

/** A party by the name the caller gave for it, else by its key (files checked with no records). */
export function partyName(ctx: Ctx, key: string): Label {
  return ctx.options.names?.parties?.[key] ?? { en: key, zh: key };
}

/** The first letter in lower case, for a name read inside an English sentence. */
function inSentence(label: Label): Label {
  return { en: label.en.charAt(0).toLowerCase() + label.en.slice(1), zh: label.zh };
}

/** A severity of service levels (`critical`) in words, to read inside a sentence. */
export function severityName(ctx: Ctx, key: string): Label {
  return inSentence(labelOf(ctx.options.names?.severities ?? {}, key));
}

/** A part category (`compressor`) in words, to read inside a sentence. */
export function categoryName(ctx: Ctx, key: string): Label {
  return inSentence(labelOf(ctx.options.names?.partCategories ?? {}, key));
}

/** Any other key of a closed list in words, to read inside a sentence. */
export function keyName(labels: Readonly<Record<string, Label>>, key: string): Label {
  return inSentence(labelOf(labels, key));
}

export function isConsumer(a: Agreement): boolean {
  const stated = a.scope?.customers;
  if (stated) return stated.includes('consumer');
  return (
    CUSTOMER_FACING.has(a.kind) &&
    /consumer|end-customer|end-user|individual|retail|household/.test(a.recipient)
  );
}

export function inTerritory(a: Agreement, test: (code: string) => boolean): boolean {
  return (a.scope?.territory ?? []).some(test);
}

export const inCN = (code: string) => code === 'CN' || territoryWithin(code, 'CN');
export const inEU = (code: string) => EU_MEMBERS.has(code.slice(0, 2)) || code === 'EU';

export interface Ctx {
  set: Agreement[];
  options: CheckOptions;
  findings: Finding[];
}

/** Records a finding, named for people by its code's label. */
export function add(ctx: Ctx, { code, ...rest }: Omit<Finding, 'label'>): void {
  const { en, zh } = FINDING_CODES[code];
  ctx.findings.push({ code, label: { en, zh }, ...rest });
}

/** A product by the name the tenant's catalogue gives it, else by its key. */
export function productName(ctx: Ctx, key: string): Label {
  return ctx.options.names?.products?.[key] ?? { en: key, zh: key };
}

/** Products in words, joined as each language joins a list. */
export function productsText(ctx: Ctx, keys: readonly string[]): Label {
  const names = keys.map((k) => productName(ctx, k));
  return { en: names.map((n) => n.en).join(', '), zh: names.map((n) => n.zh).join('、') };
}
