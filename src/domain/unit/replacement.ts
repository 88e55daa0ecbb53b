import type { Label } from '../label.ts';
import { keysOf, type Labels } from '../label.ts';

/** How a unit is exchanged for a new one. */
export const REPLACEMENT_KIND_LABELS = {
  sanbao: { en: '三包 replacement (new warranty)', zh: '三包换货（保修重新计算）' },
  advance_exchange: { en: 'Advance exchange', zh: '先换后修' },
  after_receipt: { en: 'Exchange after receipt', zh: '收货后换货' },
} as const satisfies Labels<string>;
export type ReplacementKind = keyof typeof REPLACEMENT_KIND_LABELS;
export const REPLACEMENT_KINDS = keysOf(REPLACEMENT_KIND_LABELS);

/** The dates the entitlement engine counts cover from (sale, delivery, installation). */
export interface CoverDates {
  soldOn: string | null;
  deliveredOn: string | null;
  installedOn: string | null;
}

export interface ReplacementWarranty {
  warranty: 'new' | 'continues';
  /** The new unit's dates. */
  dates: CoverDates;
  because: Label;
  /** The clause a 三包 replacement rests on (the terms' returns clause), else null. */
  ref: string | null;
}

/**
 * What an exchange does to the warranty. A 三包 replacement — one the terms granted as the remedy
 * for a performance fault in their replacement window — gives a unit whose warranty starts anew
 * on the day of the exchange (sold and delivered that day; an installation, where cover counts
 * from it, is recorded when it happens). Any other exchange (advance exchange, or after receipt,
 * goodwill included) only swaps the hardware: the new unit keeps the old one's dates, so its cover
 * ends when the old one's would have.
 */
export function replacementWarranty(
  kind: ReplacementKind,
  old: CoverDates,
  replacedOn: string,
  returnsRef: string | null,
): ReplacementWarranty {
  if (kind === 'sanbao')
    return {
      warranty: 'new',
      dates: { soldOn: replacedOn, deliveredOn: replacedOn, installedOn: null },
      because: {
        en: `A 三包 replacement: the new unit's warranty counts anew from the exchange on ${replacedOn}${returnsRef ? ` (${returnsRef})` : ''}.`,
        zh: `三包换货：新机保修期自换货之日 ${replacedOn} 起重新计算${returnsRef ? `（${returnsRef}）` : ''}。`,
      },
      ref: returnsRef,
    };
  return {
    warranty: 'continues',
    dates: { ...old },
    because: {
      en: 'An exchange of the hardware: the new unit keeps the old one’s warranty dates, and its cover ends when the old one’s would have.',
      zh: '仅更换设备：新机沿用原机的保修日期，保修到期日不变。',
    },
    ref: null,
  };
}

/** A contract or plan sold to the old unit, as the exchange reads it. */
export interface HeldContract {
  number: string;
  state: 'active' | 'cancelled';
  startsOn: string;
  /** Last day of its term (inclusive). */
  endsOn: string;
}

export interface ContractOnExchange<T extends HeldContract> {
  contract: T;
  /** It moves to the new unit (unchanged: same number, start, end, incidents used). */
  moves: boolean;
  because: Label;
}

/**
 * What an exchange does to the contracts and plans sold to the old unit, whatever the kind of
 * exchange: **a running contract continues on the new unit for its remaining term**. Running: not
 * cancelled and not ended before the exchange day (one whose term has not begun yet, an extended
 * warranty waiting for the warranty to end, runs too). It keeps its number, dates, price and
 * incidents used: the customer paid for a term of cover on the equipment they use, so it neither
 * stays on a unit taken out of service nor starts a new term nobody paid for — even for a 三包
 * replacement, whose warranty counts anew from the exchange (`replacementWarranty`), because a
 * contract is not the warranty. A cancelled or ended contract stays with the old unit, as its history.
 */
export function contractsOnExchange<T extends HeldContract>(
  contracts: readonly T[],
  replacedOn: string,
): ContractOnExchange<T>[] {
  return contracts.map((contract) => {
    if (contract.state === 'cancelled')
      return {
        contract,
        moves: false,
        because: {
          en: `Contract ${contract.number} was cancelled: it stays with the old unit.`,
          zh: `合同 ${contract.number} 已取消，保留在原机上。`,
        },
      };
    if (contract.endsOn < replacedOn)
      return {
        contract,
        moves: false,
        because: {
          en: `Contract ${contract.number} ended on ${contract.endsOn}, before the exchange: it stays with the old unit.`,
          zh: `合同 ${contract.number} 已于 ${contract.endsOn} 到期（早于换货），保留在原机上。`,
        },
      };
    return {
      contract,
      moves: true,
      because: {
        en: `Contract ${contract.number} continues on the new unit for its remaining term, through ${contract.endsOn}.`,
        zh: `合同 ${contract.number} 转至新机，按剩余期限继续有效，至 ${contract.endsOn}。`,
      },
    };
  });
}
