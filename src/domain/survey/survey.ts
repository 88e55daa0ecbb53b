import type { Label } from '../label.ts';

/** The satisfaction scale: 1 (very dissatisfied) to 5 (very satisfied). */
export const SCORE_LABELS = {
  1: { en: 'Very dissatisfied', zh: '非常不满意' },
  2: { en: 'Dissatisfied', zh: '不满意' },
  3: { en: 'Neither', zh: '一般' },
  4: { en: 'Satisfied', zh: '满意' },
  5: { en: 'Very satisfied', zh: '非常满意' },
} as const satisfies Record<number, Label>;

export const MAX_COMMENT = 2000;

/** Checks an answer: a whole score 1-5 and an optional comment of bounded length. */
export function checkAnswer(
  score: unknown,
  comment: unknown,
): { ok: true; score: number; comment: string | null } | { ok: false; path: string; message: string } {
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 5)
    return { ok: false, path: '/body/score', message: 'score is a whole number from 1 to 5' };
  if (comment !== undefined && comment !== null && typeof comment !== 'string')
    return { ok: false, path: '/body/comment', message: 'comment is a text' };
  const text = typeof comment === 'string' ? comment.trim() : '';
  if (text.length > MAX_COMMENT)
    return { ok: false, path: '/body/comment', message: `comment is at most ${MAX_COMMENT} characters` };
  return { ok: true, score, comment: text === '' ? null : text };
}

/** Averages with one decimal, as a dashboard shows them; null for no answers. */
export function averageScore(total: number, answers: number): number | null {
  return answers === 0 ? null : Math.round((total / answers) * 10) / 10;
}
