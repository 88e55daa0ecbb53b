import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import type { SiteInput } from './create-site.ts';
import { forbidden, isStaff, loadSite } from './field-access.ts';
import { type SiteView, siteViews } from './site-view.ts';

export type SiteChanges = Partial<Omit<SiteInput, 'customer' | 'units'>> & { units?: string[] | undefined };

/**
 * Changes a site (the customer its own in the portal, or service staff): address, contact,
 * access notes, opening hours; `units` replaces the customer's units standing there. Recorded.
 */
export async function updateSite(
  deps: AppDeps,
  actor: Actor,
  siteId: string,
  changes: SiteChanges,
): Promise<SiteView> {
  const site = await loadSite(deps.db, actor, siteId);
  const own = actor.role === 'customer' && site.customer_party_id === actor.partyId;
  if (!own && !(isStaff(actor) && ['admin', 'manager', 'agent'].includes(actor.role)))
    throw forbidden(
      'Only the customer or service staff change a site.',
      '只有客户或服务人员可以修改服务地点。',
    );
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('sites')
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.addressZh !== undefined && { address_zh: changes.addressZh }),
        ...(changes.addressEn !== undefined && { address_en: changes.addressEn }),
        ...(changes.district !== undefined && { district: changes.district }),
        ...(changes.territory !== undefined && { territory: changes.territory }),
        ...(changes.latitude !== undefined && { latitude: changes.latitude }),
        ...(changes.longitude !== undefined && { longitude: changes.longitude }),
        ...(changes.accessNotes !== undefined && { access_notes: changes.accessNotes }),
        ...(changes.openingHours !== undefined && { opening_hours: changes.openingHours }),
        ...(changes.contactName !== undefined && { contact_name: changes.contactName }),
        ...(changes.contactPhone !== undefined && { contact_phone: changes.contactPhone }),
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('site_id', '=', siteId)
      .execute();
    if (changes.units) {
      await trx
        .updateTable('units')
        .set({ site_id: null, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('site_id', '=', siteId)
        .execute();
      if (changes.units.length > 0)
        await trx
          .updateTable('units')
          .set({ site_id: siteId, updated_at: now })
          .where('tenant_id', '=', actor.tenantId)
          .where('owner_party_id', '=', site.customer_party_id)
          .where('serial', 'in', changes.units)
          .execute();
    }
    const { contactName: _n, contactPhone: _p, ...recorded } = changes;
    await recordChange(deps, trx, actor, {
      type: 'site.recorded',
      subject: { type: 'party', id: site.customer_party_id },
      payload: { siteId, changed: Object.keys(changes), ...recorded },
    });
  });
  return (await siteViews(deps.db, actor.tenantId, [siteId]))[0]!;
}
