export type { CounterpartySide, FigureKey, LadderLevel, ResponseOutcome } from './labels.ts';
export {
  COUNTERPARTY_SIDE_LABELS,
  COUNTERPARTY_WORDS,
  FIGURES,
  LADDER_LEVEL_LABELS,
  LADDER_LEVELS,
} from './labels.ts';
export type { LadderContact, LevelTrigger, Standing, StandingFacts } from './ladder.ts';
export { ladderStanding, ladderTriggers } from './ladder.ts';
export type { FigureComparison, Figures, Period, Scorecard, ScorecardFacts } from './scorecard.ts';
export {
  compareFigures,
  median,
  previousPeriod,
  quarterPeriod,
  recoveryRate,
  responseOutcome,
  scorecard,
} from './scorecard.ts';
