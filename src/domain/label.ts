/**
 * Names as people read them. Every closed list of the domain (kinds, states, roles, entry types)
 * is written once as a map from its key to its English and Chinese name; the type is the map's
 * keys, so a key without a name does not compile, and pages, documents and the CLI show the name.
 */
export interface Label {
  en: string;
  zh: string;
}

export type Language = keyof Label;

export type Labels<K extends string> = { readonly [key in K]: Label };

/** The keys of a label map, in the order written (the order a schema or a CLI option offers). */
export function keysOf<K extends string>(labels: Labels<K>): readonly K[] {
  return Object.keys(labels) as K[];
}

/**
 * The name of a key from a vocabulary that terms files may extend (failure causes, part
 * categories): the known name, else the key in words ("liquid_damage" reads "liquid damage").
 */
export function labelOf(labels: Readonly<Record<string, Label>>, key: string): Label {
  if (Object.hasOwn(labels, key)) return labels[key] as Label;
  const words = key.replace(/[_.-]+/g, ' ').trim();
  return { en: words, zh: words };
}
