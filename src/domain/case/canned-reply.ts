/**
 * Saved answers ("canned replies", "macros" in help desks) with the blanks a reply fills in for
 * the case at hand. Only these names are blanks; anything else in braces is refused on saving.
 */
export const CANNED_REPLY_BLANKS = ['customer', 'case', 'serial', 'agent'] as const;
export type CannedReplyBlank = (typeof CANNED_REPLY_BLANKS)[number];

const BLANK = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The blanks a body names that are not known, in order of appearance, each once. */
export function unknownBlanks(body: string): string[] {
  const unknown = new Set<string>();
  for (const match of body.matchAll(BLANK)) {
    const name = match[1] ?? '';
    if (!(CANNED_REPLY_BLANKS as readonly string[]).includes(name)) unknown.add(name);
  }
  return [...unknown];
}

/** The body with each blank replaced by its value; a blank without a value reads as an empty string. */
export function fillBlanks(body: string, values: Partial<Record<CannedReplyBlank, string | null>>): string {
  return body.replace(BLANK, (_whole, name: string) => values[name as CannedReplyBlank] ?? '');
}
