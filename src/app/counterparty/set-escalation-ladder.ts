import type { Actor } from '../../domain/access/index.ts';
import type { LadderLevel } from '../../domain/counterparty/index.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { escalationLadderView } from './escalation-ladder.ts';
import { counterpartyByKey, requireStaffWriter } from './support.ts';

export interface LadderContactInput {
  level: LadderLevel;
  name: string;
  title: string;
  email?: string | undefined;
  phone?: string | undefined;
  languages?: string[] | undefined;
}

/** PUT /counterparties/:party/escalation-ladder: replaces the ladder's contacts, in the order given. */
export async function setEscalationLadder(
  deps: AppDeps,
  actor: Actor,
  partyKey: string,
  contacts: readonly LadderContactInput[],
) {
  requireStaffWriter(actor);
  const cp = await counterpartyByKey(deps, actor, partyKey);
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .deleteFrom('escalation_contacts')
      .where('tenant_id', '=', actor.tenantId)
      .where('party_id', '=', cp.party.party_id)
      .execute();
    if (contacts.length > 0) {
      await trx
        .insertInto('escalation_contacts')
        .values(
          contacts.map((c, position) => ({
            tenant_id: actor.tenantId,
            party_id: cp.party.party_id,
            position,
            level: c.level,
            name: c.name,
            title: c.title,
            email: c.email ?? null,
            phone: c.phone ?? null,
            languages: c.languages ?? [],
            updated_by: actor.userId,
            updated_at: now,
          })),
        )
        .execute();
    }
    await recordChange(deps, trx, actor, {
      type: 'party.escalation_ladder_set',
      subject: { type: 'party', id: cp.party.party_id },
      // Roles only: the names, addresses and phones of the counterparty's people stay in the table
      // (the register's escalation_contacts rows), out of the append-only record.
      payload: { party: cp.party.key, contacts: contacts.map((c) => ({ level: c.level, title: c.title })) },
    });
  });
  return escalationLadderView(deps, actor, partyKey);
}
