import { Type } from 'typebox';
import { APPOINTMENT_STATES, NO_SHOW_BY } from '../../domain/field/index.ts';
import { TERRITORY_PATTERN } from '../../domain/unit/index.ts';
import { CalendarDate, InstantInRange, Text, Uuid } from './common.ts';
import { Nullable } from './parties.ts';
import { AttachmentBody } from './portal.ts';

const Territory = Type.String({ pattern: TERRITORY_PATTERN, description: 'ISO 3166-2 code, e.g. CN-SH' });
const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const PartyKey = Type.String({
  minLength: 1,
  maxLength: 63,
  description: 'A party key, e.g. fixit-shanghai',
});
const Label = Type.Object({ en: Type.String(), zh: Type.String() });

export const SiteBody = Type.Object(
  {
    customer: Type.Optional(PartyKey),
    name: Text({ minLength: 1, maxLength: 200 }),
    addressZh: Text({ minLength: 1, maxLength: 500 }),
    addressEn: Text({ minLength: 1, maxLength: 500 }),
    district: Text({ minLength: 1, maxLength: 100 }),
    territory: Territory,
    latitude: Latitude,
    longitude: Longitude,
    accessNotes: Type.Optional(Text({ maxLength: 2000 })),
    openingHours: Type.Optional(Text({ maxLength: 500 })),
    contactName: Text({ minLength: 1, maxLength: 200 }),
    contactPhone: Type.String({ minLength: 3, maxLength: 40, pattern: '^[+0-9 ()-]+$' }),
    units: Type.Optional(Type.Array(Text({ minLength: 1, maxLength: 100 }), { maxItems: 200 })),
  },
  { additionalProperties: false },
);

export const SiteSchema = Type.Object({
  id: Uuid,
  customer: Type.Object({ key: Type.String(), name: Type.String() }),
  name: Type.String(),
  addressZh: Type.String(),
  addressEn: Type.String(),
  district: Type.String(),
  territory: Type.String(),
  latitude: Type.Number(),
  longitude: Type.Number(),
  accessNotes: Type.String(),
  openingHours: Type.String(),
  contact: Type.Object({ name: Type.String(), phone: Type.String() }),
  units: Type.Array(Type.Object({ id: Uuid, serial: Type.String() })),
});

