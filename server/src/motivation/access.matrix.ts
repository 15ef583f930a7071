import {
  ADMIN_ONLY,
  CARD_READERS,
  MEMBER_RECORD_WRITERS,
  STAFF,
  TEAM_MANAGERS,
  type MatrixHelpers,
  type MatrixRow,
} from '../testing/access-matrix.js';
import { inDays, matrixPeriod } from '../testing/matrix-records.js';

/**
 * Authorization matrix rows of motivation and performance (docs/motivation.md):
 * - the leaderboard of a team is on its card (teammates, managers above, analysts, admins, card tokens);
 * - expectations are read by every member; team overrides are set by the managers above the team,
 *   organisation defaults by admins;
 * - feedback, skills, trainings and plans are given by the managers above the member and admins, never
 *   to oneself; only the member acknowledges their feedback; the member or a manager above completes a training;
 * - a recognition (without reward) by anyone who sees the member on a card, except the member.
 */

/** Records of a member that the managers above them and admins write, never the member themselves. */
const ABOVE_THE_MEMBER: MatrixRow['allowed'] = { ADMIN: true, MANAGER: ['subtree'] };

let serial = 0;

const newFeedback = async (h: MatrixHelpers, memberId: string) =>
  (
    await h.admin<{ giveFeedback: { id: string } }>(`mutation($i: GiveFeedbackInput!) { giveFeedback(input: $i) { id } }`, {
      i: { memberId, kind: 'NOTE', text: 'Итоги встречи один на один' },
    })
  ).giveFeedback.id;

const newTraining = async (h: MatrixHelpers, memberId: string) =>
  (
    await h.admin<{ planTraining: { id: string } }>(`mutation($i: PlanTrainingInput!) { planTraining(input: $i) { id } }`, {
      i: { memberId, title: 'SPIN-продажи', plannedOn: inDays(-1) },
    })
  ).planTraining.id;

const newPlan = async (h: MatrixHelpers, memberId: string) =>
  (
    await h.admin<{ createDevelopmentPlan: { id: string } }>(
      `mutation($i: CreateDevelopmentPlanInput!) { createDevelopmentPlan(input: $i) { id } }`,
      {
        i: { memberId, area: 'Квалификация лидов', actions: 'Разбор трёх сделок с руководителем', dueDate: inDays(30) },
      },
    )
  ).createDevelopmentPlan.id;

const teamExpectation = async (h: MatrixHelpers, teamId: string) =>
  (
    await h.admin<{ setExpectation: { id: string } }>(`mutation($i: SetExpectationInput!) { setExpectation(input: $i) { id } }`, {
      i: { role: 'SUPPORT', kpi: 'ACTIVITIES_PER_WEEK', target: '12', teamId },
    })
  ).setExpectation.id;

export const rows: MatrixRow[] = [
  {
    operation: 'leaderboard',
    target: 'team',
    document: `query($t: ID!, $p: ID!) { leaderboard(teamId: $t, periodId: $p, metric: REVENUE) { totalCount entries { rank } } }`,
    variables: async (t, h) => ({ t: t.teamId, p: await matrixPeriod(h) }),
    allowed: CARD_READERS,
  },
  { operation: 'expectations', target: 'none', document: `{ expectations { id kpi target } }`, allowed: STAFF },
  {
    operation: 'setExpectation',
    target: 'team',
    document: `mutation($i: SetExpectationInput!) { setExpectation(input: $i) { id } }`,
    variables: (t) => ({ i: { role: 'REP', kpi: 'DEALS_WON', target: String(3 + (serial++ % 5)), teamId: t.teamId } }),
    allowed: TEAM_MANAGERS,
  },
  {
    operation: 'setExpectation',
    target: 'none',
    document: `mutation($i: SetExpectationInput!) { setExpectation(input: $i) { id } }`,
    variables: () => ({ i: { role: 'REP', kpi: 'WIN_RATE', target: String(30 + (serial++ % 5)) } }),
    allowed: ADMIN_ONLY,
  },
  {
    operation: 'removeExpectation',
    target: 'team',
    document: `mutation($id: ID!) { removeExpectation(id: $id) }`,
    variables: async (t, h) => ({ id: await teamExpectation(h, t.teamId) }),
    allowed: TEAM_MANAGERS,
  },
  {
    operation: 'giveFeedback',
    target: 'member',
    document: `mutation($i: GiveFeedbackInput!) { giveFeedback(input: $i) { id } }`,
    variables: (t) => ({ i: { memberId: t.memberId, kind: 'PRAISE', text: 'Отличная подготовка к встрече' } }),
    allowed: ABOVE_THE_MEMBER,
  },
  {
    operation: 'acknowledgeFeedback',
    target: 'member',
    document: `mutation($id: ID!) { acknowledgeFeedback(id: $id) { id acknowledgedAt } }`,
    variables: async (t, h) => ({ id: await newFeedback(h, t.memberId) }),
    allowed: { MANAGER: ['own'], REP: ['own'] },
  },
  {
    operation: 'giveRecognition',
    target: 'member',
    document: `mutation($i: GiveRecognitionInput!) { giveRecognition(input: $i) { id } }`,
    variables: (t) => ({ i: { memberId: t.memberId, reason: 'Помог коллеге закрыть сделку' } }),
    allowed: { ADMIN: true, MANAGER: ['subtree'] },
  },
  {
    operation: 'assessSkill',
    target: 'member',
    document: `mutation($i: AssessSkillInput!) { assessSkill(input: $i) { id } }`,
    variables: (t) => ({ i: { memberId: t.memberId, skill: 'Переговоры', level: 3 } }),
    allowed: ABOVE_THE_MEMBER,
  },
  {
    operation: 'planTraining',
    target: 'member',
    document: `mutation($i: PlanTrainingInput!) { planTraining(input: $i) { id } }`,
    variables: (t) => ({ i: { memberId: t.memberId, title: 'Работа с возражениями', plannedOn: inDays(14) } }),
    allowed: ABOVE_THE_MEMBER,
  },
  {
    operation: 'completeTraining',
    target: 'member',
    document: `mutation($id: ID!) { completeTraining(id: $id) { id status } }`,
    variables: async (t, h) => ({ id: await newTraining(h, t.memberId) }),
    allowed: MEMBER_RECORD_WRITERS,
  },
  {
    operation: 'createDevelopmentPlan',
    target: 'member',
    document: `mutation($i: CreateDevelopmentPlanInput!) { createDevelopmentPlan(input: $i) { id } }`,
    variables: (t) => ({
      i: { memberId: t.memberId, area: 'Прогнозирование', actions: 'Еженедельный разбор воронки', dueDate: inDays(60) },
    }),
    allowed: ABOVE_THE_MEMBER,
  },
  {
    operation: 'completeDevelopmentPlan',
    target: 'member',
    document: `mutation($id: ID!) { completeDevelopmentPlan(id: $id) { id status } }`,
    variables: async (t, h) => ({ id: await newPlan(h, t.memberId) }),
    allowed: ABOVE_THE_MEMBER,
  },
];
