/** What the caller may give the check: bills of parts, statutory floors, calendars' working days, names. */
import type { Label } from '../../label.ts';

/** A part number and its category, and the products it goes into: the link between supply and warranty. */
export interface PartCatalogEntry {
  part: string;
  part_category: string;
  products?: string[];
}

export interface CheckOptions {
  /** Bills of parts. Without them, every part a supplier covers may be inside any of the brand's products. */
  parts?: readonly PartCatalogEntry[];
  /** Minimum spare-parts availability per market (country code or `EU`); defaults to SPARE_PARTS_FLOORS. */
  sparePartsFloors?: Readonly<Record<string, string>>;
  /**
   * Seconds in one business day of a calendar (its standard working day), so that `P5D` under a
   * business clock compares with `PT72H` as the calendar engine counts it. Without it, or for a
   * calendar it does not know, a business day is taken as 8 hours.
   */
  businessDaySeconds?: (calendar: string | undefined) => number | undefined;
  /**
   * What people call the keys the terms use, so that findings read names, not keys. The domain
   * holds none of these: parties are named in the tenant's records, and severities and part
   * categories in label maps of other areas. A key with no name given reads as the key (parties)
   * or in words (`labelOf`).
   */
  names?: CheckNames;
  /** What the tenant's catalogue says of each product: its category (for China's 三包 floors), whether it is safety-critical. */
  products?: Readonly<Record<string, ProductFacts>>;
  /** China 三包 floors by product category; defaults to SANBAO_FLOORS. A tenant may replace the overridable ones. */
  sanbaoFloors?: Readonly<Record<string, SanbaoFloor>>;
}

export interface ProductFacts {
  /** A 三包 product category (`room_air_conditioner`, `household_appliance`, ...). */
  category?: string;
  /** Its failure puts people at risk (hospital cooling, medical, fire): service must not stop. */
  safety_critical?: boolean;
}

/** A floor China's 三包 rules set for a product category, with where it comes from. */
export interface SanbaoFloor {
  /** The whole product's minimum cover. */
  whole: string;
  /** Main parts (by part category) and their minimum cover. */
  main_parts?: { part_categories: string[]; duration: string };
  /** Days after purchase in which a performance fault gives a refund, and a replacement. */
  fault_refund: string;
  fault_replacement: string;
  /** The longest a repair may take (calendar days). */
  repair_within: string;
  source: Label;
  /** Whether a tenant may set another floor (a category the rules do not list, a newer rule). */
  overridable: boolean;
}

const SANBAO_1995: Label = {
  en: 'Rules on Repair, Replacement and Return of Certain Goods (1995), with the Consumer Rights Protection Law art. 24',
  zh: '《部分商品修理更换退货责任规定》（1995）及《消费者权益保护法》第二十四条',
};
const sanbao = (
  whole: string,
  parts: string[] | null,
  main: string | null,
  overridable: boolean,
  source = SANBAO_1995,
): SanbaoFloor => ({
  whole,
  ...(parts && main ? { main_parts: { part_categories: parts, duration: main } } : {}),
  fault_refund: 'P7D',
  fault_replacement: 'P15D',
  repair_within: 'P30D',
  source,
  overridable,
});

/**
 * China's 三包 floors by product category, as defaults the tenant may replace where `overridable`:
 * the categories listed in the 1995 rules (whole unit one year, main parts three years), and a
 * general household-appliance floor for products the list does not name (the tenant's call).
 */
export const SANBAO_FLOORS: Readonly<Record<string, SanbaoFloor>> = {
  room_air_conditioner: sanbao('P1Y', ['compressor'], 'P3Y', false),
  refrigerator: sanbao('P1Y', ['compressor'], 'P3Y', false),
  washing_machine: sanbao('P1Y', ['motor'], 'P3Y', false),
  range_hood: sanbao('P1Y', ['motor'], 'P3Y', false),
  household_appliance: sanbao('P1Y', ['motor', 'compressor'], 'P3Y', true, {
    en: 'household-appliance practice after the 1995 Rules on Repair, Replacement and Return of Certain Goods (category not listed there: a floor the tenant sets)',
    zh: '参照《部分商品修理更换退货责任规定》（1995）的家用电器惯例（该规定未列明此类商品：由企业自定下限）',
  }),
};

export interface CheckNames {
  /** Party key to the party's name in English and Chinese (`ningbo-motor` to "Ningbo Motor Works", "宁波电机厂"). */
  parties?: Readonly<Record<string, Label>>;
  /** Severity key of service levels (`critical`) to its name. */
  severities?: Readonly<Record<string, Label>>;
  /** Part category key (`compressor`) to its name. */
  partCategories?: Readonly<Record<string, Label>>;
  /** Product key (`CH-900`) to its name in the tenant's catalogue. */
  products?: Readonly<Record<string, Label>>;
}

/** A business day when the calendar is not at hand: an 8-hour working day. */
export const DEFAULT_BUSINESS_DAY_SECONDS = 8 * 3600;

/**
 * How long spare parts must stay available, by market, as a default the caller may replace:
 * EU ecodesign rules ask 7 to 10 years for household appliances (7 is the floor);
 * China's after-sales rules ask for parts through the product's service life, which we take as
 * at least 5 years unless the tenant says otherwise.
 */
export const SPARE_PARTS_FLOORS: Readonly<Record<string, string>> = { EU: 'P7Y', CN: 'P5Y' };

/** Time to gather each kind of claim evidence (unknown kinds: 3 days). */
export const EVIDENCE_LEAD_TIME: Readonly<Record<string, string>> = {
  photos: 'P1D',
  replaced_part_serial: 'P1D',
  customer_signature: 'P1D',
  service_report: 'P2D',
  proof_of_purchase: 'P3D',
  invoice: 'P7D',
  defective_part: 'P14D',
  failed_part_return: 'P14D',
  failure_analysis: 'P30D',
  lab_report: 'P30D',
};
