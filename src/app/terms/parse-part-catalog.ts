import { parse } from 'yaml';
import type { PartCatalogEntry } from '../../domain/terms/index.ts';
import { invalid } from '../errors.ts';
import type { TermsSource } from './parse-terms.ts';

/** A bill-of-parts file: a list of `{ part, part_category, products? }`. */
export function parsePartCatalog(source: TermsSource): PartCatalogEntry[] {
  let value: unknown;
  try {
    value = parse(source.text);
  } catch (error) {
    throw invalid([{ path: source.name, message: (error as Error).message.split('\n')[0]! }]);
  }
  if (!Array.isArray(value)) throw invalid([{ path: source.name, message: 'expected a list of parts' }]);
  return value.map((item, i) => {
    const e = item as Record<string, unknown>;
    const products = e.products;
    if (
      typeof e.part !== 'string' ||
      typeof e.part_category !== 'string' ||
      (products !== undefined && (!Array.isArray(products) || products.some((p) => typeof p !== 'string')))
    ) {
      throw invalid([
        { path: `${source.name} [${i}]`, message: 'expected { part, part_category, products? }' },
      ]);
    }
    const entry: PartCatalogEntry = { part: e.part, part_category: e.part_category };
    if (products) entry.products = products as string[];
    return entry;
  });
}
