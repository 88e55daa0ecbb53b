import type { Insertable } from 'kysely';
import { triggerInWords } from '../../domain/case/labels.ts';
import type { EscalationRule, EscalationWhen } from '../../domain/terms/index.ts';
import { ESCALATION_LEVEL_LABELS } from '../../domain/terms/labels.ts';
import { duration, fixedSeconds } from '../../domain/time/index.ts';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { type Change, type ChangeAuthor, recordChange } from '../evidence/index.ts';
import type { Tx } from '../transaction.ts';

export interface EscalationRaise {
  caseId: string;
  caseNumber: string;
  agreement: { id: string; version: number; ref: string | null };
  rule: EscalationRule;
  /** What raised it, in the rule's own words. */
  trigger: EscalationWhen;
}

/** What raising an escalation writes: its row, its evidence entry, and the message to the people of its level. */
export interface EscalationWrites {
  row: Insertable<Database['escalations']>;
  change: Change;
  message: Insertable<Database['outbox']>;
}

/**
 * The rows and the entry an escalation is raised with, made without touching the database: `act_within`
 * counts wall time from now (an escalation is for people who act at once, whatever the office hours).
 */
export function escalationWrites(
  deps: Pick<AppDeps, 'now' | 'newId'>,
  author: ChangeAuthor,
  raise: EscalationRaise,
): EscalationWrites {
  const now = deps.now();
  const actBy = raise.rule.act_within
    ? new Date(now.getTime() + fixedSeconds(duration(raise.rule.act_within)) * 1000)
    : null;
  const escalationId = deps.newId();
  // People read the trigger and the level in words, never the rule's keys.
  const trigger = triggerInWords(raise.trigger as Record<string, unknown>);
  const level = ESCALATION_LEVEL_LABELS[raise.rule.level];
  return {
    row: {
      tenant_id: author.tenantId,
      escalation_id: escalationId,
      case_id: raise.caseId,
      level: raise.rule.level,
      trigger: JSON.stringify(raise.trigger),
      agreement_id: raise.agreement.id,
      agreement_version: raise.agreement.version,
      ref: raise.rule.ref ?? raise.agreement.ref,
      act_within: raise.rule.act_within ?? null,
      act_by: actBy,
      state: 'open',
      raised_at: now,
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
      resolved_by: null,
      resolution: null,
    },
    change: {
      type: 'case.escalated',
      subject: { type: 'case', id: raise.caseId },
      payload: {
        escalationId,
        level: raise.rule.level,
        trigger: raise.trigger,
        agreement: `${raise.agreement.id}@${raise.agreement.version}`,
        ref: raise.rule.ref ?? raise.agreement.ref,
        actBy: actBy?.toISOString() ?? null,
      },
    },
    message: {
      tenant_id: author.tenantId,
      message_id: deps.newId(),
      kind: 'escalation_raised',
      recipient_party_id: null,
      recipient_role: raise.rule.level,
      subject_en: `Case ${raise.caseNumber} escalated to ${level.en.toLowerCase()} (${trigger.en})`,
      subject_zh: `服务单 ${raise.caseNumber} 已升级至${level.zh}（${trigger.zh}）`,
      payload: JSON.stringify({
        escalationId,
        caseId: raise.caseId,
        level: raise.rule.level,
        actBy: actBy?.toISOString() ?? null,
      }),
      created_at: now,
      sent_at: null,
    },
  };
}

/**
 * Raises an escalation from a rule of the terms, once per case, rule and trigger: recorded on
 * the evidence record and put in the outbox for the people of that level.
 */
export async function raiseEscalation(
  deps: Pick<AppDeps, 'now' | 'newId'>,
  trx: Tx,
  author: ChangeAuthor,
  raise: EscalationRaise,
): Promise<boolean> {
  const writes = escalationWrites(deps, author, raise);
  const inserted = await trx
    .insertInto('escalations')
    .values(writes.row)
    .onConflict((oc) => oc.doNothing())
    .returning('escalation_id')
    .executeTakeFirst();
  if (!inserted) return false;
  await recordChange(deps, trx, author, writes.change);
  await trx.insertInto('outbox').values(writes.message).execute();
  return true;
}
