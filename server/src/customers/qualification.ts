import { badInput } from '../errors.js';
import { QualificationOutcome } from './enums.js';

/**
 * Lead qualification against the sales criteria (docs/domain.md §5), BANT style. Each criterion is scored
 * 0–3: 0 absent, 1 weak, 2 partly confirmed, 3 confirmed. A lead QUALIFIES when the total of the four
 * scores reaches QUALIFICATION_THRESHOLD (8 of 12) AND no criterion scores 0 — a lead without any
 * budget, authority, need or timeline is not worth a field visit however strong the rest is.
 * Otherwise it is DISQUALIFIED, and every reason is kept.
 */
export const QUALIFICATION_THRESHOLD = 8;
export const MAX_CRITERION_SCORE = 3;

export const CRITERIA = {
  budget: 'budget',
  authority: 'authority',
  need: 'need',
  timeline: 'timeline',
} as const;

export type Criterion = keyof typeof CRITERIA;
export type Scores = Record<Criterion, number>;

export interface Qualification {
  score: number;
  threshold: number;
  outcome: QualificationOutcome;
  reasons: string[];
}

export function checkScores(scores: Scores): Scores {
  for (const criterion of Object.keys(CRITERIA) as Criterion[]) {
    const value = scores[criterion];
    if (!Number.isInteger(value) || value < 0 || value > MAX_CRITERION_SCORE) {
      throw badInput(criterion, 'score-range', `must be an integer from 0 to ${MAX_CRITERION_SCORE}, got ${value}`);
    }
  }
  return scores;
}

export function qualify(scores: Scores): Qualification {
  checkScores(scores);
  const criteria = Object.keys(CRITERIA) as Criterion[];
  const score = criteria.reduce((sum, c) => sum + scores[c], 0);
  const reasons = criteria.filter((c) => scores[c] === 0).map((c) => `${c} scored 0`);
  if (score < QUALIFICATION_THRESHOLD) reasons.unshift(`total ${score} is below the threshold of ${QUALIFICATION_THRESHOLD}`);
  return {
    score,
    threshold: QUALIFICATION_THRESHOLD,
    outcome: reasons.length ? QualificationOutcome.DISQUALIFIED : QualificationOutcome.QUALIFIED,
    reasons,
  };
}
