import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app/context.ts';
import { AppError } from '../../app/errors.ts';
import {
  appointmentView,
  bookAppointment,
  caseAppointments,
  completeWorkOrder,
  createSite,
  createTechnician,
  createWorkOrder,
  dispatchBoard,
  fileAppointmentReport,
  listSites,
  listTechnicians,
  listWorkOrders,
  maintenanceDue,
  offerSlotsForCase,
  planMaintenance,
  planMaintenanceVisits,
  recordMaintenance,
  recordNoShow,
  rescheduleAppointment,
  sendAppointmentReminders,
  sendMaintenanceNotices,
  showSite,
  showWorkOrder,
  suggestForCase,
  technicianDay,
  updateSite,
  updateTechnician,
} from '../../app/field/index.ts';
import { actorOf } from '../auth.ts';
import { IdParams, STANDARD_PROBLEMS } from '../contracts/common.ts';
import {
  AppointmentSchema,
  BoardQuery,
  BoardSchema,
  BookBody,
  CaseQuery,
  CompleteWorkOrderBody,
  DayQuery,
  DaySchema,
  DueQuery,
  MaintenanceBody,
  MaintenancePlanSchema,
  NoShowBody,
  NoticeReport,
  ReminderReport,
  RescheduleBody,
  SerialBody,
  SiteBody,
  SiteChangesBody,
  SiteListQuery,
  SiteSchema,
  SlotOfferSchema,
  SuggestionSchema,
  TechnicianBody,
  TechnicianChangesBody,
  TechnicianListQuery,
  TechnicianSchema,
  WorkOrderBody,
  WorkOrderListItemSchema,
  WorkOrderListQuery,
  WorkOrderSchema,
} from '../contracts/field.ts';
import { VisitReportBody } from '../contracts/portal.ts';

/** The passes a worker would run, run by the brand's administrators or managers on demand. */
function requireOperator(actor: ReturnType<typeof actorOf>): void {
  if (!actor.homeParty || !['admin', 'manager'].includes(actor.role))
    throw new AppError('forbidden', {
      detail: { en: 'Only the brand’s administrators run this pass.', zh: '只有品牌方管理员可以执行。' },
    });
}