export const SiteListQuery = Type.Object(
  { customer: Type.Optional(PartyKey), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);

const SkillSchema = Type.Object(
  {
    product: Text({ minLength: 1, maxLength: 100 }),
    part: Type.Optional(Nullable(Text({ minLength: 1, maxLength: 100 }))),
    expiresOn: CalendarDate,
  },
  { additionalProperties: false },
);
const Absence = Type.Object({ from: InstantInRange, to: InstantInRange }, { additionalProperties: false });

export const TechnicianBody = Type.Object(
  {
    party: PartyKey,
    userEmail: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    name: Text({ minLength: 1, maxLength: 200 }),
    phone: Type.String({ minLength: 3, maxLength: 40, pattern: '^[+0-9 ()-]+$' }),
    homeLatitude: Latitude,
    homeLongitude: Longitude,
    territories: Type.Array(Territory, { minItems: 1, maxItems: 50 }),
    calendar: Type.String({ minLength: 1, maxLength: 63, description: 'A calendar key, e.g. cn-business' }),
    skills: Type.Array(SkillSchema, { maxItems: 100 }),
    absences: Type.Optional(Type.Array(Absence, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

export const TechnicianChangesBody = Type.Object(
  {
    ...Type.Partial(Type.Omit(TechnicianBody, ['party', 'userEmail'])).properties,
    /** null unlinks the phone view's sign-in. */
    userEmail: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
    retired: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TechnicianSchema = Type.Object({
  id: Uuid,
  party: Type.Object({ key: Type.String(), name: Type.String() }),
  userId: Nullable(Uuid),
  name: Type.String(),
  phone: Type.String(),
  home: Type.Object({ latitude: Type.Number(), longitude: Type.Number() }),
  territories: Type.Array(Type.String()),
  calendar: Type.String(),
  skills: Type.Array(
    Type.Object({ product: Type.String(), part: Nullable(Type.String()), expiresOn: Type.String() }),
  ),
  absences: Type.Array(Type.Object({ from: Type.String(), to: Type.String() })),
  retiredAt: Nullable(Type.String()),
});

export const TechnicianListQuery = Type.Object(
  { party: Type.Optional(PartyKey), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);

const CandidateSchema = Type.Object({
  technicianId: Uuid,
  name: Type.String(),
  eligible: Type.Boolean(),
  meetsDeadline: Type.Boolean(),
  km: Type.Number(),
  travelMinutes: Type.Integer(),
  arrivesAt: Nullable(Type.String()),
  load: Type.Integer(),
  score: Type.Number(),
  reasons: Type.Array(Type.Object({ code: Type.String(), en: Type.String(), zh: Type.String() })),
});

export const SuggestionSchema = Type.Object({
  caseId: Uuid,
  serial: Type.String(),
  product: Type.String(),
  siteId: Uuid,
  onsiteDueAt: Nullable(Type.String()),
  best: Nullable(CandidateSchema),
  ranked: Type.Array(CandidateSchema),
});

export const CaseQuery = Type.Object(
  { caseId: Uuid, technicianId: Type.Optional(Uuid) },
  { additionalProperties: false },
);

export const SlotOfferSchema = Type.Object({
  caseId: Uuid,
  technician: Type.Object({ id: Uuid, name: Type.String() }),
  onsiteDueAt: Nullable(Type.String()),
  slots: Type.Array(
    Type.Object({ startsAt: Type.String(), endsAt: Type.String(), meetsDeadline: Type.Boolean() }),
  ),
});

export const BookBody = Type.Object(
  { caseId: Uuid, technicianId: Uuid, startsAt: InstantInRange },
  { additionalProperties: false },
);

export const RescheduleBody = Type.Object(
  { startsAt: InstantInRange, technicianId: Type.Optional(Uuid) },
  { additionalProperties: false },
);

export const NoShowBody = Type.Object(
  {
    by: Type.Unsafe<(typeof NO_SHOW_BY)[number]>({ type: 'string', enum: [...NO_SHOW_BY] }),
    note: Type.Optional(Text({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const AppointmentSchema = Type.Object({
  id: Uuid,
  caseId: Uuid,
  technician: Type.Object({ id: Uuid, name: Type.String() }),
  siteId: Uuid,
  startsAt: Type.String(),
  endsAt: Type.String(),
  state: Type.Unsafe<(typeof APPOINTMENT_STATES)[number]>({ type: 'string', enum: [...APPOINTMENT_STATES] }),
  chosenBy: Type.String(),
  reschedules: Type.Integer(),
  clockEffect: Type.Optional(Label),
  /** A no-show's effect on each running clock of the case, from the terms. */
  clockEffects: Type.Optional(
    Type.Array(
      Type.Object({
        clockId: Uuid,
        side: Type.String(),
        target: Type.String(),
        paused: Type.Boolean(),
        because: Label,
      }),
    ),
  ),
});

export const DayQuery = Type.Object(
  { date: CalendarDate, technicianId: Type.Optional(Uuid) },
  { additionalProperties: false },
);

export const DaySchema = Type.Object({
  technician: Type.Object({ id: Uuid, name: Type.String() }),
  date: Type.String(),
  stops: Type.Array(
    Type.Object({
      order: Type.Integer(),
      appointmentId: Uuid,
      caseId: Uuid,
      caseRef: Type.String(),
      startsAt: Type.String(),
      endsAt: Type.String(),
      state: Type.String(),
      serial: Type.String(),
      product: Type.String(),
      site: Type.Object({
        id: Uuid,
        name: Type.String(),
        addressZh: Type.String(),
        addressEn: Type.String(),
        district: Type.String(),
        latitude: Type.Number(),
        longitude: Type.Number(),
        accessNotes: Type.String(),
        openingHours: Type.String(),
        contact: Type.Object({ name: Type.String(), phone: Type.String() }),
      }),
      leg: Type.Object({ km: Type.Number(), minutes: Type.Integer() }),
      parts: Type.Array(
        Type.Object({
          partNumber: Type.String(),
          name: Type.String(),
          quantity: Type.Integer(),
          why: Type.String(),
        }),
      ),
    }),
  ),
});

export const WorkOrderBody = Type.Object(
  {
    serial: Text({ minLength: 1, maxLength: 100 }),
    kind: Type.Unsafe<'installation' | 'maintenance'>({
      type: 'string',
      enum: ['installation', 'maintenance'],
    }),
    checklist: Type.Array(Text({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 100 }),
    technicianId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const CompleteWorkOrderBody = Type.Object(
  {
    checklist: Type.Array(
      Type.Object(
        { item: Text({ minLength: 1, maxLength: 200 }), done: Type.Boolean() },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
    commissioning: Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.Number()),
    signedBy: Text({ minLength: 1, maxLength: 200 }),
    signature: AttachmentBody,
    photos: Type.Optional(Type.Array(AttachmentBody, { maxItems: 20 })),
    completedOn: CalendarDate,
  },
  { additionalProperties: false },
);

export const MaintenancePlanSchema = Type.Object({
  unitId: Uuid,
  serial: Type.String(),
  ref: Type.String(),
  agreement: Type.Object({ id: Type.String(), version: Type.Integer() }),
  every: Type.String(),
  grace: Nullable(Type.String()),
  basis: Type.String(),
  nextDueOn: Type.String(),
  suspendsAfter: Type.String(),
});

export const WorkOrderSchema = Type.Object({
  id: Uuid,
  unitId: Uuid,
  serial: Type.String(),
  kind: Type.String(),
  state: Type.String(),
  checklist: Type.Array(Type.Object({ item: Type.String(), done: Type.Boolean() })),
  commissioning: Type.Record(Type.String(), Type.Number()),
  signedBy: Nullable(Type.String()),
  completedOn: Nullable(Type.String()),
  plans: Type.Optional(Type.Array(MaintenancePlanSchema)),
});

export const WorkOrderListQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Unsafe<'open' | 'completed'>({ type: 'string', enum: ['open', 'completed'], default: 'open' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const WorkOrderListItemSchema = Type.Object({
  ...WorkOrderSchema.properties,
  product: Type.Object({ model: Type.String(), name: Type.String(), nameZh: Nullable(Type.String()) }),
  customer: Type.Object({ name: Type.String(), nameZh: Nullable(Type.String()) }),
  openedAt: Type.String(),
});

export const SerialBody = Type.Object(
  { serial: Text({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export const MaintenanceBody = Type.Object(
  { serial: Text({ minLength: 1, maxLength: 100 }), performedOn: CalendarDate },
  { additionalProperties: false },
);
export const DueQuery = Type.Object(
  { until: CalendarDate, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
  { additionalProperties: false },
);
export const NoticeReport = Type.Object({ reminders: Type.Integer(), warnings: Type.Integer() });
export const ReminderReport = Type.Object({ reminders: Type.Integer() });

export const BoardQuery = Type.Object(
  { from: CalendarDate, days: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 })) },
  { additionalProperties: false },
);

export const BoardSchema = Type.Object({
  from: Type.String(),
  days: Type.Integer(),
  technicians: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      appointments: Type.Array(
        Type.Object({
          id: Uuid,
          caseId: Uuid,
          caseRef: Type.String(),
          serial: Type.String(),
          startsAt: Type.String(),
          endsAt: Type.String(),
          state: Type.String(),
          conflicts: Type.Array(Type.String()),
        }),
      ),
    }),
  ),
  unassigned: Type.Array(
    Type.Object({
      caseId: Uuid,
      caseRef: Type.String(),
      serial: Type.String(),
      severity: Type.String(),
      siteName: Type.String(),
      district: Type.String(),
      dueAt: Nullable(Type.String()),
    }),
  ),
});

export const SiteChangesBody = Type.Partial(Type.Omit(SiteBody, ['customer']), {
  additionalProperties: false,
});
