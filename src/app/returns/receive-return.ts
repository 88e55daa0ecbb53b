import type { Actor } from '../../domain/access/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { type AttachmentInput, storeAttachments } from '../files/index.ts';
import { changedOnce } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleReturn, type ReturnView, toReturnView } from './return-view.ts';

export interface InspectionInput {
  receivedQuantity: number;
  damagedQuantity: number;
  findings: string;
  packagingOriginal?: boolean | undefined;
  photos?: AttachmentInput[] | undefined;
}

/** The returned goods arrive and are inspected: quantities, findings and photos, on the record. */
export async function receiveReturn(
  deps: AppDeps,
  actor: Actor,
  returnId: string,
  input: InspectionInput,
): Promise<ReturnView> {
  requireStaffWriter(actor);
  const row = await loadVisibleReturn(deps.db, actor, returnId);
  if (row.state !== 'approved' && row.state !== 'shipped') {
    throw new AppError('invalid_transition', {
      detail: {
        en: `Only an approved or shipped return is received; this one is ${row.state}.`,
        zh: '只有已批准或已发货的退货可以收货。',
      },
    });
  }
  if (input.damagedQuantity > input.receivedQuantity) {
    throw invalid([{ path: '/body/damagedQuantity', message: 'more damaged than received' }]);
  }
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    const photos = await storeAttachments(deps, trx, actor.tenantId, input.photos ?? [], '/body/photos');
    const inspection = {
      receivedQuantity: input.receivedQuantity,
      damagedQuantity: input.damagedQuantity,
      findings: input.findings,
      packagingOriginal: input.packagingOriginal ?? null,
      photos,
    };
    await trx
      .updateTable('returns')
      .set({ state: 'received', received_at: now, inspection: JSON.stringify(inspection), updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('return_id', '=', returnId)
      .where('state', '=', row.state)
      .execute()
      .then(changedOnce);
    await recordChange(deps, trx, actor, {
      type: 'return.received',
      subject: { type: 'case', id: row.case_id },
      payload: { return: row.number, inspection },
      blobs: photos.map((p) => p.sha256),
    });
  });
  return toReturnView(deps.db, actor, returnId, now);
}
