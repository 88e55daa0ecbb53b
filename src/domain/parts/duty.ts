/**
 * The spare-parts duty: a customer agreement's `spare_parts.available_for` (e.g. P10Y) after a
 * product's end of production is the date until which its parts must be available. A part is at
 * risk before that date when no location holds it, or no supply agreement for it is in force
 * (today, or on the duty's last day when the agreement ends before it).
 */
import { type Agreement, CUSTOMER_FACING, inForceOn } from '../terms/index.ts';
import { addToDate, duration } from '../time/index.ts';

export interface DutyProduct {
  model: string;
  endOfProduction: string | null;
  parts: { partNumber: string; partCategory: string; name: string }[];
}

export type DutyRisk =
  | 'no_stock'
  | 'no_supply_agreement'
  | 'supply_ends_before_duty'
  | 'end_of_production_unknown';

export interface DutyLine {
  product: string;
  partNumber: string;
  partCategory: string;
  name: string;
  /** The date until which the part must be available, with the clause. */
  dutyUntil: string | null;
  agreement: { id: string; version: number; ref: string | null } | null;
  onHand: number;
  supplyAgreement: { id: string; version: number; effectiveTo: string | null } | null;
  risks: DutyRisk[];
}

export function partsDutyReport(
  products: readonly DutyProduct[],
  agreements: readonly Agreement[],
  stock: ReadonlyMap<string, number>,
  today: string,
): DutyLine[] {
  const lines: DutyLine[] = [];
  for (const product of products) {
    const duty = agreements
      .filter(
        (a) =>
          CUSTOMER_FACING.has(a.kind) &&
          a.spare_parts?.available_for &&
          (!a.scope?.products || a.scope.products.includes(product.model)) &&
          inForceOn(a, today),
      )
      .sort((x, y) => x.id.localeCompare(y.id))[0];
    const until =
      duty && product.endOfProduction
        ? addToDate(product.endOfProduction, duration(duty.spare_parts!.available_for!))
        : null;
    for (const part of product.parts) {
      const supply = agreements.find(
        (a) => a.kind === 'supply' && a.scope?.parts?.includes(part.partNumber) && inForceOn(a, today),
      );
      const onHand = stock.get(part.partNumber) ?? 0;
      const risks: DutyRisk[] = [];
      if (onHand <= 0) risks.push('no_stock');
      if (!supply) risks.push('no_supply_agreement');
      else if (supply.effective_to && until && supply.effective_to < until)
        risks.push('supply_ends_before_duty');
      // A duty that has ended is no longer a risk; a product without a duty is not reported.
      if (!duty || (until && until < today)) continue;
      lines.push({
        product: product.model,
        partNumber: part.partNumber,
        partCategory: part.partCategory,
        name: part.name,
        dutyUntil: until,
        agreement: { id: duty.id, version: duty.version, ref: duty.spare_parts!.ref ?? null },
        onHand,
        supplyAgreement: supply
          ? { id: supply.id, version: supply.version, effectiveTo: supply.effective_to ?? null }
          : null,
        risks,
      });
    }
  }
  return lines.sort(
    (a, b) =>
      b.risks.length - a.risks.length ||
      (a.dutyUntil ?? '').localeCompare(b.dutyUntil ?? '') ||
      a.product.localeCompare(b.product) ||
      a.partNumber.localeCompare(b.partNumber),
  );
}
