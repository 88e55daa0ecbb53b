export { averageScore, checkAnswer, MAX_COMMENT, SCORE_LABELS } from './survey.ts';
