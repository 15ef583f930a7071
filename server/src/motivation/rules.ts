/** Rules of feedback, recognition, development and expectations as they appear in `extensions.rule`; see ../rules.ts. */
export const MOTIVATION_RULES = {
  acknowledged: 'The feedback was already acknowledged.',
  completed: 'The training or development plan is already completed.',
  'improvement-of-member': 'A development plan refers to feedback that is not IMPROVEMENT feedback of its member.',
  'member-deal': 'The deal named belongs to another member.',
  'member-goal': 'The goal named is not a goal of the member.',
} as const;
