import { termsOf } from './terms.ts';

/**
 * A tenant's synonym groups (报警 ~ 告警 ~ alarm). Each member is kept as its index terms (a
 * phrase: '压缩机' segments to '压缩' '机'); where a query holds a member's terms in a row, the
 * query also finds every other member of the group.
 */
export type SynonymGroups = readonly (readonly string[])[];

export function synonymGroups(groups: readonly (readonly string[])[]): SynonymGroups {
  return groups
    .map((g) => {
      const seen = new Set<string>();
      const out: string[][] = [];
      for (const member of g) {
        const terms = termsOf(member);
        const key = terms.join(' ');
        if (terms.length === 0 || seen.has(key)) continue;
        seen.add(key);
        out.push(terms);
      }
      return out;
    })
    .filter((g) => g.length >= 2)
    .map((g) => g.map((terms) => terms.join(' ')));
}

/** A group member that leaves no index term (only stop words or punctuation): refused on save. */
export function emptyMembers(group: readonly string[]): string[] {
  return group.filter((m) => termsOf(m).length === 0);
}
