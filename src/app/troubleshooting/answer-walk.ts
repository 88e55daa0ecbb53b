import type { Actor } from '../../domain/access/index.ts';
import { answerAt, describeWalk, type WalkStep } from '../../domain/troubleshooting/index.ts';
import { readJson } from '../../store/schema.ts';
import { openCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadTree } from './tree-store.ts';
import { loadVisibleWalk, toWalkView, type WalkView } from './walk-view.ts';

/**
 * Takes one answer of a walk. Reaching an end closes the walk. An end that needs a technician or
 * a part opens a case through the ordinary opening (the walk's unit and customer, the fault code,
 * the questions and answers in the description), unless the walk was made from a case; either way
 * the path goes on the case's evidence record. All in one transaction: no case without its walk.
 */
export async function answerWalk(
  deps: AppDeps,
  actor: Actor,
  walkId: string,
  input: { answer: number; expectedNode?: string | undefined },
): Promise<WalkView> {
  await inTransaction(deps, async (trx) => {
    const d: AppDeps = { ...deps, db: trx };
    const walk = await loadVisibleWalk(trx, actor, walkId);
    if (walk.outcome !== null) throw new AppError('walk_ended');
    // A second tab or a double click answering a question already passed: say so, change nothing.
    if (input.expectedNode !== undefined && input.expectedNode !== walk.at_node)
      throw new AppError('changed_meanwhile');
    const stored = await loadTree(trx, actor.tenantId, walk.tree_key, walk.tree_version);
    const taken = answerAt(stored.tree, walk.at_node, input.answer);
    if (!taken.ok) throw invalid([{ path: '/body/answer', message: taken.message }]);
    const steps: WalkStep[] = [...readJson(walk.steps), taken.step];
    const end = taken.node.kind === 'end' ? taken.node : null;
    const now = deps.now();
    let caseId = walk.case_id;
    let unitSerial: string | null = null;
    if (walk.unit_id) {
      const unit = await trx
        .selectFrom('units')
        .select('serial')
        .where('tenant_id', '=', actor.tenantId)
        .where('unit_id', '=', walk.unit_id)
        .executeTakeFirstOrThrow();
      unitSerial = unit.serial;
    }
    const endWords = end ? { kind: end.end, text: end.text, partCategory: end.partCategory } : null;
    if (end && end.end !== 'solved' && !caseId) {
      const customer = walk.customer_party_id
        ? await trx
            .selectFrom('parties')
            .select('key')
            .where('tenant_id', '=', actor.tenantId)
            .where('party_id', '=', walk.customer_party_id)
            .executeTakeFirst()
        : undefined;
      const partLine =
        end.end === 'part' && end.partCategory
          ? [`Part category: ${end.partCategory}`, `配件类别：${end.partCategory}`]
          : [];
      const opened = await openCase(
        d,
        actor,
        {
          kind: unitSerial ? 'repair' : 'inquiry',
          severity: 'normal',
          customer: customer?.key,
          serial: unitSerial ?? undefined,
          description: [
            `${stored.product.model} ${stored.tree.faultCode}: ${end.text.en}`,
            describeWalk(stored.tree, steps, endWords, 'en'),
            ...partLine,
            '',
            describeWalk(stored.tree, steps, endWords, 'zh'),
          ].join('\n'),
          channel: walk.channel === 'portal' ? 'portal' : 'phone',
        },
        trx,
      );
      caseId = opened.id;
    }
    await trx
      .updateTable('troubleshooting_walks')
      .set({
        steps: JSON.stringify(steps),
        at_node: taken.next,
        outcome: end?.end ?? null,
        ended_at: end ? now : null,
        case_id: caseId,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('walk_id', '=', walkId)
      .execute();
    if (end && caseId) {
      await recordChange(deps, trx, actor, {
        type: 'case.troubleshooting_walked',
        subject: { type: 'case', id: caseId },
        payload: {
          walkId,
          tree: { key: stored.key, version: stored.version, faultCode: stored.tree.faultCode },
          steps: steps.map((s) => ({ node: s.node, question: s.question, answer: s.answerLabel })),
          outcome: end.end,
          partCategory: end.partCategory ?? null,
          openedThisCase: caseId !== walk.case_id,
        },
      });
    }
  });
  return toWalkView(deps.db, actor, walkId);
}
