import { keysOf, type Labels } from '../label.ts';

export const APPOINTMENT_STATE_LABELS = {
  booked: { en: 'Booked', zh: '已预约' },
  no_show: { en: 'No-show', zh: '未到场' },
  done: { en: 'Done', zh: '已完成' },
  cancelled: { en: 'Cancelled', zh: '已取消' },
} as const satisfies Labels<string>;
export type AppointmentState = keyof typeof APPOINTMENT_STATE_LABELS;
export const APPOINTMENT_STATES = keysOf(APPOINTMENT_STATE_LABELS);

/** Who chose the slot, and who asked for a change. */
export const CHOSEN_BY_LABELS = {
  customer: { en: 'Customer', zh: '客户' },
  dispatcher: { en: 'Dispatcher', zh: '调度员' },
} as const satisfies Labels<string>;
export type ChosenBy = keyof typeof CHOSEN_BY_LABELS;
export const CHOSEN_BY = keysOf(CHOSEN_BY_LABELS);

/** Who missed an appointment. */
export const NO_SHOW_LABELS = {
  customer: { en: 'The customer was not there', zh: '客户未在场' },
  technician: { en: 'The technician did not come', zh: '技术员未到场' },
} as const satisfies Labels<string>;
export type NoShowBy = keyof typeof NO_SHOW_LABELS;
export const NO_SHOW_BY = keysOf(NO_SHOW_LABELS);

export const WORK_ORDER_KIND_LABELS = {
  installation: { en: 'Installation and commissioning', zh: '安装调试' },
  maintenance: { en: 'Preventive maintenance', zh: '预防性维护' },
} as const satisfies Labels<string>;
export type WorkOrderKind = keyof typeof WORK_ORDER_KIND_LABELS;

/** The condition name a `pause_while` list uses for a postponement the customer asked for. */
export const CUSTOMER_POSTPONEMENT = 'customer_postponement';
