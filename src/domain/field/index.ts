export type { Candidate, Reason, Skill, Suggestion, TechnicianFacts, VisitFacts } from './dispatch.ts';
export { bestTechnician, judge, LOAD_WEIGHT_MINUTES, suggestTechnician } from './dispatch.ts';
export type { Point } from './geo.ts';
export { AVERAGE_SPEED_KMH, DETOUR_FACTOR, haversineKm, travel } from './geo.ts';
export type { AppointmentState, ChosenBy, NoShowBy, WorkOrderKind } from './labels.ts';
export {
  APPOINTMENT_STATE_LABELS,
  APPOINTMENT_STATES,
  CHOSEN_BY,
  CHOSEN_BY_LABELS,
  CUSTOMER_POSTPONEMENT,
  NO_SHOW_BY,
  NO_SHOW_LABELS,
  WORK_ORDER_KIND_LABELS,
} from './labels.ts';
export type { MaintenanceNotice, MaintenanceRule, PlanDates, PlannedMaintenance } from './maintenance.ts';
export {
  maintenanceRules,
  noticeDue,
  planDates,
  plansFor,
  REMINDER_DAYS,
  WARNING_DAYS,
} from './maintenance.ts';
export type { NoShowEffect, PostponementEffect } from './postponement.ts';
export { noShowEffect, postponementEffect, SITE_NOT_ACCESSIBLE } from './postponement.ts';
export type { BookedStop, Slot, SlotRequest } from './slots.ts';
export { offerSlots } from './slots.ts';
