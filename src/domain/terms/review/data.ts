/**
 * What the tenant knows of its business, for the review's money figures: names, installed base,
 * part costs, failure rates, labor and travel rates, and stated assumptions the user may change.
 * A figure the tenant leaves out falls back to DEFAULT_ASSUMPTIONS and is named as a default.
 */
import type { Label } from '../../label.ts';
import type { CheckOptions, PartCatalogEntry } from '../check/index.ts';

export interface ReviewProduct {
  name?: Label;
  category?: string;
  safety_critical?: boolean;
  price?: number;
  annual_service_fee?: number;
  /** Units in service by territory (`CN` = elsewhere in the country). */
  installed_base?: Record<string, number>;
  sold_per_year?: number;
  cases_per_unit_year?: Record<string, number>;
}

export interface ReviewPart extends PartCatalogEntry {
  name?: Label;
  cost?: number;
  failure_rate_per_year?: number;
  repair_hours?: number;
}

export interface ReviewData {
  currency?: string;
  parties?: Record<string, Label>;
  calendars?: Record<string, Label>;
  products?: Record<string, ReviewProduct>;
  parts?: ReviewPart[];
  rates?: { labor_per_hour?: number; travel_per_visit?: number; long_distance_visit?: number };
  assumptions?: Partial<Assumptions>;
}

export interface Assumptions {
  share_of_targets_missed: number;
  breaches_per_unit_year: number;
  disputes_share_business_hours: number;
  goodwill_per_dispute: number;
  repeat_failure_share: number;
  consequential_claims_per_1000_units: number;
  consequential_claim: number;
  overdue_share: number;
  harm_probability: number;
  harm_damages: number;
  distributor_return_rate: number;
  distributor_share_of_sales: number;
  unrecovered_return_share: number;
  legal_dispute_cost: number;
  disputes_per_year: number;
}

/** The review's own defaults, used (and said to be used) where the tenant states nothing. */
export const DEFAULT_ASSUMPTIONS: Assumptions = {
  share_of_targets_missed: 0.3,
  breaches_per_unit_year: 1,
  disputes_share_business_hours: 0.2,
  goodwill_per_dispute: 2000,
  repeat_failure_share: 0.1,
  consequential_claims_per_1000_units: 2,
  consequential_claim: 500000,
  overdue_share: 0.05,
  harm_probability: 0.01,
  harm_damages: 2000000,
  distributor_return_rate: 0.03,
  distributor_share_of_sales: 0.3,
  unrecovered_return_share: 0.3,
  legal_dispute_cost: 80000,
  disputes_per_year: 0.3,
};

export const DEFAULT_RATES = { labor_per_hour: 180, travel_per_visit: 300, long_distance_visit: 3500 };

/** The check's options from the tenant's data: names of parties, products, and product facts. */
export function checkOptionsOf(data: ReviewData): CheckOptions {
  const products: Record<string, Label> = {};
  const facts: Record<string, { category?: string; safety_critical?: boolean }> = {};
  for (const [key, p] of Object.entries(data.products ?? {})) {
    if (p.name) products[key] = p.name;
    facts[key] = {
      ...(p.category ? { category: p.category } : {}),
      ...(p.safety_critical ? { safety_critical: true } : {}),
    };
  }
  return {
    ...(data.parts
      ? {
          parts: data.parts.map(({ part, part_category, products }) => ({
            part,
            part_category,
            ...(products ? { products } : {}),
          })),
        }
      : {}),
    products: facts,
    names: { ...(data.parties ? { parties: data.parties } : {}), products },
  };
}

export function assumptionsOf(data: ReviewData): { values: Assumptions; stated: Set<string> } {
  return {
    values: { ...DEFAULT_ASSUMPTIONS, ...data.assumptions },
    stated: new Set(Object.keys(data.assumptions ?? {})),
  };
}
