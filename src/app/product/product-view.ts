import type { Kysely } from 'kysely';
import type { Database, ProductRow } from '../../store/schema.ts';
import { type FieldProblem, invalid, notFound } from '../errors.ts';

export interface BillOfPartsLine {
  partNumber: string;
  partCategory: string;
  name: string;
  quantity: number;
}

export interface ProductView {
  id: string;
  model: string;
  name: string;
  nameZh: string | null;
  partCategories: string[];
  endOfProduction: string | null;
  billOfParts: BillOfPartsLine[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ProductInput {
  model: string;
  name: string;
  nameZh?: string | null | undefined;
  partCategories: string[];
  endOfProduction?: string | null | undefined;
  billOfParts?: BillOfPartsLine[] | undefined;
}

export const PRODUCT_NOT_FOUND = { en: 'No such product.', zh: '没有该产品。' };

/** A bill of parts may only use the product's own part categories, each part number once. */
export function checkBillOfParts(partCategories: string[], lines: BillOfPartsLine[]): void {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (!partCategories.includes(line.partCategory)) {
      problems.push({
        path: `/body/billOfParts/${i}/partCategory`,
        message: `"${line.partCategory}" is not one of the product's part categories`,
      });
    }
    if (seen.has(line.partNumber)) {
      problems.push({
        path: `/body/billOfParts/${i}/partNumber`,
        message: `"${line.partNumber}" is listed twice`,
      });
    }
    seen.add(line.partNumber);
  });
  if (problems.length > 0) throw invalid(problems);
}

export async function loadProductView(
  db: Kysely<Database>,
  tenantId: string,
  productId: string,
): Promise<ProductView> {
  const row = await db
    .selectFrom('products')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  if (!row) throw notFound(PRODUCT_NOT_FOUND);
  const [view] = await withBillOfParts(db, tenantId, [row]);
  return view!;
}

export async function withBillOfParts(
  db: Kysely<Database>,
  tenantId: string,
  rows: ProductRow[],
): Promise<ProductView[]> {
  if (rows.length === 0) return [];
  const parts = await db
    .selectFrom('product_parts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(
      'product_id',
      'in',
      rows.map((r) => r.product_id),
    )
    .orderBy('part_number')
    .execute();
  return rows.map((row) => ({
    id: row.product_id,
    model: row.model,
    name: row.name,
    nameZh: row.name_zh,
    partCategories: row.part_categories,
    endOfProduction: row.end_of_production,
    billOfParts: parts
      .filter((p) => p.product_id === row.product_id)
      .map((p) => ({
        partNumber: p.part_number,
        partCategory: p.part_category,
        name: p.name,
        quantity: p.quantity,
      })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export async function replaceBillOfParts(
  db: Kysely<Database>,
  tenantId: string,
  productId: string,
  lines: BillOfPartsLine[],
): Promise<void> {
  await db
    .deleteFrom('product_parts')
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .execute();
  if (lines.length === 0) return;
  await db
    .insertInto('product_parts')
    .values(
      lines.map((l) => ({
        tenant_id: tenantId,
        product_id: productId,
        part_number: l.partNumber,
        part_category: l.partCategory,
        name: l.name,
        quantity: l.quantity,
      })),
    )
    .execute();
}
