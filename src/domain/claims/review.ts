/**
 * The brand's reviewer decides a claim's lines by hand: approve a line as claimed, reduce it to
 * an amount, or reject it, each with a reason and the clause it rests on. The terms' automatic
 * answer is a proposal: a reviewed line keeps it beside the reviewer's (`proposed`), so the
 * record shows what was overridden. Lines the reviewer leaves alone keep their answer.
 */

import { sumMinor, toMinor } from '../ledger/index.ts';
import type { ClaimDecision, ClaimOutcome, LineDecision, LineStatus } from './claim.ts';

export interface LineReview {
  /** The line's position in the decision, from 0. */
  line: number;
  status: LineStatus;
  /** For a reduced line: what is approved, decimal text in the claim's currency. */
  amount?: string | undefined;
  /** Why, in the reviewer's words. */
  reason: string;
  /** The clause the answer rests on (§5, §6.2 ...). */
  ref: string;
}

export interface ReviewProblem {
  path: string;
  message: { en: string; zh: string };
}

export type ReviewResult = { ok: true; decision: ClaimDecision } | { ok: false; problems: ReviewProblem[] };

export function reviewClaim(
  decision: ClaimDecision,
  reviews: readonly LineReview[],
  reviewer: { name: string; on: string },
): ReviewResult {
  const problems: ReviewProblem[] = [];
  const seen = new Set<number>();
  const byLine = new Map<number, LineDecision>();
  for (const [i, r] of reviews.entries()) {
    const at = `/body/lines/${i}`;
    const line = decision.lines[r.line];
    if (!line) {
      problems.push({
        path: `${at}/line`,
        message: {
          en: `The claim has lines 0 to ${decision.lines.length - 1}.`,
          zh: `该索赔的行号为 0 至 ${decision.lines.length - 1}。`,
        },
      });
      continue;
    }
    if (seen.has(r.line)) {
      problems.push({
        path: `${at}/line`,
        message: { en: `Line ${r.line} is reviewed twice.`, zh: `第 ${r.line} 行重复审核。` },
      });
      continue;
    }
    seen.add(r.line);
    let approvedMinor = r.status === 'approved' ? line.amountMinor : 0;
    if (r.status === 'reduced') {
      if (r.amount === undefined) {
        problems.push({
          path: `${at}/amount`,
          message: { en: 'A reduced line needs the amount approved.', zh: '核减的行须填写批准金额。' },
        });
        continue;
      }
      try {
        approvedMinor = toMinor(r.amount, decision.currency);
      } catch {
        problems.push({
          path: `${at}/amount`,
          message: {
            en: `"${r.amount}" is not an amount in ${decision.currency}.`,
            zh: `“${r.amount}”不是有效的 ${decision.currency} 金额。`,
          },
        });
        continue;
      }
      if (approvedMinor <= 0 || approvedMinor >= line.amountMinor) {
        problems.push({
          path: `${at}/amount`,
          message: {
            en: 'A reduced amount is more than nothing and less than claimed (approve or reject otherwise).',
            zh: '核减金额须大于零且小于申请金额（否则请批准或拒绝）。',
          },
        });
        continue;
      }
    } else if (r.amount !== undefined) {
      problems.push({
        path: `${at}/amount`,
        message: {
          en: 'Only a reduced line takes an amount: an approved line is paid as claimed, a rejected one not at all.',
          zh: '只有核减的行填写金额：批准按申请金额，拒绝为零。',
        },
      });
      continue;
    }
    const original = line.proposed ?? {
      status: line.status,
      approvedMinor: line.approvedMinor,
      ref: line.ref,
      reason: line.reason,
    };
    byLine.set(r.line, {
      ...line,
      status: r.status,
      approvedMinor,
      ref: r.ref,
      reason: 'reviewer_decision',
      explanation: { en: r.reason, zh: r.reason },
      proposed: original,
      reviewed: { by: reviewer.name, on: reviewer.on },
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const lines = decision.lines.map((l, i) => byLine.get(i) ?? l);
  const approvedMinor = sumMinor(lines.map((l) => l.approvedMinor));
  const outcome: ClaimOutcome =
    lines.length > 0 && lines.every((l) => l.status === 'approved')
      ? 'approved'
      : approvedMinor > 0
        ? 'partly_approved'
        : 'rejected';
  const cites = [...new Set(lines.map((l) => l.ref).filter((r): r is string => r !== null))];
  return { ok: true, decision: { ...decision, lines, approvedMinor, outcome, cites } };
}
