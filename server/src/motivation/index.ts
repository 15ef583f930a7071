import { DevelopmentPlan, SkillAssessment, Training } from './development.entity.js';
import { Expectation } from './expectation.entity.js';
import { Feedback } from './feedback.entity.js';
import { Milestone } from './milestone.entity.js';
import { Recognition } from './recognition.entity.js';

/** Motivation and performance: expectations, feedback, recognitions, milestones, leaderboard, development (DOMAIN.md §6). */
export const motivationEntities = [Expectation, Feedback, Recognition, Milestone, SkillAssessment, Training, DevelopmentPlan];
export const motivationResolvers = [] as const;
