import type { Label } from '../label.ts';
import type { EndKind } from './labels.ts';
import type { TreeNode, TroubleshootingTree } from './tree.ts';

/** One step of a walk, with the words shown, so the path reads the same after the tree changes. */
export interface WalkStep {
  node: string;
  question: Label;
  answer: number;
  answerLabel: Label;
}

export type StepOutcome =
  | { ok: true; step: WalkStep; next: string; node: TreeNode }
  | { ok: false; reason: 'not_a_question' | 'no_such_answer'; message: string };

/** Takes an answer at the node a walk stands on: the step to record and where it leads. */
export function answerAt(tree: TroubleshootingTree, at: string, answer: number): StepOutcome {
  const node = tree.nodes[at];
  if (node?.kind !== 'question')
    return {
      ok: false,
      reason: 'not_a_question',
      message: 'the walk has ended: there is no question to answer',
    };
  const chosen = Number.isInteger(answer) ? node.answers[answer] : undefined;
  if (!chosen)
    return {
      ok: false,
      reason: 'no_such_answer',
      message: `answer must be one of 0..${node.answers.length - 1}`,
    };
  return {
    ok: true,
    step: { node: at, question: node.question, answer, answerLabel: chosen.label },
    next: chosen.next,
    node: tree.nodes[chosen.next]!,
  };
}

/** The end a node is, if it is one. */
export function endOf(node: TreeNode | undefined): EndKind | null {
  return node?.kind === 'end' ? node.end : null;
}

/**
 * The questions and answers of a walk as lines a technician reads on the case, in one language:
 * "1. Is the condenser clean? — No, it is dusty".
 */
export function describeWalk(
  tree: Pick<TroubleshootingTree, 'title' | 'faultCode'>,
  steps: readonly WalkStep[],
  end: { kind: EndKind; text: Label; partCategory?: string | undefined } | null,
  lang: keyof Label,
): string {
  const zh = lang === 'zh';
  const head = zh
    ? `故障排查向导“${tree.title.zh}”（故障代码 ${tree.faultCode}）已走过的步骤：`
    : `Troubleshooting guide “${tree.title.en}” (fault code ${tree.faultCode}), steps taken:`;
  const lines = steps.map((s, i) => `${i + 1}. ${s.question[lang]} — ${s.answerLabel[lang]}`);
  const tail = end ? [zh ? `结论：${end.text.zh}` : `Outcome: ${end.text.en}`] : [];
  return [head, ...lines, ...tail].join('\n');
}