/** Field service (issue 17): sites, technicians, dispatch, appointments, work orders, maintenance. */
export function fieldRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['field service'];
    app.get(
      '/sites',
      {
        schema: {
          tags,
          summary: 'Sites you may see: staff all; a customer its own; a partner those of its visits',
          querystring: SiteListQuery,
          response: { 200: Type.Array(SiteSchema), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listSites(deps, actorOf(request), {
          customer: request.query.customer,
          limit: request.query.limit ?? 50,
        }),
    );
    app.post(
      '/sites',
      {
        schema: {
          tags,
          summary: 'Record a customer’s site and place the customer’s units there',
          body: SiteBody,
          response: { 201: SiteSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createSite(deps, actorOf(request), request.body)),
    );
    app.get(
      '/sites/:id',
      {
        schema: {
          tags,
          summary: 'One site',
          params: IdParams,
          response: { 200: SiteSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showSite(deps, actorOf(request), request.params.id),
    );
    app.patch(
      '/sites/:id',
      {
        schema: {
          tags,
          summary: 'Change a site (the customer its own, or service staff); `units` replaces the units there',
          params: IdParams,
          body: SiteChangesBody,
          response: { 200: SiteSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => updateSite(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/technicians',
      {
        schema: {
          tags,
          summary: 'Technicians: staff see all, a partner its own people',
          querystring: TechnicianListQuery,
          response: { 200: Type.Array(TechnicianSchema), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listTechnicians(deps, actorOf(request), {
          party: request.query.party,
          limit: request.query.limit ?? 100,
        }),
    );
    app.post(
      '/technicians',
      {
        schema: {
          tags,
          summary: 'Record a technician with skills, home base, territories, working calendar, absences',
          body: TechnicianBody,
          response: { 201: TechnicianSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createTechnician(deps, actorOf(request), request.body)),
    );
    app.patch(
      '/technicians/:id',
      {
        schema: {
          tags,
          summary:
            'Change a technician (what is given replaces what was there); retired: true keeps it for the record and offers it for nothing',
          params: IdParams,
          body: TechnicianChangesBody,
          response: { 200: TechnicianSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => updateTechnician(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/technicians/day',
      {
        schema: {
          tags,
          summary: 'A technician’s day: visits in route order with site, contact and parts to bring',
          querystring: DayQuery,
          response: { 200: DaySchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => technicianDay(deps, actorOf(request), request.query),
    );
    app.get(
      '/appointments',
      {
        schema: {
          tags,
          summary: 'A case’s appointments you may see (the customer its own, a partner its technicians’)',
          querystring: Type.Object(
            { caseId: Type.String({ format: 'uuid' }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Array(AppointmentSchema), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => caseAppointments(deps.db, actorOf(request), request.query.caseId),
    );
    app.get(
      '/appointments/board',
      {
        schema: {
          tags,
          summary:
            'The dispatch board: technicians with their visits (day or week), unassigned work by SLA risk',
          querystring: BoardQuery,
          response: { 200: BoardSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        dispatchBoard(deps, actorOf(request), { from: request.query.from, days: request.query.days ?? 1 }),
    );
    app.get(
      '/appointments/suggestion',
      {
        schema: {
          tags,
          summary: 'The best technician for a case’s on-site visit, with reasons',
          querystring: CaseQuery,
          response: { 200: SuggestionSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => suggestForCase(deps, actorOf(request), request.query.caseId),
    );
    app.get(
      '/appointments/slots',
      {
        schema: {
          tags,
          summary: 'Slots offered for a case’s visit (on-site deadline, calendar, bookings, travel)',
          querystring: CaseQuery,
          response: { 200: SlotOfferSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        offerSlotsForCase(deps, actorOf(request), request.query.caseId, request.query.technicianId),
    );
    app.post(
      '/appointments',
      {
        schema: {
          tags,
          summary: 'Book a visit in an offered slot (the customer or a dispatcher); confirmation sent',
          body: BookBody,
          response: { 201: AppointmentSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) => {
        const { caseId, ...rest } = request.body;
        return reply.status(201).send(await bookAppointment(deps, actorOf(request), caseId, rest));
      },
    );
    app.get(
      '/appointments/:id',
      {
        schema: {
          tags,
          summary: 'One appointment',
          params: IdParams,
          response: { 200: AppointmentSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => appointmentView(deps.db, actorOf(request), request.params.id),
    );
    app.post(
      '/appointments/:id/reschedule',
      {
        schema: {
          tags,
          summary:
            'Move a visit; a customer’s postponement pauses the on-site clock only if the terms say so',
          params: IdParams,
          body: RescheduleBody,
          response: { 200: AppointmentSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => rescheduleAppointment(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/appointments/:id/no-show',
      {
        schema: {
          tags,
          summary: 'Record a missed visit (customer absent or technician not come)',
          params: IdParams,
          body: NoShowBody,
          response: { 200: AppointmentSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => recordNoShow(deps, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/appointments/:id/visit-report',
      {
        schema: {
          tags,
          summary:
            'The visit report, possibly filed offline: the arrival time recorded meets the on-site clock',
          params: IdParams,
          body: VisitReportBody,
          response: { 201: Type.Unknown(), ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await fileAppointmentReport(deps, actorOf(request), request.params.id, request.body)),
    );
    app.post(
      '/appointments/reminders',
      {
        schema: {
          tags,
          summary: 'Send reminders for visits in the next 24 hours (the pass a worker runs)',
          response: { 200: ReminderReport, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        requireOperator(actor);
        return { reminders: await sendAppointmentReminders(deps, actor.tenantId) };
      },
    );
    app.get(
      '/work-orders',
      {
        schema: {
          tags,
          summary:
            'Work orders by state (open by default), newest first: staff all, a partner those of the units it services, a customer its own',
          querystring: WorkOrderListQuery,
          response: { 200: Type.Array(WorkOrderListItemSchema), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        listWorkOrders(deps, actorOf(request), {
          state: request.query.state ?? 'open',
          limit: request.query.limit ?? 50,
        }),
    );
    app.post(
      '/work-orders',
      {
        schema: {
          tags,
          summary: 'Open an installation or maintenance work order with its checklist',
          body: WorkOrderBody,
          response: { 201: WorkOrderSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createWorkOrder(deps, actorOf(request), request.body)),
    );
    app.get(
      '/work-orders/:id',
      {
        schema: {
          tags,
          summary: 'One work order',
          params: IdParams,
          response: { 200: WorkOrderSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => showWorkOrder(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/work-orders/:id/completion',
      {
        schema: {
          tags,
          summary:
            'Complete a work order: checklist, commissioning values, signature; installation sets the cover start',
          params: IdParams,
          body: CompleteWorkOrderBody,
          response: { 200: WorkOrderSchema, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => completeWorkOrder(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/maintenance/due',
      {
        schema: {
          tags,
          summary: 'Maintenance due up to a day, soonest first',
          querystring: DueQuery,
          response: { 200: Type.Array(MaintenancePlanSchema), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        maintenanceDue(deps, actorOf(request), {
          until: request.query.until,
          limit: request.query.limit ?? 100,
        }),
    );
    app.post(
      '/maintenance/plans',
      {
        schema: {
          tags,
          summary: 'Plan a unit’s maintenance from its terms’ maintenance conditions',
          body: SerialBody,
          response: { 200: Type.Array(MaintenancePlanSchema), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => planMaintenance(deps, actorOf(request), request.body.serial),
    );
    app.post(
      '/maintenance/performed',
      {
        schema: {
          tags,
          summary: 'Record a maintenance performed on a unit (evidence); its plan moves on',
          body: MaintenanceBody,
          response: { 200: Type.Array(MaintenancePlanSchema), ...STANDARD_PROBLEMS },
        },
      },
      async (request) =>
        recordMaintenance(deps, actorOf(request), request.body.serial, {
          performedOn: request.body.performedOn,
        }),
    );
    app.post(
      '/maintenance/notices',
      {
        schema: {
          tags,
          summary: 'Send maintenance reminders and cover warnings now due (the pass a worker runs)',
          response: { 200: NoticeReport, ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        requireOperator(actor);
        return sendMaintenanceNotices(deps, actor.tenantId);
      },
    );
    app.post(
      '/maintenance/visits',
      {
        schema: {
          tags,
          summary:
            'Open the maintenance visits of plans due within 30 days, one per due day (the pass a worker runs)',
          response: { 200: Type.Object({ opened: Type.Integer() }), ...STANDARD_PROBLEMS },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        requireOperator(actor);
        return planMaintenanceVisits(deps, actor.tenantId);
      },
    );
  };
}
