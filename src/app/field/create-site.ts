import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { partyByKey } from '../party/index.ts';
import { inTransaction } from '../transaction.ts';
import { forbidden, isStaff } from './field-access.ts';
import { type SiteView, siteViews } from './site-view.ts';

export interface SiteInput {
  /** The customer's party key; a customer signed in records its own sites (may leave it out). */
  customer?: string | undefined;
  name: string;
  addressZh: string;
  addressEn: string;
  district: string;
  territory: string;
  latitude: number;
  longitude: number;
  accessNotes?: string | undefined;
  openingHours?: string | undefined;
  contactName: string;
  contactPhone: string;
  /** Serials of the customer's units that stand at the site. */
  units?: string[] | undefined;
}

/** Records a customer's site, and places the customer's units there, as one evidence entry. */
export async function createSite(deps: AppDeps, actor: Actor, input: SiteInput): Promise<SiteView> {
  let customerId: string;
  if (isStaff(actor)) {
    if (!['admin', 'manager', 'agent'].includes(actor.role))
      throw forbidden('Only service staff record sites.', '只有服务人员可以记录服务地点。');
    if (!input.customer) throw invalid([{ path: '/body/customer', message: 'name the customer' }]);
    customerId = (await partyByKey(deps.db, actor.tenantId, input.customer, '/body/customer')).party_id;
  } else if (actor.role === 'customer') {
    customerId = actor.partyId;
  } else
    throw forbidden(
      'Only the customer or service staff record a site.',
      '只有客户或服务人员可以记录服务地点。',
    );
  const siteId = deps.newId();
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .insertInto('sites')
      .values({
        tenant_id: actor.tenantId,
        site_id: siteId,
        customer_party_id: customerId,
        name: input.name,
        address_zh: input.addressZh,
        address_en: input.addressEn,
        district: input.district,
        territory: input.territory,
        latitude: input.latitude,
        longitude: input.longitude,
        access_notes: input.accessNotes ?? '',
        opening_hours: input.openingHours ?? '',
        contact_name: input.contactName,
        contact_phone: input.contactPhone,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const serials = input.units ?? [];
    if (serials.length > 0) {
      const placed = await trx
        .updateTable('units')
        .set({ site_id: siteId, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('owner_party_id', '=', customerId)
        .where('serial', 'in', serials)
        .returning('serial')
        .execute();
      const missing = serials.filter((s) => !placed.some((p) => p.serial === s));
      if (missing.length > 0)
        throw invalid(
          missing.map((s) => ({
            path: '/body/units',
            message: `the customer has no unit ${s}`,
            messageZh: `该客户没有设备 ${s}`,
          })),
        );
    }
    // The contact's name and phone stay in the site row (privacy register), not in the record.
    await recordChange(deps, trx, actor, {
      type: 'site.recorded',
      subject: { type: 'party', id: customerId },
      payload: {
        siteId,
        name: input.name,
        district: input.district,
        territory: input.territory,
        latitude: input.latitude,
        longitude: input.longitude,
        units: serials,
      },
    });
  });
  return (await siteViews(deps.db, actor.tenantId, [siteId]))[0]!;
}
