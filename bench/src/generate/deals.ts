import type { Cell } from './copy.js';
import type { MemberPlan } from './organisation.js';
import type { Random } from '@sales-graph/server/random';

/** Stage ids as the generator inserts them (see STAGES in main.ts), in process order. */
export const STAGE = { LEAD: 1, QUALIFIED: 2, PROPOSAL: 3, NEGOTIATION: 4, WON: 5, LOST: 6 } as const;
const OPEN = [STAGE.LEAD, STAGE.QUALIFIED, STAGE.PROPOSAL, STAGE.NEGOTIATION];
/** Days a deal stays in each open stage (min, max). */
const STAY: Record<number, [number, number]> = { 1: [2, 12], 2: [3, 18], 3: [5, 25], 4: [5, 30] };
export const WIN_RATE = 0.32;
/** Deals are created over the last two years. */
export const HISTORY_DAYS = 730;
const DAY = 86_400_000;
const WON_REASONS = ['Лучшее предложение по цене', 'Сильная экспертиза', 'Быстрое внедрение'];
const LOST_REASONS = ['Выбрали конкурента', 'Нет бюджета', 'Проект отложен', 'Не прошли по требованиям'];
const KINDS = ['CALL', 'EMAIL', 'MEETING', 'NOTE'];
const SUBJECTS = ['Первичный звонок', 'Отправлено КП', 'Встреча с ЛПР', 'Уточнение требований', 'Согласование договора'];

export const DEAL_COLUMNS = [
  'id',
  'title',
  'owner_id',
  'team_id',
  'stage_id',
  'status',
  'amount',
  'expected_close_date',
  'close_date',
  'close_reason',
  'created_at',
  'updated_at',
  'version',
  'account_id',
  'channel_id',
  'furthest_stage_id',
  'stage_entered_at',
];
export const CHANGE_COLUMNS = [
  'id',
  'deal_id',
  'team_id',
  'deal_created_at',
  'from_stage_id',
  'to_stage_id',
  'changed_at',
  'changed_by_id',
  'from_entered_at',
  'note',
];
export const INTERACTION_COLUMNS = ['id', 'kind', 'customer_id', 'deal_id', 'member_id', 'occurred_at', 'subject'];

export interface DealBatch {
  deals: Cell[][];
  changes: Cell[][];
  interactions: Cell[][];
}

export interface DealContext {
  random: Random;
  now: number;
  reps: MemberPlan[];
  customersOfRep: (rep: MemberPlan) => number;
  channels: number;
  nextChangeId: number;
  nextInteractionId: number;
}

const iso = (t: number) => new Date(t).toISOString();
const day = (t: number) => iso(t).slice(0, 10);

/** Amount in kopecks, log-uniform between 50 thousand and 5 million rubles. */
function amount(random: Random): string {
  const rubles = Math.exp(random.uniform(Math.log(50_000), Math.log(5_000_000)));
  const kopecks = Math.round(rubles * 100);
  return `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;
}

/** Deals `from`..`to`-1 (ids from+1…), each walking the stages until it is won, lost or still open today. */
export function dealBatch(ctx: DealContext, from: number, to: number): DealBatch {
  const { random, now } = ctx;
  const batch: DealBatch = { deals: [], changes: [], interactions: [] };
  for (let index = from; index < to; index += 1) {
    const id = index + 1;
    const owner = ctx.reps[Math.floor(random.next() * ctx.reps.length)];
    const customer = ctx.customersOfRep(owner);
    const createdAt = now - random.uniform(0.02, HISTORY_DAYS) * DAY;
    const win = random.chance(WIN_RATE);
    const lastOpen = win ? OPEN.length - (random.chance(0.12) ? 2 : 1) : random.int(0, OPEN.length - 1);
    const first = lastOpen > 0 && random.chance(0.2) ? 1 : 0;
    const steps: { stage: number; at: number }[] = [];
    let t = createdAt;
    let planned = 0;
    for (let i = first; i <= lastOpen; i += 1) planned += (STAY[OPEN[i]][0] + STAY[OPEN[i]][1]) / 2;
    let closed = false;
    for (let i = first; i <= lastOpen + 1 && t <= now; i += 1) {
      if (i === lastOpen + 1) {
        steps.push({ stage: win ? STAGE.WON : STAGE.LOST, at: t });
        closed = true;
        break;
      }
      steps.push({ stage: OPEN[i], at: t });
      const [lo, hi] = STAY[OPEN[i]];
      t += random.uniform(lo, hi) * DAY;
    }
    const current = steps[steps.length - 1];
    const furthest = steps.filter((s) => s.stage <= STAGE.NEGOTIATION).reduce((a, b) => (b.stage > a.stage ? b : a)).stage;
    let expected = createdAt + (planned + random.uniform(-10, 15)) * DAY;
    if (!closed && expected < now + 5 * DAY) expected = now + random.int(7, 100) * DAY;
    if (expected < createdAt) expected = createdAt;
    const status = closed ? (win ? 'WON' : 'LOST') : 'OPEN';
    batch.deals.push([
      id,
      `Сделка ${id}`,
      owner.id,
      owner.teamId,
      current.stage,
      status,
      amount(random),
      day(expected),
      closed ? day(current.at) : null,
      closed ? random.pick(win ? WON_REASONS : LOST_REASONS) : null,
      iso(createdAt),
      iso(current.at),
      steps.length,
      customer,
      random.int(1, ctx.channels),
      furthest,
      iso(current.at),
    ]);
    steps.forEach((step, i) => {
      const previous = i ? steps[i - 1] : null;
      batch.changes.push([
        ctx.nextChangeId++,
        id,
        owner.teamId,
        iso(createdAt),
        previous?.stage ?? null,
        step.stage,
        iso(step.at),
        owner.id,
        previous ? iso(previous.at) : null,
        null,
      ]);
    });
    const touches = random.int(0, 3);
    for (let i = 0; i < touches; i += 1) {
      const at = createdAt + random.next() * (current.at - createdAt);
      batch.interactions.push([ctx.nextInteractionId++, random.pick(KINDS), customer, id, owner.id, iso(at), random.pick(SUBJECTS)]);
    }
  }
  return batch;
}
