import { DevelopmentPlan, SkillAssessment, Training } from './development.entity.js';
import {
  DevelopmentPlanResolver,
  DevelopmentResolver,
  MemberDevelopmentResolver,
  SkillAssessmentResolver,
} from './development.resolver.js';
import { Expectation } from './expectation.entity.js';
import { ExpectationResolver } from './expectation.resolver.js';
import { Feedback } from './feedback.entity.js';
import { FeedbackResolver, MemberFeedbackResolver } from './feedback.resolver.js';
import { LeaderboardEntryResolver, LeaderboardResolver } from './leaderboard.resolver.js';
import { Milestone } from './milestone.entity.js';
import { MemberMilestonesResolver, MilestoneResolver, TeamMilestonesResolver } from './milestone.resolver.js';
import { MemberPerformanceResolver, PerformanceResolver, TrendPointResolver } from './performance.resolver.js';
import { Recognition } from './recognition.entity.js';
import { MemberRecognitionsResolver, RecognitionResolver, TeamRecognitionsResolver } from './recognition.resolver.js';

/** Motivation and performance: expectations, feedback, recognitions, milestones, leaderboard, development (docs/domain.md §6). */
export const motivationEntities = [Expectation, Feedback, Recognition, Milestone, SkillAssessment, Training, DevelopmentPlan];
export const motivationResolvers = [
  ExpectationResolver,
  MemberPerformanceResolver,
  PerformanceResolver,
  TrendPointResolver,
  FeedbackResolver,
  MemberFeedbackResolver,
  RecognitionResolver,
  MemberRecognitionsResolver,
  TeamRecognitionsResolver,
  MilestoneResolver,
  MemberMilestonesResolver,
  TeamMilestonesResolver,
  LeaderboardResolver,
  LeaderboardEntryResolver,
  DevelopmentResolver,
  MemberDevelopmentResolver,
  SkillAssessmentResolver,
  DevelopmentPlanResolver,
] as const;
