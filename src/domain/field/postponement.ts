import type { Label } from '../label.ts';
import type { ChosenBy } from './labels.ts';
import { CUSTOMER_POSTPONEMENT } from './labels.ts';

export interface PostponementEffect {
  /** The closed pause [from, to) (epoch seconds) to add to the on-site clock, or null. */
  pause: readonly [number, number] | null;
  because: Label;
}

/**
 * What moving an appointment later does to the on-site clock. Only a postponement the customer
 * asked for, and only when the clock's terms name `customer_postponement` in `pause_while`, pauses
 * it: from the slot first booked (or now, if later) to the new one. Anything else leaves it running.
 */
export function postponementEffect(
  pauseWhile: readonly string[],
  requestedBy: ChosenBy,
  now: number,
  oldStart: number,
  newStart: number,
): PostponementEffect {
  if (requestedBy !== 'customer')
    return {
      pause: null,
      because: {
        en: 'Moved by the dispatcher: the on-site clock keeps running.',
        zh: '调度员改约：上门时限照常计时。',
      },
    };
  if (!pauseWhile.includes(CUSTOMER_POSTPONEMENT))
    return {
      pause: null,
      because: {
        en: 'The terms do not name a pause for a postponement the customer asks for: the on-site clock keeps running.',
        zh: '条款未规定客户要求改期时暂停计时：上门时限照常计时。',
      },
    };
  const from = Math.max(now, oldStart);
  if (newStart <= from)
    return { pause: null, because: { en: 'Not later: nothing to pause.', zh: '未推迟：无需暂停。' } };
  return {
    pause: [from, newStart],
    because: {
      en: 'The terms pause the on-site clock while the customer postpones the visit.',
      zh: '按条款，客户要求推迟上门期间暂停计时。',
    },
  };
}
