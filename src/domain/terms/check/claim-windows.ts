/**
 * Claim windows: a window to submit a warranty claim (or to report a defective part) shorter than
 * the work plus the time to gather the evidence it asks for.
 */
import { type Agreement, refOf } from '../agreement.ts';
import { CLAIM_EVIDENCE_LABELS } from '../labels.ts';
import { add, type Ctx, keyName, nameOf, refsOf } from './context.ts';
import { seconds } from './durations.ts';
import type { Text } from './finding.ts';
import { EVIDENCE_LEAD_TIME } from './options.ts';
import { hoursText, human, list, listZh, t } from './texts.ts';

const WINDOW_TEXT: Record<string, Text> = {
  'compensation.claims.submit_within': t('Its window to submit a warranty claim', '其保修索赔提交期限'),
  'returns.defective_parts.report_within': t('Its window to report a defective part', '其故障件报告期限'),
};

export function checkClaimWindows(ctx: Ctx, a: Agreement): void {
  const windows: [string, string | undefined, string[] | undefined, string | undefined][] = [
    [
      'compensation.claims.submit_within',
      a.compensation?.claims?.submit_within,
      a.compensation?.claims?.evidence,
      a.compensation?.claims?.ref ?? a.compensation?.ref,
    ],
    [
      'returns.defective_parts.report_within',
      a.returns?.defective_parts?.report_within,
      a.returns?.defective_parts?.evidence,
      a.returns?.defective_parts?.ref ?? a.returns?.ref,
    ],
  ];
  for (const [field, within, evidence, ref] of windows) {
    if (!within || !evidence?.length) continue;
    const gather = Math.max(...evidence.map((e) => seconds(EVIDENCE_LEAD_TIME[e] ?? 'P3D')));
    const work = Math.max(
      0,
      ...(a.service_levels ?? []).flatMap((s) =>
        Object.values(s.targets ?? {}).map((v) => (v?.resolution ? seconds(v.resolution) : 0)),
      ),
    );
    const needed = gather + work;
    if (seconds(within) >= needed) continue;
    const what = WINDOW_TEXT[field]!;
    const proof = evidence.map((e) => keyName(CLAIM_EVIDENCE_LABELS, e));
    add(ctx, {
      code: 'claims.window_too_short',
      severity: 'medium',
      group: 'partners',
      agreements: [refOf(a)],
      refs: refsOf(a, ref),
      message: t(
        `${nameOf(a)}: ${what.en.charAt(0).toLowerCase()}${what.en.slice(1)} is ${human(within).en}, but finishing the work and gathering ${list(proof.map((p) => p.en))} takes about ${hoursText(needed).en}: valid claims will be late.`,
        `${nameOf(a)}：${what.zh}为 ${human(within).zh}，但完成维修并收集${listZh(proof.map((p) => p.zh))}约需 ${hoursText(needed).zh}：合理的索赔也会逾期。`,
      ),
      fix: t(
        `Allow at least ${hoursText(needed).en}, counted from the end of the repair.`,
        `至少给予 ${hoursText(needed).zh}，自维修完成起算。`,
      ),
      details: { field, window: within, needed_seconds: needed },
    });
  }
}
