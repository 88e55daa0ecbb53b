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
}

export interface CheckNames {
  /** Party key to the party's name in English and Chinese (`ningbo-motor` to "Ningbo Motor Works", "宁波电机厂"). */
  parties?: Readonly<Record<string, Label>>;
  /** Severity key of service levels (`critical`) to its name. */
  severities?: Readonly<Record<string, Label>>;
  /** Part category key (`compressor`) to its name. */
  partCategories?: Readonly<Record<string, Label>>;
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
