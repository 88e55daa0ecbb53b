import type { Label } from '../label.ts';
import type { ChosenBy, NoShowBy } from './labels.ts';
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

/** The condition a customer's absence at a visit brings about: the site could not be reached. */
export const SITE_NOT_ACCESSIBLE = 'site_not_accessible';

export interface NoShowEffect {
  /** Whether the clock pauses from the missed visit's start until the next visit is booked. */
  pausesFromVisit: boolean;
  because: Label;
}

/**
 * What a missed visit does to a running clock. A customer who is not there leaves the site not
 * accessible: where the clock's terms name `site_not_accessible` in `pause_while`, the clock
 * pauses from the visit's start until a new visit is booked (the customer's time to let us in
 * again). A technician who does not come is the provider's miss: the clock runs on.
 */
export function noShowEffect(pauseWhile: readonly string[], by: NoShowBy): NoShowEffect {
  if (by === 'technician')
    return {
      pausesFromVisit: false,
      because: {
        en: 'The technician did not come: the clock keeps running.',
        zh: '技术员未到场：时限照常计时。',
      },
    };
  if (!pauseWhile.includes(SITE_NOT_ACCESSIBLE))
    return {
      pausesFromVisit: false,
      because: {
        en: 'The terms do not pause this clock when the site cannot be reached: it keeps running.',
        zh: '条款未规定现场无法进入时暂停此时限：照常计时。',
      },
    };
  return {
    pausesFromVisit: true,
    because: {
      en: 'The customer was not there, so the site could not be reached: the terms pause the clock from the visit until a new one is booked.',
      zh: '客户未在场，无法进入现场：按条款自该次上门起暂停计时，直至重新预约。',
    },
  };
}
