/**
 * Spare-parts stock rules. A level is what one location holds of one part: `onHand` units, of
 * which `reserved` are promised to open repairs. Available = onHand - reserved, never negative.
 * The store applies the same rule as one conditional UPDATE, so concurrent requests cannot both
 * take the last unit; these functions are the rule itself, for the tests and the reports.
 */
export interface StockLevel {
  onHand: number;
  reserved: number;
}

export type StockOperation =
  | { op: 'receive'; quantity: number }
  | { op: 'reserve'; quantity: number }
  | { op: 'release'; quantity: number }
  | { op: 'consume'; quantity: number }
  | { op: 'issue'; quantity: number };

export type StockResult = { ok: true; level: StockLevel } | { ok: false; available: number; reason: string };

export function available(level: StockLevel): number {
  return level.onHand - level.reserved;
}

/**
 * Applies one operation: `reserve` needs that many available; `release` gives back reserved units;
 * `consume` takes reserved units out of stock; `issue` takes unreserved units out (a transfer out).
 */
export function applyStock(level: StockLevel, operation: StockOperation): StockResult {
  const q = operation.quantity;
  if (!Number.isInteger(q) || q <= 0) return { ok: false, available: available(level), reason: 'quantity' };
  switch (operation.op) {
    case 'receive':
      return { ok: true, level: { onHand: level.onHand + q, reserved: level.reserved } };
    case 'reserve':
      return available(level) >= q
        ? { ok: true, level: { onHand: level.onHand, reserved: level.reserved + q } }
        : { ok: false, available: available(level), reason: 'insufficient' };
    case 'release':
      return level.reserved >= q
        ? { ok: true, level: { onHand: level.onHand, reserved: level.reserved - q } }
        : { ok: false, available: available(level), reason: 'not_reserved' };
    case 'consume':
      return level.reserved >= q
        ? { ok: true, level: { onHand: level.onHand - q, reserved: level.reserved - q } }
        : { ok: false, available: available(level), reason: 'not_reserved' };
    case 'issue':
      return available(level) >= q
        ? { ok: true, level: { onHand: level.onHand - q, reserved: level.reserved } }
        : { ok: false, available: available(level), reason: 'insufficient' };
  }
}

export interface ReorderInput {
  partNumber: string;
  /** Units consumed over the window (90 days by default). */
  usedInWindow: number;
  windowDays: number;
  onHand: number;
  reserved: number;
  leadTimeDays: number;
}

export interface ReorderSuggestion {
  partNumber: string;
  dailyUseMilli: number;
  /** Stock that lasts the lead time plus the safety days at the recent rate of use. */
  reorderPoint: number;
  /** Stock to reach after ordering: the reorder point plus the cover days. */
  targetLevel: number;
  available: number;
  suggestedQuantity: number;
}

/**
 * Reorder from use over the last window: daily use = used / window days; the reorder point is
 * the use over the lead time and `safetyDays`; when available stock is at or below it, order up to
 * the use over lead time + safety + `coverDays`. Integer arithmetic, rounded up (a part is whole).
 */
export function suggestReorder(
  input: ReorderInput,
  options: { safetyDays: number; coverDays: number } = { safetyDays: 14, coverDays: 30 },
): ReorderSuggestion {
  const ceilDiv = (a: number, b: number) => Math.ceil(a / b);
  const avail = input.onHand - input.reserved;
  const days = Math.max(1, input.windowDays);
  const reorderPoint = ceilDiv(input.usedInWindow * (input.leadTimeDays + options.safetyDays), days);
  const targetLevel = ceilDiv(
    input.usedInWindow * (input.leadTimeDays + options.safetyDays + options.coverDays),
    days,
  );
  const suggested = input.usedInWindow > 0 && avail <= reorderPoint ? Math.max(0, targetLevel - avail) : 0;
  return {
    partNumber: input.partNumber,
    dailyUseMilli: Math.round((input.usedInWindow * 1000) / days),
    reorderPoint,
    targetLevel,
    available: avail,
    suggestedQuantity: suggested,
  };
}
