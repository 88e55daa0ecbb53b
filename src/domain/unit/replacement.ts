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
